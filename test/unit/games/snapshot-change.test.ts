import { describe, expect, it } from 'vitest';
import { createGame, type GameState } from '../../../server/src/game/index.ts';
import { changedFields } from '../../../server/src/games/snapshot-change.ts';
import { apply, numberedQuestion } from '../../support/game-fixtures.ts';

/** Ada and Bob on question 0 of two, opened at t = 1000. */
function questionOpen(): GameState {
  let state = createGame({ questions: [numberedQuestion(1), numberedQuestion(2)], settings: { seed: 1 } });
  for (const id of ['ada', 'bob']) state = apply(state, { type: 'join', playerId: id, nickname: id });
  return apply(state, { type: 'start' }, 1_000);
}

describe('the fields a step changed since the stored snapshot', () => {
  it('are those of a step that changed no player, and only those', () => {
    const open = questionOpen();
    const paused = apply(open, { type: 'pause' }, 2_000);
    expect(changedFields(open, paused)).toEqual({ version: paused.version, deadline: null, pausedRemainingMs: paused.pausedRemainingMs, pausedAt: 2_000, pausedBy: 'host' });
  });

  it('take the next question and the leaderboard as they come, players and questions left out', () => {
    const open = questionOpen();
    const revealed = apply(apply(open, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 3_000), { type: 'answer', playerId: 'bob', questionIndex: 0, choices: [0] }, 4_000);
    const leaderboard = apply(revealed, { type: 'next' }, 5_000);
    const fields = changedFields(revealed, leaderboard)!;
    expect(fields).toMatchObject({ phase: 'leaderboard', version: leaderboard.version });
    expect(Object.keys(fields)).not.toContain('players');
    expect(Object.keys(fields)).not.toContain('questions');
  });

  it('are none when a player changed (an answer, a join): the state is stored whole', () => {
    const open = questionOpen();
    expect(changedFields(open, apply(open, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 3_000))).toBeNull();
    const lobby = createGame({ questions: [numberedQuestion(1)], settings: { seed: 1 } });
    expect(changedFields(lobby, apply(lobby, { type: 'join', playerId: 'ada', nickname: 'Ada' }))).toBeNull();
  });

  it('are none when a field went away', () => {
    const open = questionOpen();
    const { capacity: _capacity, ...withoutCapacity } = { ...open, capacity: 30, version: open.version + 1 };
    expect(changedFields({ ...open, capacity: 30 }, withoutCapacity as GameState)).toBeNull();
  });
});
