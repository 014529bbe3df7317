import { describe, expect, it } from 'vitest';
import { createGame, questionView, reduce } from '../../../server/src/game/index.ts';
import type { Command, GameState } from '../../../server/src/game/index.ts';
import { apply, refusal, singleQuestion } from '../../support/game-fixtures.ts';

const LIMIT = 20_000;

const question = singleQuestion({ timeLimitMs: LIMIT });

/** Ada and Bob on the only question, opened at t = 0. */
function questionOpen(): GameState {
  let state = createGame({ questions: [question], settings: { seed: 1 } });
  state = apply(state, { type: 'join', playerId: 'ada', nickname: 'Ada' });
  state = apply(state, { type: 'join', playerId: 'bob', nickname: 'Bob' });
  return apply(state, { type: 'start' }, 0);
}

const ada = (choices: number[]): Command => ({ type: 'answer', playerId: 'ada', questionIndex: 0, choices });

describe('pausing a question', () => {
  it('stops the clock and keeps the remaining time', () => {
    const result = reduce(questionOpen(), { type: 'pause' }, 5_000);
    expect(result.ok && result.events).toEqual([{ type: 'paused' }]);
    const paused = result.ok ? result.state : questionOpen();
    expect(paused).toMatchObject({ deadline: null, pausedRemainingMs: 15_000 });
    expect(questionView(paused, 60_000)).toMatchObject({ paused: true, remainingMs: 15_000 });
  });

  it('remembers who paused: the host unless the server says it did, until the question runs again', () => {
    expect(apply(questionOpen(), { type: 'pause' }, 5_000).pausedBy).toBe('host');
    const forRestart = apply(questionOpen(), { type: 'pause', by: 'server' }, 5_000);
    expect(forRestart.pausedBy).toBe('server');
    expect(apply(forRestart, { type: 'resume' }, 6_000).pausedBy).toBeNull();
  });

  it('refuses answers and the timer while paused', () => {
    const paused = apply(questionOpen(), { type: 'pause' }, 5_000);
    expect(refusal(paused, ada([1]), 6_000)).toBe('PAUSED');
    expect(refusal(paused, { type: 'timeUp' }, 30_000)).toBe('PAUSED');
  });

  it('refuses a second pause and a resume without a pause', () => {
    const state = questionOpen();
    expect(refusal(state, { type: 'resume' }, 1_000)).toBe('NOT_PAUSED');
    expect(refusal(apply(state, { type: 'pause' }, 1_000), { type: 'pause' }, 2_000)).toBe('ALREADY_PAUSED');
  });

  it('only works on an open question', () => {
    const state = questionOpen();
    expect(refusal(apply(state, { type: 'next' }, 1_000), { type: 'pause' }, 2_000)).toBe('WRONG_PHASE');
    const lobby = createGame({ questions: [question], settings: { seed: 1 } });
    expect(refusal(lobby, { type: 'pause' })).toBe('WRONG_PHASE');
    expect(refusal(lobby, { type: 'resume' })).toBe('WRONG_PHASE');
  });
});

describe('resuming a question', () => {
  it('moves the deadline by the paused time', () => {
    const paused = apply(questionOpen(), { type: 'pause' }, 5_000);
    const result = reduce(paused, { type: 'resume' }, 12_000);
    expect(result.ok && result.events).toEqual([{ type: 'resumed' }]);
    expect(result.ok && result.state).toMatchObject({ deadline: 27_000, pausedRemainingMs: null, pausedTotalMs: 7_000 });
    const resumed = result.ok ? result.state : paused;
    expect(refusal(resumed, { type: 'timeUp' }, 26_999)).toBe('TOO_EARLY');
    expect(refusal(resumed, { type: 'timeUp' }, 27_000)).toBe('accepted');
  });

  it('leaves the paused time out of the response time and the points', () => {
    let state = apply(questionOpen(), { type: 'pause' }, 4_000);
    state = apply(state, { type: 'resume' }, 9_000); // 5 s paused
    state = apply(state, { type: 'pause' }, 10_000);
    state = apply(state, { type: 'resume' }, 13_000); // 3 s paused
    state = apply(state, ada([1]), 18_000);
    expect(state.pausedTotalMs).toBe(8_000);
    expect(state.players.ada!.answers[0]).toMatchObject({ responseMs: 10_000, points: 750 });
  });

  it('accepts an answer that only the pause kept inside the time limit', () => {
    let state = apply(questionOpen(), { type: 'pause' }, 1_000);
    state = apply(state, { type: 'resume' }, 11_000);
    expect(refusal(state, ada([1]), LIMIT + 5_000)).toBe('accepted');
  });
});
