import { isCorrectChoice } from '../game/index.ts';
import type { DomainScore, ScaledScore, WeightedDomain } from './assignment-types.ts';

/**
 * The result of an attempt, as pure arithmetic over its items (docs/assignments.md, Scoring and
 * the scaled score).
 */

export type ScoredItem = { domainId: string; answer: readonly number[]; chosen: readonly number[] | null };
export type AttemptScore = { questionCount: number; answered: number; correct: number; percent: number; domains: DomainScore[] };

/** One decimal of a percentage: 100 * part / whole. */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}

/** An item is right when the choice is exactly its key; an unanswered item is wrong. */
export function itemCorrect(item: Pick<ScoredItem, 'answer' | 'chosen'>): boolean {
  return item.chosen !== null && isCorrectChoice(item.chosen, item.answer);
}

/** Totals and the per-domain breakdown (domains in the order given, those without a question left out). */
export function scoreAttempt(items: readonly ScoredItem[], domains: readonly WeightedDomain[]): AttemptScore {
  const correct = items.filter(itemCorrect).length;
  const perDomain = domains.flatMap((domain): DomainScore[] => {
    const mine = items.filter((item) => item.domainId === domain.domainId);
    if (!mine.length) return [];
    const right = mine.filter(itemCorrect).length;
    return [{ ...domain, questions: mine.length, sharePercent: percentOf(mine.length, items.length), correct: right, percent: percentOf(right, mine.length) }];
  });
  return {
    questionCount: items.length,
    answered: items.filter((item) => item.chosen !== null).length,
    correct,
    percent: percentOf(correct, items.length),
    domains: perDomain,
  };
}

export const SCALED_MIN = 100;
export const SCALED_MAX = 1000;
export const PASS_MARK = 750;
/** The share of right answers placed on the pass mark: an approximation, AWS publishes none. */
export const RAW_PASS_SHARE = 0.72;

const METHOD =
  'Approximation: piecewise linear from the share of right answers p, through 0% -> 100, 72% -> 750 (the pass mark) and 100% -> 1000. AWS does not publish its raw-to-scaled mapping.';

/** The estimated score on the exam's 100-1000 scale for `correct` right answers out of `total`. */
export function estimateScaledScore(correct: number, total: number): ScaledScore {
  const p = total === 0 ? 0 : correct / total;
  const below = SCALED_MIN + ((PASS_MARK - SCALED_MIN) * p) / RAW_PASS_SHARE;
  const above = PASS_MARK + ((SCALED_MAX - PASS_MARK) * (p - RAW_PASS_SHARE)) / (1 - RAW_PASS_SHARE);
  const estimate = Math.round(p < RAW_PASS_SHARE ? below : above);
  return { estimate, passMark: PASS_MARK, passed: estimate >= PASS_MARK, rawPassPercent: RAW_PASS_SHARE * 100, approximate: true, method: METHOD };
}
