import { activePlayers } from './roster.ts';
import type { GameState } from './types.ts';

export const NICKNAME_MAX_LENGTH = 20;

/**
 * The nickname as it will be shown (trimmed), or null when it is not a string, is empty or
 * longer than 20 characters once trimmed, or contains control characters or lone surrogates. Length counts code
 * points, so an emoji counts as one.
 */
export function cleanNickname(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const nickname = raw.trim();
  const length = [...nickname].length;
  // Lone surrogates are refused too: they cannot be stored as text (JSON, PostgreSQL).
  if (length < 1 || length > NICKNAME_MAX_LENGTH || /[\p{Cc}\p{Cs}]/u.test(nickname)) return null;
  return nickname;
}

function comparable(nickname: string): string {
  return nickname.normalize('NFC').toLowerCase();
}

/** Whether an active player already uses this nickname, ignoring case. */
export function isNicknameTaken(state: GameState, nickname: string): boolean {
  const wanted = comparable(nickname);
  return activePlayers(state).some((player) => comparable(player.nickname) === wanted);
}
