import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { NewInstructor } from './account-inputs.ts';
import type { InstructorSummary, PublicInstructor } from './account-types.ts';
import { forgetDevices } from './devices.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { endSessions } from './sessions.ts';

export { credentialsSchema, newInstructorSchema, type NewInstructor } from './account-inputs.ts';
export type { PublicInstructor } from './account-types.ts';

const publicFields = { id: true, email: true, name: true, role: true } as const;

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.instructor.count()) === 0;
}

// Serialises account creation where "the first" matters, so two requests cannot both be it.
const SETUP_LOCK_ID = 4_242_001;

/** Creates the first instructor, the admin; refused once any instructor exists. */
export async function createFirstInstructor(db: Db, input: NewInstructor): Promise<PublicInstructor> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_ID})`;
    if ((await tx.instructor.count()) > 0) {
      throw new AppError(409, 'ALREADY_SET_UP', 'The first instructor account already exists. Sign in instead.');
    }
    return tx.instructor.create({ data: { email: input.email, name: input.name, passwordHash, role: 'admin' }, select: publicFields });
  });
}

/**
 * Creates another instructor (an invitation, open registration or the command line); the first
 * one ever created becomes the admin.
 */
export async function createInstructor(db: Db, input: NewInstructor): Promise<PublicInstructor> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_ID})`;
      const role = (await tx.instructor.count()) === 0 ? 'admin' : 'instructor';
      return tx.instructor.create({ data: { email: input.email, name: input.name, passwordHash, role }, select: publicFields });
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError(409, 'EMAIL_TAKEN', 'An instructor with this email already exists.');
    }
    throw error;
  }
}

/**
 * Open registration: creates the account, or does nothing when the email already has one. The
 * caller answers the same either way (and the password is hashed either way), so registering
 * is no way to learn which emails have accounts.
 */
export async function registerInstructor(db: Db, input: NewInstructor): Promise<void> {
  await createInstructor(db, input).catch((error: unknown) => {
    if (!(error instanceof AppError && error.code === 'EMAIL_TAKEN')) throw error;
  });
}

/**
 * The instructor for these credentials (and whether an admin disabled them), or null; an unknown
 * email and a wrong password look alike and take as long.
 */
export async function authenticate(db: Db, email: string, password: string): Promise<{ instructor: PublicInstructor; disabled: boolean } | null> {
  const instructor = await db.instructor.findUnique({ where: { email } });
  const valid = await verifyPassword(instructor?.passwordHash ?? null, password);
  if (!valid || !instructor) return null;
  const { id, name, role, disabledAt } = instructor;
  return { instructor: { id, email: instructor.email, name, role }, disabled: disabledAt !== null };
}

/**
 * Sets a new password and ends every session but `keep`, and forgets the browsers trusted for
 * sign-in but `keepDevice`; the ids of the sessions ended (their sockets are to be closed).
 */
export async function setPassword(db: Db, instructorId: string, password: string, keep: { session?: string; device?: string } = {}): Promise<string[]> {
  const passwordHash = await hashPassword(password);
  await db.instructor.update({ where: { id: instructorId }, data: { passwordHash } });
  await forgetDevices(db, instructorId, keep.device);
  return endSessions(db, instructorId, keep.session ?? null);
}

/** The password in use checked first: false when it was wrong (nothing changed). */
export async function passwordMatches(db: Db, instructorId: string, password: string): Promise<boolean> {
  const instructor = await db.instructor.findUnique({ where: { id: instructorId }, select: { passwordHash: true } });
  return verifyPassword(instructor?.passwordHash ?? null, password);
}

/** A password that matches nothing: a reset in progress, until the link sets a new one. */
export async function clearPassword(db: Db, instructorId: string): Promise<string[]> {
  return setPassword(db, instructorId, randomBytes(32).toString('base64url'));
}

/** Every instructor, for the admin: the admin first, then by name. */
export async function listInstructors(db: Db, now = new Date()): Promise<InstructorSummary[]> {
  const rows = await db.instructor.findMany({
    orderBy: [{ role: 'asc' }, { name: 'asc' }, { email: 'asc' }],
    select: { ...publicFields, disabledAt: true, createdAt: true, _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } },
  });
  return rows.map(({ disabledAt, _count, ...instructor }) => ({ ...instructor, disabled: disabledAt !== null, activeSessions: _count.sessions }));
}

/** An instructor other than the admin acting, or 404 (400 for the admin's own account). */
export async function otherInstructor(db: Db, adminId: string, instructorId: string): Promise<PublicInstructor> {
  if (instructorId === adminId) throw new AppError(400, 'OWN_ACCOUNT', 'Use your own account settings for that.');
  const instructor = await db.instructor.findUnique({ where: { id: instructorId }, select: publicFields });
  if (!instructor) throw new AppError(404, 'INSTRUCTOR_NOT_FOUND', 'No such instructor.');
  return instructor;
}

/** Disables an account (its sessions end: their ids are returned) or enables it again. */
export async function setDisabled(db: Db, instructorId: string, disabled: boolean): Promise<string[]> {
  await db.instructor.update({ where: { id: instructorId }, data: { disabledAt: disabled ? new Date() : null } });
  return disabled ? endSessions(db, instructorId) : [];
}
