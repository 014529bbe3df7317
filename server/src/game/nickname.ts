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

/** The form two nicknames are compared in: "Ana" and "ANA" are the same player name. */
export function nicknameKey(nickname: string): string {
  return nickname.normalize('NFC').toLowerCase();
}
