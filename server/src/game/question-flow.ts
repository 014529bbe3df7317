import { mapPlayers } from './roster.ts';
import type { GameEvent, GameState, Player } from './types.ts';

/** A new state and what happened on the way to it. */
export type Step = { state: GameState; events: GameEvent[] };

const noQuestionClock = {
  questionStartedAt: null,
  deadline: null,
  pausedRemainingMs: null,
  pausedAt: null,
  pausedBy: null,
} as const;

/**
 * Opens question `index`: shown now, answers open after its reading time, and it closes its
 * time limit after that. (Answers open at `deadline - timeLimitMs`, paused or not.)
 */
export function openQuestion(state: GameState, index: number, nowMs: number): Step {
  const question = state.questions[index]!;
  return {
    state: {
      ...state,
      phase: 'question',
      index,
      questionStartedAt: nowMs,
      deadline: nowMs + (question.readingMs ?? 0) + question.timeLimitMs,
      pausedRemainingMs: null,
      pausedAt: null,
      pausedBy: null,
      pausedTotalMs: 0,
    },
    events: [{ type: 'phaseChanged', phase: 'question', index }],
  };
}

function applyCurrentAnswer(player: Player, index: number): Player {
  const record = player.answers[index];
  if (!record) return player.kicked ? player : { ...player, streak: 0 };
  return {
    ...player,
    score: player.score + record.points,
    streak: record.correct ? player.streak + 1 : 0,
    correctCount: player.correctCount + (record.correct ? 1 : 0),
    totalResponseMs: player.totalResponseMs + record.responseMs,
  };
}

/**
 * Closes the current question and reveals it. Answers count toward the totals only now, so
 * nothing a player can see (score, rank) hints at correctness before the reveal. Active players
 * who did not answer lose their streak.
 */
export function closeQuestion(state: GameState): Step {
  const closed = mapPlayers(state, (player) => applyCurrentAnswer(player, state.index));
  return {
    state: { ...closed, ...noQuestionClock, phase: 'reveal' },
    events: [{ type: 'phaseChanged', phase: 'reveal', index: state.index }],
  };
}

/** Ends the game on the podium. */
export function finishGame(state: GameState, endedEarly: boolean): Step {
  return {
    state: { ...state, ...noQuestionClock, phase: 'podium', endedEarly },
    events: [{ type: 'phaseChanged', phase: 'podium', index: state.index }],
  };
}

/** Opens the next question, or the podium after the last one. */
export function nextQuestionOrPodium(state: GameState, nowMs: number): Step {
  const next = state.index + 1;
  return next < state.questions.length ? openQuestion(state, next, nowMs) : finishGame(state, false);
}

/** Drops the current question: its answers disappear and no totals or streaks change. */
export function discardQuestion(state: GameState): GameState {
  const index = state.index;
  const discarded = mapPlayers(state, (player) => {
    if (!(index in player.answers)) return player;
    const { [index]: _dropped, ...answers } = player.answers;
    return { ...player, answers };
  });
  return { ...discarded, ...noQuestionClock, skipped: [...state.skipped, index] };
}
