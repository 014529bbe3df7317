import { createHash, randomBytes } from 'node:crypto';

/** A rejoin token for a player: the client keeps the token, the server only its hash. */
export function newRejoinToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
