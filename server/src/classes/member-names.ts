import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { cleanNickname, nicknameKeys } from '../game/index.ts';

/** How a seat whose student was removed from the class is named in the records (its key never clashes with a name's). */
export const REMOVED_SEAT = {
  nickname: 'Removed student',
  keyPrefix: '~removed~',
  nicknameKey: (playerId: string) => `~removed~${playerId}`,
} as const;

/**
 * A member's name, as it will be their nickname in the class's games: the nickname rules
 * (1-20 characters, NFKC, no invisible characters), and unlike every other name in the class
 * (case, accents and look-alike letters ignored). `except` is the member being renamed.
 */
export async function checkedMemberName(db: Db, classId: string, typed: string, except?: string): Promise<{ name: string; nameKey: string }> {
  const name = cleanNickname(typed);
  if (name === null) throw new AppError(400, 'NAME_INVALID', 'A name has 1 to 20 characters and no control characters.');
  const others = await db.classMember.findMany({ where: { classId, ...(except ? { id: { not: except } } : {}) }, select: { name: true } });
  const taken = new Set(others.flatMap((other) => nicknameKeys(other.name)));
  if (nicknameKeys(name).some((key) => taken.has(key))) throw new AppError(409, 'NAME_TAKEN', 'Someone in this class already has this name (or one that looks the same). Add an initial.');
  return { name, nameKey: nicknameKeys(name)[1] };
}

/** Whether a name is free in the class, for a whole roster checked at once. */
export function nameKeysOf(name: string): string[] {
  return nicknameKeys(name);
}
