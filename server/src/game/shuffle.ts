import type { GameQuestion, GameSettings } from './types.ts';

/** A small seeded PRNG (mulberry32): returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function identity(length: number): number[] {
  return Array.from({ length }, (_, i) => i);
}

/**
 * The displayed order of one question's options (displayed position -> bank index), the same
 * for every player. True/false questions keep True before False.
 */
export function optionOrderFor(question: GameQuestion, index: number, settings: GameSettings): number[] {
  const order = identity(question.options.length);
  if (!settings.shuffleOptions || question.type === 'truefalse') return order;
  // Mixing the index in gives each question its own permutation from the one game seed.
  const random = mulberry32(settings.seed ^ Math.imul(index + 1, 0x9e3779b9));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Displayed positions -> bank indexes, sorted ascending. */
export function toBankOrder(order: readonly number[], displayed: readonly number[]): number[] {
  return displayed.map((position) => order[position]!).sort((a, b) => a - b);
}

/** Bank indexes -> displayed positions, sorted ascending. */
export function toDisplayedOrder(order: readonly number[], bankIndexes: readonly number[]): number[] {
  return bankIndexes.map((bankIndex) => order.indexOf(bankIndex)).sort((a, b) => a - b);
}
