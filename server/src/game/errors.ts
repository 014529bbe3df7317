import type { Result } from './types.ts';

/** Every code the engine refuses a command with. */
export const GAME_ERROR_CODES = [
  'WRONG_PHASE',
  'NO_PLAYERS',
  'ROOM_LOCKED',
  'ROOM_FULL',
  'NICKNAME_INVALID',
  'NICKNAME_TAKEN',
  'ALREADY_JOINED',
  'UNKNOWN_PLAYER',
  'PLAYER_KICKED',
  'GAME_OVER',
  'STALE_QUESTION',
  'ANSWERS_NOT_OPEN',
  'TIME_UP',
  'ALREADY_ANSWERED',
  'INVALID_CHOICE',
  'PAUSED',
  'NOT_PAUSED',
  'ALREADY_PAUSED',
  'STALE_COMMAND',
  'TOO_EARLY',
  'UNKNOWN_COMMAND',
  'GUESTS_REFUSED',
  'MEMBER_SEATED',
] as const;
export type ErrorCode = (typeof GAME_ERROR_CODES)[number];

/** A refusal in the shape every layer answers with: `{ ok: false, error: { code, message } }`. */
export function refusal<C extends string>(code: C, message: string): { ok: false; error: { code: C; message: string } } {
  return { ok: false, error: { code, message } };
}

/** A refused command: the state is left as it was. */
export function fail(code: ErrorCode, message: string): Result {
  return refusal(code, message);
}
