import { fail } from './errors.ts';
import { cleanNickname, isNicknameTaken } from './nickname.ts';
import { withPlayer } from './roster.ts';
import type { GameState, Result } from './types.ts';

/** A player joins, in any phase before the podium; late joiners start with 0 points. */
export function join(state: GameState, playerId: string, rawNickname: string): Result {
  if (state.locked) return fail('ROOM_LOCKED', 'The room is locked.');
  if (playerId in state.players) return fail('PLAYER_EXISTS', 'This player has already joined.');
  const nickname = cleanNickname(rawNickname);
  if (nickname === null) {
    return fail('NICKNAME_INVALID', 'A nickname has 1 to 20 characters and no control characters.');
  }
  if (isNicknameTaken(state, nickname)) return fail('NICKNAME_TAKEN', 'This nickname is already taken.');
  const joined = withPlayer(state, {
    id: playerId,
    nickname,
    score: 0,
    streak: 0,
    correctCount: 0,
    totalResponseMs: 0,
    answers: {},
    joinedSeq: state.nextJoinSeq,
    kicked: false,
  });
  return {
    ok: true,
    state: { ...joined, nextJoinSeq: state.nextJoinSeq + 1 },
    events: [{ type: 'playerJoined', playerId }],
  };
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
