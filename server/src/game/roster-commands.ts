import { fail } from './errors.ts';
import { cleanNickname, nicknameKeys } from './nickname.ts';
import { activePlayerCount, withPlayer } from './roster.ts';
import { NICKNAME_MAX_LENGTH } from './nickname.ts';
import type { BatchResult, ClassMemberRef, GameError, GameEvent, GameState, JoinCommand, Player, Result } from './types.ts';

/** How many players a room holds at once unless it says otherwise. */
export const DEFAULT_ROOM_CAPACITY = 2000;

const removedByHost = (player: Player) => player.kicked && !player.left;

type JoinContext = {
  locked: boolean;
  full: boolean;
  exists: boolean;
  nickname: string | null;
  taken: Set<string>;
  bannedDevice: boolean;
  guestRefused: boolean;
  seated: boolean;
};

/** Why a join is refused, or null; `nickname` is the cleaned one (null when invalid). */
function joinRefusal({ locked, full, exists, nickname, taken, bannedDevice, guestRefused, seated }: JoinContext): GameError | null {
  if (locked) return { code: 'ROOM_LOCKED', message: 'The room is locked.' };
  if (exists) return { code: 'ALREADY_JOINED', message: 'This player has already joined.' };
  if (guestRefused) return { code: 'GUESTS_REFUSED', message: 'This game is for the members of a class: open your class link on this device first.' };
  if (seated) return { code: 'MEMBER_SEATED', message: 'You are already in this game.' };
  if (nickname === null) return { code: 'NICKNAME_INVALID', message: 'A nickname has 1 to 20 characters and no control characters.' };
  if (bannedDevice) return { code: 'PLAYER_KICKED', message: 'The host removed you from this game.' };
  if (nicknameKeys(nickname).some((key) => taken.has(key))) return { code: 'NICKNAME_TAKEN', message: 'This nickname is already taken.' };
  if (full) return { code: 'ROOM_FULL', message: 'This game is full.' };
  return null;
}

/** The member a join names, when they are a member of this game's class (anyone else is a guest). */
export function classMemberOf(state: GameState, member: ClassMemberRef | undefined): ClassMemberRef | undefined {
  return member && state.settings.classId !== undefined && member.classId === state.settings.classId ? member : undefined;
}

/** The seat a class member holds in play (not removed, not given up), if any. */
export function seatOfMember(state: GameState, memberId: string): Player | undefined {
  return Object.values(state.players).find((player) => player.memberId === memberId && !player.kicked);
}

/**
 * A member's class name, or with a number after it when a guest holds it already ("Ana 2"):
 * a member is never kept out by someone else's nickname.
 */
function memberNickname(name: string, free: (nickname: string) => boolean): string | null {
  const base = cleanNickname(name);
  if (base === null || free(base)) return base;
  for (let n = 2; n < 100; n++) {
    const suffix = ` ${n}`;
    const candidate = `${[...base].slice(0, NICKNAME_MAX_LENGTH - suffix.length).join('').trimEnd()}${suffix}`;
    if (free(candidate)) return candidate;
  }
  return null;
}

/**
 * Players joining, in order of arrival, in any phase before the podium; late joiners start with
 * 0 points. Nicknames are unique, ignoring case, accents and look-alike letters (nickname.ts),
 * among players in play and players the host removed; a browser the host removed a player from
 * cannot join again; a room holds at most `capacity` players in play.
 *
 * A class enters the room code all at once, so the players record is copied once per burst.
 */
export function joinAll(state: GameState, commands: JoinCommand[], nowMs: number): BatchResult {
  const players = { ...state.players };
  const everyone = Object.values(state.players);
  const taken = new Set(everyone.filter((p) => !p.kicked || removedByHost(p)).flatMap((p) => nicknameKeys(p.nickname)));
  const bannedDevices = new Set(everyone.filter((p) => removedByHost(p) && p.deviceId).map((p) => p.deviceId!));
  const capacity = state.capacity ?? DEFAULT_ROOM_CAPACITY;
  const bannedMembers = new Set(everyone.filter((p) => removedByHost(p) && p.memberId).map((p) => p.memberId!));
  const seatedMembers = new Set(everyone.filter((p) => !p.kicked && p.memberId).map((p) => p.memberId!));
  const free = (nickname: string) => !nicknameKeys(nickname).some((key) => taken.has(key));
  let inPlay = activePlayerCount(state);
  const events: GameEvent[] = [];
  const refusals: (GameError | null)[] = [];
  let nextJoinSeq = state.nextJoinSeq;
  for (const { playerId, nickname: raw, deviceId, member: named } of commands) {
    const member = classMemberOf(state, named);
    // A member plays under their class name, or under a nickname of their own when the host allows it.
    const own = member && state.settings.renaming ? cleanNickname(raw) : null;
    const nickname = member ? (own !== null && free(own) ? own : memberNickname(member.name, free)) : cleanNickname(raw);
    const refusal = joinRefusal({
      locked: state.locked,
      full: inPlay >= capacity,
      exists: playerId in players,
      nickname,
      taken,
      bannedDevice: (deviceId !== undefined && bannedDevices.has(deviceId)) || (member !== undefined && bannedMembers.has(member.id)),
      guestRefused: state.settings.classId !== undefined && !member && state.settings.guests === 'refuse',
      seated: member !== undefined && seatedMembers.has(member.id),
    });
    refusals.push(refusal);
    if (refusal || nickname === null) continue;
    for (const key of nicknameKeys(nickname)) taken.add(key);
    if (member) seatedMembers.add(member.id);
    inPlay += 1;
    players[playerId] = {
      id: playerId,
      nickname,
      score: 0,
      streak: 0,
      correctCount: 0,
      totalResponseMs: 0,
      answers: {},
      joinedSeq: nextJoinSeq++,
      joinedAt: nowMs,
      ...(deviceId ? { deviceId } : {}),
      ...(member ? { memberId: member.id } : {}),
      kicked: false,
    };
    events.push({ type: 'playerJoined', playerId });
  }
  return { state: { ...state, players, nextJoinSeq }, events, refusals };
}

/**
 * The host removes players from play, all or none: the records stay for history, and the
 * nickname and the browser stay out of this game.
 */
export function kick(state: GameState, playerIds: string[]): Result {
  const ids = [...new Set(playerIds)];
  for (const id of ids) {
    const player = state.players[id];
    if (!player) return fail('UNKNOWN_PLAYER', 'No such player.');
    if (player.kicked) return fail('PLAYER_KICKED', 'This player has already been removed.');
  }
  const players = { ...state.players };
  for (const id of ids) players[id] = { ...players[id]!, kicked: true };
  return { ok: true, state: { ...state, players }, events: ids.map((playerId) => ({ type: 'playerKicked' as const, playerId })) };
}

/** A player gives their seat up: out of play, and the nickname is free again. */
export function leave(state: GameState, playerId: string): Result {
  const player = state.players[playerId];
  if (!player) return fail('UNKNOWN_PLAYER', 'No such player.');
  if (player.kicked) return fail('PLAYER_KICKED', 'This player is not in the game any more.');
  return { ok: true, state: withPlayer(state, { ...player, kicked: true, left: true }), events: [{ type: 'playerLeft', playerId }] };
}

/** Locks or unlocks joining (idempotent). */
export function setLocked(state: GameState, locked: boolean): Result {
  return { ok: true, state: { ...state, locked }, events: [{ type: 'lockChanged', locked }] };
}
