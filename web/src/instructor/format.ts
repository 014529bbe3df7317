import type { QuestionType } from '../lib/api.ts';

export const TYPE_LABEL = { single: 'Single answer', multiple: 'Choose N', truefalse: 'True/false' } satisfies Record<QuestionType, string>;

/** Ratios are 0-1, null when nothing was counted. */
export const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);
export const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** Background for an accuracy cell; the percentage is always printed too. */
export function accuracyColour(accuracy: number | null): { background: string; color: string } {
  if (accuracy === null) return { background: '#e3e7ec', color: '#4a5260' };
  if (accuracy < 0.5) return { background: '#b3122e', color: '#fff' };
  if (accuracy < 0.7) return { background: '#e07b00', color: '#14181f' };
  if (accuracy < 0.85) return { background: '#f2d24b', color: '#14181f' };
  return { background: '#23703a', color: '#fff' };
}
