import { hash, verify } from '@node-rs/argon2';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './account-inputs.ts';

/** Argon2id with the library's defaults (OWASP's recommended minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against this keeps an unknown email as slow as a wrong password.
const DUMMY_HASH = hash('not-a-real-password-just-for-timing');

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await DUMMY_HASH, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
