import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';

export const SESSION_COOKIE = 'quiz_session';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type SessionInstructor = { id: string; email: string; name: string };

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(db: Db, instructorId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { id: digest(token), instructorId, expiresAt } });
  return { token, expiresAt };
}

export async function findSessionInstructor(db: Db, token: string, now = new Date()): Promise<SessionInstructor | null> {
  const session = await db.session.findUnique({
    where: { id: digest(token) },
    include: { instructor: { select: { id: true, email: true, name: true } } },
  });
  if (!session || session.expiresAt <= now) return null;
  return session.instructor;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: digest(token) } });
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
