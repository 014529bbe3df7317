import { answer } from './answer-command.ts';
import { fail } from './errors.ts';
import { end, next, pause, resume, skip, start, timeUp } from './host-commands.ts';
import { join, kick, setLocked } from './roster-commands.ts';
import type { Command, GameState, Result } from './types.ts';

function dispatch(state: GameState, command: Command, nowMs: number): Result {
  switch (command.type) {
    case 'join':
      return join(state, command.playerId, command.nickname);
    case 'kick':
      return kick(state, command.playerId);
    case 'lock':
      return setLocked(state, true);
    case 'unlock':
      return setLocked(state, false);
    case 'start':
      return start(state, nowMs);
    case 'answer':
      return answer(state, command.playerId, command.questionIndex, command.choices, nowMs);
    case 'timeUp':
      return timeUp(state, nowMs);
    case 'next':
      return next(state, nowMs);
    case 'skip':
      return skip(state, nowMs);
    case 'pause':
      return pause(state, nowMs);
    case 'resume':
      return resume(state, nowMs);
    case 'end':
      return end(state);
    default:
      return fail('UNKNOWN_COMMAND', 'Unknown command.');
  }
}

/**
 * The whole game as a pure reducer: (state, command, now) -> new state and events, or an error
 * with the state untouched. Never throws, never mutates `state`, never reads the clock.
 */
export function reduce(state: GameState, command: Command, nowMs: number): Result {
  if (typeof command !== 'object' || command === null) return fail('UNKNOWN_COMMAND', 'Unknown command.');
  if (state.phase === 'podium') return fail('GAME_OVER', 'The game is over.');
  const result = dispatch(state, command, nowMs);
  if (!result.ok) return result;
  return { ok: true, state: { ...result.state, version: state.version + 1 }, events: result.events };
}
