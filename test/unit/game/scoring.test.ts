import { describe, expect, it } from 'vitest';
import { pointsForCorrect, scoreAnswer, streakBonusFor } from '../../../server/src/game/index.ts';
import { singleQuestion } from '../../support/game-fixtures.ts';

const LIMIT = 20_000;

function points(responseMs: number, options: { doublePoints?: boolean; accuracyOnly?: boolean } = {}) {
  return pointsForCorrect({
    responseMs,
    timeLimitMs: LIMIT,
    doublePoints: options.doublePoints ?? false,
    accuracyOnly: options.accuracyOnly ?? false,
  });
}

/** A tiny deterministic generator for property-style loops. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return (max: number) => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a % max;
  };
}

describe('points for a correct answer', () => {
  it('gives full points at t = 0 and below 500 ms', () => {
    expect(points(0)).toBe(1000);
    expect(points(499)).toBe(1000);
  });

  it('starts falling at 500 ms', () => {
    expect(points(500)).toBe(988); // round(1000 * (1 - 500 / 20000 / 2)) = round(987.5)
  });

  it('gives three quarters at half the time', () => {
    expect(points(LIMIT / 2)).toBe(750);
  });

  it('gives half just before the deadline', () => {
    expect(points(LIMIT - 1)).toBe(500);
  });

  it('doubles on a double-points question', () => {
    expect(points(0, { doublePoints: true })).toBe(2000);
    expect(points(LIMIT / 2, { doublePoints: true })).toBe(1500);
  });

  it('ignores speed in accuracy-only mode', () => {
    expect(points(LIMIT - 1, { accuracyOnly: true })).toBe(1000);
    expect(points(LIMIT - 1, { accuracyOnly: true, doublePoints: true })).toBe(2000);
  });

  it('stays within [P/2, P] for any answer before the deadline (generated inputs)', () => {
    const next = seeded(7);
    const outside: unknown[] = [];
    for (let i = 0; i < 5000; i++) {
      const timeLimitMs = 5_000 + next(235_001);
      const responseMs = next(timeLimitMs);
      const doublePoints = next(2) === 1;
      const full = doublePoints ? 2000 : 1000;
      const earned = pointsForCorrect({ responseMs, timeLimitMs, doublePoints, accuracyOnly: false });
      if (!Number.isInteger(earned) || earned < full / 2 || earned > full) {
        outside.push({ timeLimitMs, responseMs, doublePoints, earned });
      }
    }
    expect(outside).toEqual([]);
  });

  it('never rises as the response gets slower (generated inputs)', () => {
    const next = seeded(11);
    const rising: unknown[] = [];
    for (let i = 0; i < 5000; i++) {
      const timeLimitMs = 5_000 + next(235_001);
      const doublePoints = next(2) === 1;
      const a = next(timeLimitMs);
      const b = next(timeLimitMs);
      const [faster, slower] = a <= b ? [a, b] : [b, a];
      const at = (responseMs: number) =>
        pointsForCorrect({ responseMs, timeLimitMs, doublePoints, accuracyOnly: false });
      if (at(faster) < at(slower)) rising.push({ timeLimitMs, faster, slower });
    }
    expect(rising).toEqual([]);
  });
});

describe('scoring one answer', () => {
  const question = singleQuestion({ timeLimitMs: LIMIT });
  const settings = { accuracyOnly: false, streakBonus: true };

  it('gives 0 points and no bonus for a wrong answer, whatever the streak', () => {
    expect(scoreAnswer({ question, chosen: [0], responseMs: 0, streakBefore: 4, settings })).toEqual({
      correct: false,
      points: 0,
      streakBonus: 0,
    });
  });

  it('adds the streak bonus to the points of a correct answer', () => {
    expect(scoreAnswer({ question, chosen: [1], responseMs: 0, streakBefore: 2, settings })).toEqual({
      correct: true,
      points: 1200,
      streakBonus: 200,
    });
  });
});

describe('streak bonus', () => {
  it('is +100 per earlier correct answer in a row, capped at +500, and off when disabled', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((streak) => streakBonusFor(streak, true))).toEqual([
      0, 100, 200, 300, 400, 500, 500, 500,
    ]);
    expect(streakBonusFor(3, false)).toBe(0);
  });
});
