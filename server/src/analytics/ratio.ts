/** `part / whole`, or null when there is nothing to divide (no answers is not 0 % accuracy). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Rounds for display and CSV; the JSON API keeps full precision. */
export function rounded(value: number | null, digits = 4): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds as a whole number, or null. */
export function wholeMs(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
