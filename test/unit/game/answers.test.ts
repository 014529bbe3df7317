import { describe, expect, it } from 'vitest';
import { createGame, reduce } from '../../../server/src/game/index.ts';
import type { Command, GameState } from '../../../server/src/game/index.ts';
import { apply, numberedQuestion, refusal } from '../../support/game-fixtures.ts';

const LIMIT = 20_000;

const question = (n: number) => numberedQuestion(n, { options: ['A', 'B', 'C', 'D'], timeLimitMs: LIMIT, doublePoints: n === 1 });

/** Ada, Bob and Cy on question 0, opened at t = 1000. */
function questionOpen(): GameState {
  let state = createGame({ questions: [question(0), question(1)], settings: { seed: 1 } });
  for (const id of ['ada', 'bob', 'cy']) state = apply(state, { type: 'join', playerId: id, nickname: id });
  return apply(state, { type: 'start' }, 1_000);
}

const answer = (playerId: string, choices: number[], questionIndex = 0): Command => ({
  type: 'answer',
  playerId,
  questionIndex,
  choices,
});

describe('an answer', () => {
  it('is recorded in bank order with its response time and score', () => {
    const result = reduce(questionOpen(), answer('ada', [1]), 1_000 + LIMIT / 2);
    const record = { questionIndex: 0, chosen: [1], responseMs: LIMIT / 2, correct: true, points: 750, streakBonus: 0 };
    expect(result.ok && result.events).toEqual([
      { type: 'answerAccepted', playerId: 'ada', questionIndex: 0, answer: record },
    ]);
    expect(result.ok && result.state.players.ada!.answers[0]).toEqual(record);
  });

  it('earns double points on a double-points question', () => {
    let state = apply(questionOpen(), { type: 'next' }, 2_000);
    state = apply(apply(state, { type: 'next' }, 3_000), { type: 'next' }, 4_000);
    expect(apply(state, answer('ada', [1], 1), 4_100).players.ada!.answers[1]!.points).toBe(2000);
  });

  it('is accepted just before the deadline and refused at and after it', () => {
    const state = questionOpen();
    expect(refusal(state, answer('ada', [1]), 1_000 + LIMIT - 1)).toBe('accepted');
    expect(refusal(state, answer('ada', [1]), 1_000 + LIMIT)).toBe('TIME_UP');
    expect(refusal(state, answer('ada', [1]), 1_000 + LIMIT + 5_000)).toBe('TIME_UP');
  });

  it('is taken once: the second is refused and the first stands', () => {
    const first = apply(questionOpen(), answer('ada', [0]), 2_000);
    const second = reduce(first, answer('ada', [1]), 3_000);
    expect(second.ok ? 'accepted' : second.error.code).toBe('ALREADY_ANSWERED');
    expect(first.players.ada!.answers[0]).toMatchObject({ chosen: [0], correct: false });
  });

  it('is refused for another question than the open one', () => {
    const state = questionOpen();
    expect(refusal(state, answer('ada', [1], 1), 2_000)).toBe('STALE_QUESTION');
    expect(refusal(state, answer('ada', [1], -1), 2_000)).toBe('STALE_QUESTION');
    const onSecond = apply(apply(apply(state, { type: 'next' }), { type: 'next' }), { type: 'next' }, 5_000);
    expect(refusal(onSecond, answer('ada', [1], 0), 6_000)).toBe('STALE_QUESTION');
  });

  it('is refused outside the question phase', () => {
    const state = questionOpen();
    const lobby = createGame({ questions: [question(0)], settings: { seed: 1 } });
    expect(refusal(apply(lobby, { type: 'join', playerId: 'ada', nickname: 'Ada' }), answer('ada', [1]))).toBe(
      'WRONG_PHASE',
    );
    // Once the question it was for has closed, an answer is too late.
    expect(refusal(apply(state, { type: 'next' }, 2_000), answer('ada', [1]), 2_500)).toBe('TIME_UP');
  });

  it('is refused from an unknown player', () => {
    expect(refusal(questionOpen(), answer('zed', [1]), 2_000)).toBe('UNKNOWN_PLAYER');
  });

  it.each([
    ['out of range', [4]],
    ['negative', [-1]],
    ['not an integer', [0.5]],
    ['empty', []],
    ['two for a single-answer question', [0, 1]],
    ['duplicated', [1, 1]],
  ])('is refused when %s', (_case, choices) => {
    expect(refusal(questionOpen(), answer('ada', choices), 2_000)).toBe('INVALID_CHOICE');
  });

  it('from a late joiner is accepted on the open question', () => {
    let state = apply(questionOpen(), { type: 'join', playerId: 'dee', nickname: 'Dee' }, 5_000);
    state = apply(state, answer('dee', [1]), 6_000);
    expect(state.players.dee!.answers[0]).toMatchObject({ correct: true, responseMs: 5_000 });
  });
});
