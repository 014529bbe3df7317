import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ROOM_CODE_ALPHABET } from '../protocol.ts';

/** SHA-256 of a secret: tokens and recovery codes are stored only this way. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A student token: 32 random bytes, kept by the browser; the server stores its hash. */
export function newStudentToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecret(token) };
}

/** The random part of an invite link. */
export function newInviteToken(): string {
  return randomBytes(16).toString('base64url');
}

export const RECOVERY_CODE_LENGTH = 10;

/** A recovery code as `newRecoveryCode` shows it: two groups of five, joined by a dash. */
export const RECOVERY_CODE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${RECOVERY_CODE_LENGTH / 2}}-[${ROOM_CODE_ALPHABET}]{${RECOVERY_CODE_LENGTH / 2}}$`);

/**
 * A recovery code: 10 characters of the room-code alphabet (no 0/O, 1/I/L), shown as
 * "ABCDE-FGHJK": about 50 bits, guessed at 30 tries per address every 15 minutes.
 */
export function newRecoveryCode(): { code: string; hash: string } {
  let raw = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) raw += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return { code: `${raw.slice(0, RECOVERY_CODE_LENGTH / 2)}-${raw.slice(RECOVERY_CODE_LENGTH / 2)}`, hash: hashSecret(raw) };
}

/** The hash a typed code is looked up by: case, spaces and dashes do not matter; null when it cannot be one. */
export function recoveryCodeHash(typed: string): string | null {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== RECOVERY_CODE_LENGTH || [...raw].some((c) => !ROOM_CODE_ALPHABET.includes(c))) return null;
  return hashSecret(raw);
}
