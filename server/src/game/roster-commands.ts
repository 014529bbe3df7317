import { fail } from './errors.ts';
import { cleanNickname, nicknameKey } from './nickname.ts';
import { activePlayers, withPlayer } from './roster.ts';
import type { BatchResult, GameError, GameEvent, GameState, JoinCommand, Result } from './types.ts';

/** Why a join is refused, or null; `nickname` is the cleaned one (null when invalid). */
function joinRefusal(locked: boolean, exists: boolean, nickname: string | null, taken: Set<string>): GameError | null {
  if (locked) return { code: 'ROOM_LOCKED', message: 'The room is locked.' };
  if (exists) return { code: 'PLAYER_EXISTS', message: 'This player has already joined.' };
  if (nickname === null) return { code: 'NICKNAME_INVALID', message: 'A nickname has 1 to 20 characters and no control characters.' };
  if (taken.has(nicknameKey(nickname))) return { code: 'NICKNAME_TAKEN', message: 'This nickname is already taken.' };
  return null;
}

/**
 * Players joining, in order of arrival, in any phase before the podium; late joiners start with
 * 0 points. Nicknames are unique among active players, ignoring case.
 *
 * A class enters the room code all at once, so the players record is copied once per burst.
 */
export function joinAll(state: GameState, commands: JoinCommand[]): BatchResult {
  const players = { ...state.players };
  const taken = new Set(activePlayers(state).map((player) => nicknameKey(player.nickname)));
  const events: GameEvent[] = [];
  const refusals: (GameError | null)[] = [];
  let nextJoinSeq = state.nextJoinSeq;
  for (const { playerId, nickname: raw } of commands) {
    const nickname = cleanNickname(raw);
    const refusal = joinRefusal(state.locked, playerId in players, nickname, taken);
    refusals.push(refusal);
    if (refusal || nickname === null) continue;
    taken.add(nicknameKey(nickname));
    players[playerId] = {
      id: playerId,
      nickname,
      score: 0,
      streak: 0,
      correctCount: 0,
      totalResponseMs: 0,
      answers: {},
      joinedSeq: nextJoinSeq++,
      kicked: false,
    };
    events.push({ type: 'playerJoined', playerId });
  }
  return { state: { ...state, players, nextJoinSeq }, events, refusals };
}

/** Removes a player from play; the record stays for history and the nickname becomes free. */
export function kick(state: GameState, playerId: string): Result {
  const player = state.players[playerId];
  if (!player) return fail('UNKNOWN_PLAYER', 'No such player.');
  if (player.kicked) return fail('PLAYER_KICKED', 'This player has already been removed.');
  return {
    ok: true,
    state: withPlayer(state, { ...player, kicked: true }),
    events: [{ type: 'playerKicked', playerId }],
  };
}

/** Locks or unlocks joining (idempotent). */
export function setLocked(state: GameState, locked: boolean): Result {
  return { ok: true, state: { ...state, locked }, events: [{ type: 'lockChanged', locked }] };
}
