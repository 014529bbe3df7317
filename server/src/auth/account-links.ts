import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { AccountLinkInfo, PublicInstructor } from './account-types.ts';
import { clearPassword } from './accounts.ts';
import { hashPassword } from './passwords.ts';
import { digest, newToken } from './sessions.ts';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;

/** Where the web app opens a link's token. */
export const linkPath = (purpose: 'invite' | 'reset', token: string) => `/host/${purpose}/${token}`;

/**
 * An invitation for `email` (registration closed or not): a one-time link, valid 7 days, that
 * creates the account. Refused when the email already has one (the admin may know that).
 */
export async function createInvite(db: Db, adminId: string, email: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  if (await db.instructor.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError(409, 'EMAIL_TAKEN', 'An instructor with this email already exists.');
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  await db.accountLink.create({ data: { id: digest(token), purpose: 'invite', email, createdById: adminId, expiresAt } });
  return { token, expiresAt };
}

/**
 * A password reset by the admin: the password in use stops working and every session ends at
 * once (their ids are returned, to close their sockets); a one-time link, valid 24 hours, sets
 * a new one. Earlier reset links of that instructor stop working.
 */
export async function createReset(db: Db, adminId: string, instructor: PublicInstructor, now = new Date()): Promise<{ token: string; expiresAt: Date; ended: string[] }> {
  const ended = await clearPassword(db, instructor.id);
  await db.accountLink.deleteMany({ where: { instructorId: instructor.id, purpose: 'reset' } });
  const token = newToken();
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  await db.accountLink.create({ data: { id: digest(token), purpose: 'reset', email: instructor.email, instructorId: instructor.id, createdById: adminId, expiresAt } });
  return { token, expiresAt, ended };
}

const LINK_GONE = () => new AppError(404, 'LINK_INVALID', 'This link is not valid any more. Ask your admin for a new one.');

/** What a link is for, while it can still be used. */
export async function linkInfo(db: Db, token: string, now = new Date()): Promise<AccountLinkInfo> {
  const link = await db.accountLink.findUnique({ where: { id: digest(token) } });
  if (!link || link.expiresAt <= now) throw LINK_GONE();
  return { purpose: link.purpose, email: link.email, expiresAt: link.expiresAt };
}

/**
 * Uses a link once: an invitation creates the account (with `name`), a reset sets the password
 * (ending every session and forgetting trusted browsers). The link is deleted as it is used, so
 * two uses at once cannot both succeed.
 */
export async function useLink(db: Db, token: string, input: { name?: string; password: string }, now = new Date()): Promise<{ instructor: PublicInstructor; disabled: boolean; ended: string[] }> {
  const { purpose, email } = await linkInfo(db, token, now);
  if (purpose === 'invite' && !input.name) throw new AppError(400, 'VALIDATION_FAILED', 'name: required to accept an invitation');
  const passwordHash = await hashPassword(input.password);
  const fields = { id: true, email: true, name: true, role: true } as const;
  try {
    return await db.$transaction(async (tx) => {
      const link = await tx.accountLink.deleteMany({ where: { id: digest(token), expiresAt: { gt: now } } });
      if (!link.count) throw LINK_GONE();
      if (purpose === 'invite') {
        // There is an admin (they sent the invitation), so this is not the first instructor.
        return { instructor: await tx.instructor.create({ data: { email, name: input.name!, passwordHash }, select: fields }), disabled: false, ended: [] };
      }
      const { disabledAt, ...instructor } = await tx.instructor.update({ where: { email }, data: { passwordHash }, select: { ...fields, disabledAt: true } });
      await tx.trustedDevice.deleteMany({ where: { instructorId: instructor.id } });
      const ended = await tx.$queryRaw<{ id: string }[]>`DELETE FROM "Session" WHERE "instructorId" = ${instructor.id}::uuid RETURNING id`;
      return { instructor, disabled: disabledAt !== null, ended: ended.map((row) => row.id) };
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new AppError(409, 'EMAIL_TAKEN', 'An instructor with this email already exists. Sign in instead.');
    if ((error as { code?: string }).code === 'P2025') throw LINK_GONE();
    throw error;
  }
}

export async function deleteExpiredLinks(db: Db, now = new Date()): Promise<number> {
  return (await db.accountLink.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
