import { describe, expect, it } from 'vitest';
import { createGame } from '../../../server/src/game/index.ts';
import type { GameSettings } from '../../../server/src/game/index.ts';
import { apply, numberedQuestion } from '../../support/game-fixtures.ts';

const LIMIT = 20_000;

const question = (n: number) => numberedQuestion(n, { timeLimitMs: LIMIT });

/**
 * Plays a game for Ada and Bob; `script[i]` says what Ada does on question i (Bob always
 * answers wrong so questions close only when Ada answers or time runs out). Returns Ada's
 * streak bonus per question and her final state.
 */
function playAda(script: ('right' | 'wrong' | 'none')[], settings: Partial<GameSettings> = {}) {
  let now = 0;
  let state = createGame({ questions: script.map((_, i) => question(i)), settings: { seed: 1, ...settings } });
  state = apply(state, { type: 'join', playerId: 'ada', nickname: 'Ada' }, now);
  state = apply(state, { type: 'join', playerId: 'bob', nickname: 'Bob' }, now);
  state = apply(state, { type: 'start' }, now);
  const bonuses: number[] = [];
  const streaks: number[] = [];
  script.forEach((move, index) => {
    state = apply(state, { type: 'answer', playerId: 'bob', questionIndex: index, choices: [0] }, now + 100);
    if (move === 'none') {
      state = apply(state, { type: 'timeUp' }, state.deadline!);
    } else {
      const choices = move === 'right' ? [1] : [2];
      state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: index, choices }, now + 100);
    }
    bonuses.push(state.players.ada!.answers[index]?.streakBonus ?? 0);
    streaks.push(state.players.ada!.streak);
    now += LIMIT + 1000;
    state = apply(state, { type: 'next' }, now); // -> leaderboard
    state = apply(state, { type: 'next' }, now); // -> next question or podium
  });
  return { bonuses, streaks, ada: state.players.ada! };
}

describe('answer streaks', () => {
  it('add +100 from the second consecutive correct answer', () => {
    const { bonuses, streaks, ada } = playAda(['right', 'right', 'right']);
    expect(bonuses).toEqual([0, 100, 200]);
    expect(streaks).toEqual([1, 2, 3]);
    expect(ada.score).toBe(3 * 1000 + 300);
  });

  it('cap the bonus at +500', () => {
    const { bonuses } = playAda(Array.from({ length: 8 }, () => 'right' as const));
    expect(bonuses).toEqual([0, 100, 200, 300, 400, 500, 500, 500]);
  });

  it('reset after a wrong answer', () => {
    const { bonuses, streaks } = playAda(['right', 'right', 'wrong', 'right', 'right']);
    expect(streaks).toEqual([1, 2, 0, 1, 2]);
    expect(bonuses).toEqual([0, 100, 0, 0, 100]);
  });

  it('reset after a missing answer', () => {
    const { bonuses, streaks } = playAda(['right', 'right', 'none', 'right']);
    expect(streaks).toEqual([1, 2, 0, 1]);
    expect(bonuses).toEqual([0, 100, 0, 0]);
  });

  it('earn nothing when the setting is off (the streak is still counted)', () => {
    const { bonuses, streaks, ada } = playAda(['right', 'right', 'right'], { streakBonus: false });
    expect(bonuses).toEqual([0, 0, 0]);
    expect(streaks).toEqual([1, 2, 3]);
    expect(ada.score).toBe(3000);
  });
});
