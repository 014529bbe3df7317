import { answerAll } from './answer-command.ts';
import { fail } from './errors.ts';
import { end, next, pause, resume, skip, start, timeUp } from './host-commands.ts';
import { joinAll, kick, leave, setLocked } from './roster-commands.ts';
import type { AnswerCommand, BatchResult, Command, GameError, GameState, JoinCommand, Result } from './types.ts';

function single(batch: BatchResult): Result {
  const [refusal] = batch.refusals;
  return refusal ? { ok: false, error: refusal } : { ok: true, state: batch.state, events: batch.events };
}

function dispatch(state: GameState, command: Command, nowMs: number): Result {
  switch (command.type) {
    case 'join':
      return single(joinAll(state, [command], nowMs));
    case 'kick':
      return kick(state, command.playerIds);
    case 'leave':
      return leave(state, command.playerId);
    case 'lock':
      return setLocked(state, true);
    case 'unlock':
      return setLocked(state, false);
    case 'start':
      return start(state, nowMs);
    case 'answer':
      return single(answerAll(state, [command], nowMs));
    case 'timeUp':
      return timeUp(state, nowMs);
    case 'next':
      return next(state, nowMs);
    case 'skip':
      return skip(state, nowMs);
    case 'pause':
      return pause(state, nowMs, command.by, command.sinceMs);
    case 'resume':
      return resume(state, nowMs);
    case 'end':
      return end(state);
    default:
      return fail('UNKNOWN_COMMAND', 'Unknown command.');
  }
}

const GAME_OVER: GameError = { code: 'GAME_OVER', message: 'The game is over.' };

/**
 * The whole game as a pure reducer: (state, command, now) -> new state and events, or an error
 * with the state untouched. Never throws, never mutates `state`, never reads the clock.
 */
export function reduce(state: GameState, command: Command, nowMs: number): Result {
  if (typeof command !== 'object' || command === null) return fail('UNKNOWN_COMMAND', 'Unknown command.');
  if (state.phase === 'podium') return { ok: false, error: GAME_OVER };
  const at = 'at' in command ? command.at : undefined;
  if (at && (at.index !== state.index || at.phase !== state.phase)) return fail('STALE_COMMAND', 'The game has moved on since: this was done already.');
  const result = dispatch(state, command, nowMs);
  if (!result.ok) return result;
  return { ok: true, state: { ...result.state, version: state.version + 1 }, events: result.events };
}

function reduceBurst(state: GameState, count: number, run: () => BatchResult): BatchResult {
  if (state.phase === 'podium') return { state, events: [], refusals: Array.from({ length: count }, () => GAME_OVER) };
  const batch = run();
  const accepted = batch.refusals.filter((refusal) => refusal === null).length;
  return { ...batch, state: accepted ? { ...batch.state, version: state.version + accepted } : state };
}

/** Joins that arrived together: the same outcome as reducing them one by one, in one pass. */
export function reduceJoins(state: GameState, joins: JoinCommand[], nowMs: number): BatchResult {
  return reduceBurst(state, joins.length, () => joinAll(state, joins, nowMs));
}

/** Answers that arrived together: the same outcome as reducing them one by one, in one pass. */
export function reduceAnswers(state: GameState, answers: AnswerCommand[], nowMs: number): BatchResult {
  return reduceBurst(state, answers.length, () => answerAll(state, answers, nowMs));
}
