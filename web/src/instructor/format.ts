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

/** A browser's user-agent string in a few words ("Firefox on Windows"), the raw string when it says nothing known. */
export function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  if (!browser) return userAgent.slice(0, 60);
  return system ? `${browser} on ${system}` : browser;
}

export const dateTime = (iso: string) => new Date(iso).toLocaleString();
