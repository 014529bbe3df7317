import { describe, expect, it } from 'vitest';
import { createGame, type GameState } from '../../../server/src/game/index.ts';
import { snapshotChange } from '../../../server/src/games/snapshot-change.ts';
import { apply, numberedQuestion } from '../../support/game-fixtures.ts';

/** Ada and Bob on question 0 of two, opened at t = 1000. */
function questionOpen(): GameState {
  let state = createGame({ questions: [numberedQuestion(1), numberedQuestion(2)], settings: { seed: 1 } });
  for (const id of ['ada', 'bob']) state = apply(state, { type: 'join', playerId: id, nickname: id });
  return apply(state, { type: 'start' }, 1_000);
}

describe('the change between two snapshots of a room', () => {
  it('of a phase change alone holds the fields that changed and no player', () => {
    const open = questionOpen();
    const paused = apply(open, { type: 'pause' }, 2_000);
    const change = snapshotChange(open, paused)!;
    expect(change.fields).toEqual({ version: paused.version, deadline: null, pausedRemainingMs: paused.pausedRemainingMs, pausedAt: 2_000, pausedBy: 'host' });
    expect(change).toMatchObject({ newPlayers: {}, playerFields: {}, changed: [] });
  });

  it('of a reveal holds, per player who answered, the fields and the one answer that changed', () => {
    const open = questionOpen();
    const answered = apply(apply(open, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 3_000), { type: 'answer', playerId: 'bob', questionIndex: 0, choices: [0] }, 4_000);
    expect(answered.phase).toBe('reveal');
    const change = snapshotChange(open, answered)!;
    const ada = answered.players.ada!;
    expect(change.playerFields.ada).toEqual({ score: ada.score, streak: 1, correctCount: 1, totalResponseMs: ada.totalResponseMs, answers: { 0: ada.answers[0] } });
    expect(Object.keys(change.playerFields.bob!).sort()).toEqual(['answers', 'totalResponseMs']);
    expect(change.changed.map((player) => player.id).sort()).toEqual(['ada', 'bob']);
  });

  it('holds a player who joined since whole', () => {
    const lobby = createGame({ questions: [numberedQuestion(1)], settings: { seed: 1 } });
    const joined = apply(lobby, { type: 'join', playerId: 'ada', nickname: 'Ada' });
    expect(snapshotChange(lobby, joined)!.newPlayers).toEqual({ ada: joined.players.ada });
  });

  it('is none when the new state drops something the stored one has (an answer of a skipped question): the state is stored whole', () => {
    const open = questionOpen();
    const answered = apply(open, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 3_000);
    const skipped = apply(answered, { type: 'skip' }, 4_000);
    expect(skipped.players.ada!.answers[0]).toBeUndefined();
    expect(snapshotChange(answered, skipped)).toBeNull();
  });
});
