import { randomInt } from 'node:crypto';

/** Fisher-Yates with a cryptographic source; returns a new array. */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Picks `count` items, least-seen first; ties are broken by `shuffle` (at random by default). */
export function drawLeastSeen<T extends { id: string }>(
  candidates: readonly T[],
  seen: ReadonlyMap<string, number>,
  count: number,
  shuffle: <U>(items: readonly U[]) => U[] = shuffled,
): T[] {
  return shuffle(candidates)
    .map((item) => ({ item, seen: seen.get(item.id) ?? 0 }))
    .sort((a, b) => a.seen - b.seen)
    .slice(0, count)
    .map(({ item }) => item);
}

/**
 * Splits `total` across weights in proportion (largest remainder method), so the parts
 * always add up to `total` exactly.
 */
export function apportion(total: number, weights: Record<string, number>): Record<string, number> {
  const entries = Object.entries(weights);
  const sum = entries.reduce((n, [, w]) => n + w, 0);
  const exact = entries.map(([key, w]) => ({ key, exact: (total * w) / sum }));
  const parts = Object.fromEntries(exact.map(({ key, exact: e }) => [key, Math.floor(e)]));
  let left = total - Object.values(parts).reduce((n, p) => n + p, 0);
  for (const { key } of [...exact].sort((a, b) => (b.exact % 1) - (a.exact % 1) || weights[b.key]! - weights[a.key]!)) {
    if (left-- <= 0) break;
    parts[key]! += 1;
  }
  return parts;
}
