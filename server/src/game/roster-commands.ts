import { fail } from './errors.ts';
import { cleanNickname, nicknameKeys } from './nickname.ts';
import { activePlayerCount, withPlayer } from './roster.ts';
import type { BatchResult, GameError, GameEvent, GameState, JoinCommand, Player, Result } from './types.ts';

/** How many players a room holds at once unless it says otherwise. */
export const DEFAULT_ROOM_CAPACITY = 2000;

const removedByHost = (player: Player) => player.kicked && !player.left;

type JoinContext = { locked: boolean; full: boolean; exists: boolean; nickname: string | null; taken: Set<string>; bannedDevice: boolean };

/** Why a join is refused, or null; `nickname` is the cleaned one (null when invalid). */
function joinRefusal({ locked, full, exists, nickname, taken, bannedDevice }: JoinContext): GameError | null {
  if (locked) return { code: 'ROOM_LOCKED', message: 'The room is locked.' };
  if (exists) return { code: 'ALREADY_JOINED', message: 'This player has already joined.' };
  if (nickname === null) return { code: 'NICKNAME_INVALID', message: 'A nickname has 1 to 20 characters and no control characters.' };
  if (bannedDevice) return { code: 'PLAYER_KICKED', message: 'The host removed you from this game.' };
  if (nicknameKeys(nickname).some((key) => taken.has(key))) return { code: 'NICKNAME_TAKEN', message: 'This nickname is already taken.' };
  if (full) return { code: 'ROOM_FULL', message: 'This game is full.' };
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
  let inPlay = activePlayerCount(state);
  const events: GameEvent[] = [];
  const refusals: (GameError | null)[] = [];
  let nextJoinSeq = state.nextJoinSeq;
  for (const { playerId, nickname: raw, deviceId } of commands) {
    const nickname = cleanNickname(raw);
    const refusal = joinRefusal({
      locked: state.locked,
      full: inPlay >= capacity,
      exists: playerId in players,
      nickname,
      taken,
      bannedDevice: deviceId !== undefined && bannedDevices.has(deviceId),
    });
    refusals.push(refusal);
    if (refusal || nickname === null) continue;
    for (const key of nicknameKeys(nickname)) taken.add(key);
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
