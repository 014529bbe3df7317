/** The longest reading time a question may have, in seconds. */
export const READING_SEC_MAX = 60;

const FENCE = /^```[^\n]*\n([\s\S]*?)^```\s*$/gm;

/**
 * How long a question is shown before answers open, from its length: about four words a
 * second of prose on a phone and a second for every two lines of code, less the three seconds
 * a short question needs anyway (so a quick question gets none or almost none), at most 45 s.
 */
export function readingTimeMs(prompt: string): number {
  let codeLines = 0;
  const prose = prompt.replace(FENCE, (_block, code: string) => {
    codeLines += code.split('\n').filter((line) => line.trim()).length;
    return ' ';
  });
  const words = prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const seconds = words / 4 + codeLines / 2 - 3;
  return Math.round(Math.min(45, Math.max(0, seconds))) * 1000;
}
