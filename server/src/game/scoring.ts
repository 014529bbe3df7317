import type { GameQuestion, GameSettings } from './types.ts';

export const BASE_POINTS = 1000;
/** Answers faster than this earn full points: nobody reads a question in half a second. */
export const FULL_POINTS_WINDOW_MS = 500;
export const STREAK_BONUS_STEP = 100;
export const STREAK_BONUS_CAP = 500;

/** The most a correct answer to this question can earn before the streak bonus. */
export function maxPoints(doublePoints: boolean): number {
  return doublePoints ? 2 * BASE_POINTS : BASE_POINTS;
}

/**
 * Points for a correct answer given after `responseMs` of a `timeLimitMs` question (Kahoot's
 * formula): full points up to 500 ms, then falling linearly to half at the limit.
 */
export function pointsForCorrect(input: {
  responseMs: number;
  timeLimitMs: number;
  doublePoints: boolean;
  accuracyOnly: boolean;
}): number {
  const full = maxPoints(input.doublePoints);
  if (input.accuracyOnly || input.responseMs < FULL_POINTS_WINDOW_MS || input.timeLimitMs <= 0) return full;
  const t = Math.min(input.responseMs, input.timeLimitMs);
  return Math.round(full * (1 - t / input.timeLimitMs / 2));
}

/** The bonus for a correct answer that extends a streak of `streakBefore` correct answers. */
export function streakBonusFor(streakBefore: number, enabled: boolean): number {
  return enabled ? Math.min(STREAK_BONUS_STEP * streakBefore, STREAK_BONUS_CAP) : 0;
}

/** Exact-set match: a partial or a superset choice is wrong, as on the real exam. */
export function isCorrectChoice(chosen: readonly number[], answer: readonly number[]): boolean {
  const expected = new Set(answer);
  return chosen.length === expected.size && chosen.every((index) => expected.has(index));
}

/** Scores one answer (`chosen` in bank order) for a player whose streak is `streakBefore`. */
export function scoreAnswer(input: {
  question: GameQuestion;
  chosen: readonly number[];
  responseMs: number;
  streakBefore: number;
  settings: Pick<GameSettings, 'accuracyOnly' | 'streakBonus'>;
}): { correct: boolean; points: number; streakBonus: number } {
  const { question, settings } = input;
  if (!isCorrectChoice(input.chosen, question.answer)) return { correct: false, points: 0, streakBonus: 0 };
  const streakBonus = streakBonusFor(input.streakBefore, settings.streakBonus);
  const points = pointsForCorrect({
    responseMs: input.responseMs,
    timeLimitMs: question.timeLimitMs,
    doublePoints: question.doublePoints,
    accuracyOnly: settings.accuracyOnly,
  });
  return { correct: true, points: points + streakBonus, streakBonus };
}
