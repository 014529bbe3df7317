import { choiceCount } from './choices.ts';
import { rankOf, rankPlayers } from './ranking.ts';
import { activePlayerCount, activePlayers } from './roster.ts';
import { toDisplayedOrder } from './shuffle.ts';
import type { GameState, QuestionType, RankedPlayer } from './types.ts';

/** What a student sees while waiting: how many are in (never who: a join stays small in a big room). */
export type LobbyView = {
  phase: 'lobby';
  playerCount: number;
  locked: boolean;
  questionCount: number;
};

/** The open question as players see it: never the answer or the explanation. */
export type QuestionView = {
  index: number;
  count: number;
  type: QuestionType;
  prompt: string;
  /** Displayed order. */
  options: string[];
  /** How many options to pick. */
  choose: number;
  /** Time to answer, from when answers open. */
  timeLimitMs: number;
  /** How long the question is shown before answers open (0: they open at once). */
  readingMs: number;
  /** Until answers open: `remainingMs - timeLimitMs`, at least 0 (frozen while paused). */
  answersOpenInMs: number;
  /** Until the question closes, reading time included. Never negative; 0 once the question is closed. */
  remainingMs: number;
  paused: boolean;
  doublePoints: boolean;
};

export type AnswerProgress = { answered: number; total: number };

export type RevealView = {
  index: number;
  /** Displayed positions. */
  correct: number[];
  explanation: string;
  /** Count per displayed option, active players only. */
  distribution: number[];
  answeredCount: number;
  playerCount: number;
};

export type PlayerResult = {
  answered: boolean;
  /** Displayed positions. */
  chosen: number[];
  correct: boolean;
  points: number;
  streak: number;
  streakBonus: number;
  score: number;
  /** 0 when the player is not ranked (kicked). */
  rank: number;
  playerCount: number;
};

/** A place on the leaderboard: what the screens show, no more (it goes to every student after every question). */
export type LeaderboardEntry = Pick<RankedPlayer, 'rank' | 'nickname' | 'score'>;

export type LeaderboardView = { top: LeaderboardEntry[]; playerCount: number };

export type PodiumView = { podium: RankedPlayer[]; playerCount: number; endedEarly: boolean };

/** Whether the current question's answer may be shown. */
function isRevealed(state: GameState): boolean {
  return state.phase === 'reveal' || state.phase === 'leaderboard';
}

/** The lobby screen: how many are in, whether joining is locked, how many questions. */
export function lobbyView(state: GameState): LobbyView {
  return {
    phase: 'lobby',
    playerCount: activePlayerCount(state),
    locked: state.locked,
    questionCount: state.questions.length,
  };
}

function remainingMs(state: GameState, nowMs: number): number {
  if (state.phase !== 'question') return 0;
  if (state.pausedRemainingMs !== null) return state.pausedRemainingMs;
  return Math.max(0, (state.deadline ?? nowMs) - nowMs);
}

/**
 * The current question for players (options in displayed order), or null in the lobby and on
 * the podium. Never includes the answer or the explanation.
 */
export function questionView(state: GameState, nowMs: number): QuestionView | null {
  const question = state.questions[state.index];
  if (!question || state.phase === 'lobby' || state.phase === 'podium') return null;
  const order = state.optionOrder[state.index]!;
  return {
    index: state.index,
    count: state.questions.length,
    type: question.type,
    prompt: question.prompt,
    options: order.map((bankIndex) => question.options[bankIndex]!),
    choose: choiceCount(question),
    timeLimitMs: question.timeLimitMs,
    readingMs: question.readingMs ?? 0,
    answersOpenInMs: Math.max(0, remainingMs(state, nowMs) - question.timeLimitMs),
    remainingMs: remainingMs(state, nowMs),
    paused: state.phase === 'question' && state.pausedRemainingMs !== null,
    doublePoints: question.doublePoints,
  };
}

/** How many active players have answered the current question. */
export function answerProgress(state: GameState): AnswerProgress {
  const active = activePlayers(state);
  return { answered: active.filter((player) => state.index in player.answers).length, total: active.length };
}

/** The revealed answer and how the room voted, or null before the reveal. */
export function revealView(state: GameState): RevealView | null {
  if (revealViews.has(state)) return revealViews.get(state)!;
  const view = computeRevealView(state);
  revealViews.set(state, view);
  return view;
}

/** One reveal per state (states never change): every player's screen shares it. */
const revealViews = new WeakMap<GameState, RevealView | null>();

function computeRevealView(state: GameState): RevealView | null {
  const question = state.questions[state.index];
  if (!question || !isRevealed(state)) return null;
  const order = state.optionOrder[state.index]!;
  const distribution = order.map(() => 0);
  const active = activePlayers(state);
  let answeredCount = 0;
  for (const player of active) {
    const record = player.answers[state.index];
    if (!record) continue;
    answeredCount += 1;
    for (const position of toDisplayedOrder(order, record.chosen)) distribution[position]! += 1;
  }
  return {
    index: state.index,
    correct: toDisplayedOrder(order, question.answer),
    explanation: question.explanation,
    distribution,
    answeredCount,
    playerCount: active.length,
  };
}

/** One player's outcome on the current question, or null before the reveal or for an unknown player. */
export function playerResult(state: GameState, playerId: string): PlayerResult | null {
  const player = state.players[playerId];
  if (!player || !isRevealed(state)) return null;
  const record = player.answers[state.index];
  return {
    answered: record !== undefined,
    chosen: record ? toDisplayedOrder(state.optionOrder[state.index]!, record.chosen) : [],
    correct: record?.correct ?? false,
    points: record?.points ?? 0,
    streak: player.streak,
    streakBonus: record?.streakBonus ?? 0,
    score: player.score,
    rank: rankOf(state, playerId),
    playerCount: activePlayerCount(state),
  };
}

/** The best `top` players. */
export function leaderboardView(state: GameState, top = 5): LeaderboardView {
  const ranked = rankPlayers(state);
  return { top: ranked.slice(0, top).map(({ rank, nickname, score }) => ({ rank, nickname, score })), playerCount: ranked.length };
}

/** The final podium (settings.podiumSize places). */
export function podiumView(state: GameState): PodiumView {
  const ranked = rankPlayers(state);
  return { podium: ranked.slice(0, state.settings.podiumSize), playerCount: ranked.length, endedEarly: state.endedEarly };
}
