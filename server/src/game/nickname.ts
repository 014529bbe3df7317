import unhomoglyph from 'unhomoglyph';

export const NICKNAME_MAX_LENGTH = 20;

/**
 * Characters that change how a name reads without being seen: format characters (zero-width
 * space and joiners, bidirectional controls such as U+202E, soft hyphen, word joiner, BOM) and
 * the other default-ignorable code points (variation selectors such as U+FE0F, fillers).
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// Control characters and lone surrogates (which JSON and PostgreSQL cannot store as text).
const UNSTORABLE = /[\p{Cc}\p{Cs}]/u;
/** The accents Latin, Greek and Cyrillic letters take (combining diacritical marks and their supplements). */
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/**
 * The nickname as it will be shown and stored, or null when it is not a string, is empty or
 * longer than 20 characters, starts with a combining mark, or holds control characters or lone
 * surrogates. It is normalised (NFKC: full-width "Ａｎａ" becomes "Ana", "A" + U+0301 becomes
 * "Á"), stripped of invisible characters, with runs of spaces made one space and the ends
 * trimmed. Length counts code points, so an emoji counts as one.
 */
export function cleanNickname(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  // Normalised again after stripping: a removed character may have kept two others apart.
  const visible = raw.normalize('NFKC').replace(INVISIBLE, '').normalize('NFKC');
  if (UNSTORABLE.test(visible)) return null;
  const nickname = visible.replace(/\s+/gu, ' ').trim();
  const length = [...nickname].length;
  if (length < 1 || length > NICKNAME_MAX_LENGTH || /^\p{M}/u.test(nickname)) return null;
  return nickname;
}

/** Each character replaced by the one it is confusable with (Unicode's confusables data, UTS #39). */
const skeleton = (text: string) => unhomoglyph(text);

/**
 * The forms under which two cleaned nicknames count as the same player name: one of them equal
 * means taken. Accents are left out, then letters are mapped to what they look like, with case
 * ignored before and after: "Ana", "ANA", Cyrillic "Аna", Greek "ΑΝΑ" and "Ána" are one name,
 * and so are "Ian" and "lan" (a capital I looks like a small l). Looking alike depends on case
 * (capital I, small l), ignoring case does not commute with it, so there are two forms.
 */
export function nicknameKeys(nickname: string): [string, string] {
  const bare = nickname.normalize('NFD').replace(DIACRITICS, '');
  return [
    skeleton(skeleton(bare).toLowerCase()).normalize('NFC'),
    skeleton(bare.toLowerCase()).normalize('NFC'),
  ];
}

/** The form stored with the player (unique per game in the database, behind the room's own check). */
export function nicknameKey(nickname: string): string {
  return nicknameKeys(nickname)[1];
}
