import { describe, expect, it } from 'vitest';
import { createGame, leaderboardView, podiumView, rankPlayers } from '../../../server/src/game/index.ts';
import type { GameState, Player } from '../../../server/src/game/index.ts';
import { apply, singleQuestion } from '../../support/game-fixtures.ts';

const question = singleQuestion();

function withPlayers(players: Partial<Player>[], podiumSize: 3 | 4 | 5 = 3): GameState {
  let state = createGame({ questions: [question], settings: { seed: 1, podiumSize } });
  players.forEach((player, i) => {
    const id = player.id ?? `p${i}`;
    state = apply(state, { type: 'join', playerId: id, nickname: id });
    state = { ...state, players: { ...state.players, [id]: { ...state.players[id]!, ...player } } };
  });
  return state;
}

describe('ranking', () => {
  it('puts the faster player first when scores are tied', () => {
    const state = withPlayers([
      { id: 'slow', score: 900, totalResponseMs: 8_000 },
      { id: 'fast', score: 900, totalResponseMs: 3_000 },
      { id: 'top', score: 1500, totalResponseMs: 19_000 },
    ]);
    expect(rankPlayers(state).map((r) => [r.playerId, r.rank])).toEqual([
      ['top', 1],
      ['fast', 2],
      ['slow', 3],
    ]);
  });

  it('breaks a tie in play by the total response time', () => {
    let state = createGame({ questions: [question], settings: { seed: 1, accuracyOnly: true } });
    state = apply(state, { type: 'join', playerId: 'slow', nickname: 'Slow' });
    state = apply(state, { type: 'join', playerId: 'fast', nickname: 'Fast' });
    state = apply(state, { type: 'start' }, 0);
    state = apply(state, { type: 'answer', playerId: 'fast', questionIndex: 0, choices: [1] }, 9_000);
    state = apply(state, { type: 'answer', playerId: 'slow', questionIndex: 0, choices: [1] }, 12_000);
    expect(rankPlayers(state)).toEqual([
      { playerId: 'fast', nickname: 'Fast', score: 1000, rank: 1, correctCount: 1, totalResponseMs: 9_000 },
      { playerId: 'slow', nickname: 'Slow', score: 1000, rank: 2, correctCount: 1, totalResponseMs: 12_000 },
    ]);
  });

  it('falls back to the joining order on a full tie', () => {
    const state = withPlayers([
      { id: 'first', score: 500, totalResponseMs: 1_000 },
      { id: 'second', score: 500, totalResponseMs: 1_000 },
    ]);
    expect(rankPlayers(state).map((r) => r.playerId)).toEqual(['first', 'second']);
  });

  it('leaves kicked players out', () => {
    let state = withPlayers([{ id: 'best', score: 3000 }, { id: 'other', score: 100 }]);
    state = apply(state, { type: 'kick', playerIds: ['best'] });
    expect(rankPlayers(state)).toEqual([
      { playerId: 'other', nickname: 'other', score: 100, rank: 1, correctCount: 0, totalResponseMs: 0 },
    ]);
  });

  it('orders any generated room consistently (score desc, time asc, join order)', () => {
    let seed = 3;
    const next = (max: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % max;
    };
    for (let round = 0; round < 200; round++) {
      const players = Array.from({ length: 1 + next(12) }, () => ({
        score: next(4) * 500,
        totalResponseMs: next(3) * 1000,
        kicked: next(5) === 0,
      }));
      const state = withPlayers(players);
      const ranked = rankPlayers(state);
      expect(ranked.length).toBe(players.filter((p) => !p.kicked).length);
      ranked.forEach((r, i) => {
        expect(r.rank).toBe(i + 1);
        const previous = ranked[i - 1];
        if (!previous) return;
        const a = state.players[previous.playerId]!;
        const b = state.players[r.playerId]!;
        const inOrder =
          a.score > b.score ||
          (a.score === b.score && a.totalResponseMs < b.totalResponseMs) ||
          (a.score === b.score && a.totalResponseMs === b.totalResponseMs && a.joinedSeq < b.joinedSeq);
        expect(inOrder).toBe(true);
      });
    }
  });

  it('shows the top five on the leaderboard and podiumSize places on the podium', () => {
    const state = withPlayers(
      Array.from({ length: 7 }, (_, i) => ({ score: 100 * i })),
      4,
    );
    expect(leaderboardView(state)).toMatchObject({ playerCount: 7 });
    expect(leaderboardView(state).top).toEqual([6, 5, 4, 3, 2].map((i, place) => ({ rank: place + 1, nickname: state.players[`p${i}`]!.nickname, score: 100 * i })));
    expect(leaderboardView(state, 2).top).toHaveLength(2);
    expect(podiumView(state).podium.map((r) => r.playerId)).toEqual(['p6', 'p5', 'p4', 'p3']);
  });
});
