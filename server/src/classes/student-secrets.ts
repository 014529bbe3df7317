import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import { ROOM_CODE_ALPHABET } from '../protocol.ts';

/** SHA-256 of a secret: student tokens (32 random bytes, out of reach of any guessing) are stored only this way. */
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
 * How a recovery code is stored: Argon2id (the library's defaults, as for passwords: 19 MiB, two
 * passes) of the code's SHA-256. About 50 bits are few enough that a fast hash would give every
 * code of a stolen database away to one graphics card in a day; at Argon2id's cost per guess it
 * would take centuries. A code is looked up by its hash alone (the student types nothing else),
 * so every code shares one salt. Hashing the SHA-256 lets the codes stored before as plain
 * SHA-256 (no prefix) be upgraded without knowing them.
 */
export const RECOVERY_HASH_PREFIX = 'argon2id:';
const SALT = Buffer.from('dop-quiz recovery code v1');
/** `Algorithm.Argon2id`, an ambient const enum this build cannot read; stated, since a change of algorithm would lose every code. */
const ARGON2ID = 2 as Algorithm;

/** The stored form of a code's SHA-256 (a legacy row's hash, or a new code's). */
export async function recoveryHashOfDigest(sha256Hex: string): Promise<string> {
  const raw = await hashRaw(sha256Hex, { salt: SALT, algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 });
  return RECOVERY_HASH_PREFIX + raw.toString('hex');
}

/**
 * A recovery code: 10 characters of the room-code alphabet (31 characters: no 0/O, 1/I/L), shown
 * as "ABCDE-FGHJK": 31^10, about 2^49.5, guessed at 30 tries per address every 15 minutes.
 */
export async function newRecoveryCode(): Promise<{ code: string; hash: string }> {
  let raw = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) raw += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return { code: formatRecoveryCode(raw), hash: await recoveryHashOfDigest(hashSecret(raw)) };
}

/** A code as it is shown: "ABCDE-FGHJK". */
const formatRecoveryCode = (raw: string) => `${raw.slice(0, 5)}-${raw.slice(5)}`;

/**
 * The hashes a typed code may be stored under (case, spaces and dashes do not matter): the
 * current form, and the SHA-256 of a row not upgraded yet; null when it cannot be a code.
 */
export async function recoveryCodeHashes(typed: string): Promise<{ code: string; hashes: [string, string] } | null> {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== RECOVERY_CODE_LENGTH || [...raw].some((c) => !ROOM_CODE_ALPHABET.includes(c))) return null;
  const digest = hashSecret(raw);
  return { code: formatRecoveryCode(raw), hashes: [await recoveryHashOfDigest(digest), digest] };
}
