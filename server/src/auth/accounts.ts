import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { NewInstructor } from './account-inputs.ts';
import type { PublicInstructor } from './account-types.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export { credentialsSchema, newInstructorSchema, type NewInstructor } from './account-inputs.ts';
export type { PublicInstructor } from './account-types.ts';

const publicFields = { id: true, email: true, name: true } as const;

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.instructor.count()) === 0;
}

// Serialises first-run setup so two simultaneous requests cannot both become "the first".
const SETUP_LOCK_ID = 4_242_001;

/** Creates the first instructor; refused once any instructor exists. */
export async function createFirstInstructor(db: Db, input: NewInstructor): Promise<PublicInstructor> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_ID})`;
    if ((await tx.instructor.count()) > 0) {
      throw new AppError(409, 'ALREADY_SET_UP', 'The first instructor account already exists. Sign in instead.');
    }
    return tx.instructor.create({ data: { email: input.email, name: input.name, passwordHash }, select: publicFields });
  });
}

/** Creates another instructor (open registration or the command line). */
export async function createInstructor(db: Db, input: NewInstructor): Promise<PublicInstructor> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.instructor.create({ data: { email: input.email, name: input.name, passwordHash }, select: publicFields });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError(409, 'EMAIL_TAKEN', 'An instructor with this email already exists.');
    }
    throw error;
  }
}

/** The instructor for these credentials, or null; an unknown email and a wrong password look alike. */
export async function authenticate(db: Db, email: string, password: string): Promise<PublicInstructor | null> {
  const instructor = await db.instructor.findUnique({ where: { email } });
  const valid = await verifyPassword(instructor?.passwordHash ?? null, password);
  return valid && instructor ? { id: instructor.id, email: instructor.email, name: instructor.name } : null;
}
