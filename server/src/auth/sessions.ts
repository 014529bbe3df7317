import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { InstructorRole, SessionSummary } from './account-types.ts';

export const SESSION_COOKIE = 'quiz_session';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** How stale a session's "last seen" may get before a request writes it again. */
const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

export type SessionInstructor = { id: string; email: string; name: string; role: InstructorRole };

/** A signed-in request's session: `id` is the token's hash (server side only), `publicId` what the instructor's list shows. */
export type CurrentSession = { id: string; publicId: string; instructor: SessionInstructor };

/** Where a session was opened from, as its owner sees it in the list. */
export type SessionOrigin = { userAgent?: string; address?: string };

/** SHA-256 of a random token: what is stored for a cookie or a link, never the token. */
export const digest = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

const instructorFields = { id: true, email: true, name: true, role: true } as const;

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(db: Db, instructorId: string, origin: SessionOrigin = {}, now = new Date()): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const id = digest(token);
  await db.session.create({
    data: { id, instructorId, expiresAt, lastSeenAt: now, userAgent: origin.userAgent?.slice(0, 300) || null, address: origin.address?.slice(0, 100) || null },
  });
  return { token, id, expiresAt };
}

/** The session of a cookie's token, if it exists, has not expired and its instructor is not disabled. */
export async function findSession(db: Db, token: string, now = new Date()): Promise<CurrentSession | null> {
  const session = await db.session.findUnique({
    where: { id: digest(token) },
    include: { instructor: { select: { ...instructorFields, disabledAt: true } } },
  });
  if (!session || session.expiresAt <= now || session.instructor.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const { disabledAt: _, ...instructor } = session.instructor;
  return { id: session.id, publicId: session.publicId, instructor };
}

/** Deletes the session of a token; its id, for ending its sockets, or null when there was none. */
export async function deleteSession(db: Db, token: string): Promise<string | null> {
  const id = digest(token);
  return (await db.session.deleteMany({ where: { id } })).count ? id : null;
}

/** Deletes an instructor's sessions (but `keep`, if given) in one statement; the ids deleted. */
export async function endSessions(db: Db, instructorId: string, keep: string | null = null): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    DELETE FROM "Session" WHERE "instructorId" = ${instructorId}::uuid AND (${keep}::text IS NULL OR id <> ${keep}::text) RETURNING id`;
  return rows.map((row) => row.id);
}

/** Deletes one of an instructor's sessions by the id their list shows; its id, or null when it is not theirs. */
export async function endSessionByPublicId(db: Db, instructorId: string, publicId: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    DELETE FROM "Session" WHERE "instructorId" = ${instructorId}::uuid AND "publicId" = ${publicId}::uuid RETURNING id`;
  return rows[0]?.id ?? null;
}

/** An instructor's sessions that have not expired, the most recently used first. */
export async function listSessions(db: Db, instructorId: string, currentId: string, now = new Date()): Promise<SessionSummary[]> {
  const sessions = await db.session.findMany({ where: { instructorId, expiresAt: { gt: now } }, orderBy: [{ lastSeenAt: 'desc' }, { createdAt: 'desc' }] });
  return sessions.map((s) => ({
    id: s.publicId,
    current: s.id === currentId,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    userAgent: s.userAgent,
    address: s.address,
  }));
}

/** Of these session ids, the ones still good (not deleted, not expired, instructor not disabled). */
export async function liveSessionIds(db: Db, ids: string[], now = new Date()): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.session.findMany({ where: { id: { in: ids }, expiresAt: { gt: now }, instructor: { disabledAt: null } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
