import { fail } from './errors.ts';
import {
  closeQuestion,
  discardQuestion,
  finishGame,
  nextQuestionOrPodium,
  openQuestion,
  type Step,
} from './question-flow.ts';
import { activePlayers } from './roster.ts';
import type { GameState, Result } from './types.ts';

function accepted(step: Step): Result {
  return { ok: true, ...step };
}

/** Starts the first question. */
export function start(state: GameState, nowMs: number): Result {
  if (state.phase !== 'lobby') return fail('WRONG_PHASE', 'The game has already started.');
  if (activePlayers(state).length === 0) return fail('NO_PLAYERS', 'Nobody has joined yet.');
  return accepted(openQuestion(state, 0, nowMs));
}

/** The room's timer fired: closes the question once its deadline is reached. */
export function timeUp(state: GameState, nowMs: number): Result {
  if (state.phase !== 'question') return fail('WRONG_PHASE', 'No question is open.');
  if (state.deadline === null) return fail('PAUSED', 'The question is paused.');
  if (nowMs < state.deadline) return fail('TOO_EARLY', 'The question is still open.');
  return accepted(closeQuestion(state));
}

/**
 * The host moves on: question -> reveal (closing early); reveal -> leaderboard, or straight to
 * the next question (podium after the last) when the leaderboard is off; leaderboard -> next
 * question or podium.
 */
export function next(state: GameState, nowMs: number): Result {
  switch (state.phase) {
    case 'question':
      return accepted(closeQuestion(state));
    case 'reveal':
      if (!state.settings.showLeaderboard) return accepted(nextQuestionOrPodium(state, nowMs));
      return accepted({
        state: { ...state, phase: 'leaderboard' },
        events: [{ type: 'phaseChanged', phase: 'leaderboard', index: state.index }],
      });
    case 'leaderboard':
      return accepted(nextQuestionOrPodium(state, nowMs));
    default:
      return fail('WRONG_PHASE', 'There is nothing to move on to yet.');
  }
}

/** Discards the open question (no points, no streak change) and moves to the next one. */
export function skip(state: GameState, nowMs: number): Result {
  if (state.phase !== 'question') return fail('WRONG_PHASE', 'Only an open question can be skipped.');
  const following = nextQuestionOrPodium(discardQuestion(state), nowMs);
  return accepted({
    state: following.state,
    events: [{ type: 'questionSkipped', index: state.index }, ...following.events],
  });
}

/** Freezes the countdown of the open question. */
export function pause(state: GameState, nowMs: number, by: 'host' | 'server' = 'host', sinceMs = nowMs): Result {
  if (state.phase !== 'question') return fail('WRONG_PHASE', 'Only an open question can be paused.');
  if (state.deadline === null) return fail('ALREADY_PAUSED', 'The question is already paused.');
  // A pause cannot begin before the question opened, nor after now.
  const at = Math.min(nowMs, Math.max(sinceMs, state.questionStartedAt ?? sinceMs));
  return accepted({
    state: {
      ...state,
      deadline: null,
      pausedRemainingMs: Math.max(0, state.deadline - at),
      pausedAt: at,
      pausedBy: by,
    },
    events: [{ type: 'paused' }],
  });
}

/** Restarts the countdown with the time that was left; the pause does not count as response time. */
export function resume(state: GameState, nowMs: number): Result {
  if (state.phase !== 'question') return fail('WRONG_PHASE', 'Only an open question can be resumed.');
  if (state.pausedRemainingMs === null) return fail('NOT_PAUSED', 'The question is not paused.');
  const pausedMs = Math.max(0, nowMs - (state.pausedAt ?? nowMs));
  return accepted({
    state: {
      ...state,
      deadline: nowMs + state.pausedRemainingMs,
      pausedRemainingMs: null,
      pausedAt: null,
      pausedBy: null,
      pausedTotalMs: state.pausedTotalMs + pausedMs,
    },
    events: [{ type: 'resumed' }],
  });
}

/**
 * Ends the game now. An open question is closed first, so the answers already given count
 * (they are the answers the transport has stored).
 */
export function end(state: GameState): Result {
  if (state.phase !== 'question') return accepted(finishGame(state, true));
  const closed = closeQuestion(state);
  const finished = finishGame(closed.state, true);
  return accepted({ state: finished.state, events: [...closed.events, ...finished.events] });
}
