import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { activePlayers } from '../../server/src/game/index.ts';
import { loadSuspendedGames } from '../../server/src/games/resume-games.ts';
import { call, next, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

/**
 * Players who leave or are removed, as docs/protocol.md (Scoring) states it: out of the final
 * ranking, the report and the list's player count, but kept in GET /api/games/:id with their
 * answers, so the reveals that ranked them can still be recomputed from outside.
 */

type DetailPlayer = {
  id: string;
  nickname: string;
  score: number;
  joinOrder: number;
  status: 'playing' | 'left' | 'removed';
  outAt: string | null;
  rankedThrough: number | null;
  answers: { position: number; correct: boolean; responseMs: number; points: number }[];
};

/** The documented ranking over the answers to the questions up to `position`. */
function ranksThrough(players: DetailPlayer[], position: number): Map<string, number> {
  const upTo = (p: DetailPlayer) => p.answers.filter((a) => a.position <= position);
  const score = (p: DetailPlayer) => upTo(p).reduce((sum, a) => sum + a.points, 0);
  const totalMs = (p: DetailPlayer) => upTo(p).reduce((sum, a) => sum + a.responseMs, 0);
  const ranked = players.toSorted((a, b) => score(b) - score(a) || totalMs(a) - totalMs(b) || a.joinOrder - b.joinOrder);
  return new Map(ranked.map((p, i) => [p.id, i + 1]));
}

describe('players out of play in the stored game', () => {
  let server: LiveServer;
  let host: Instructor;

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
  });
  afterAll(() => server.close());

  it('ranks nobody who left or was removed at the end, and keeps them recomputable in the detail', async () => {
    const ids = ['sdlc.codebuild.001', 'sdlc.codebuild.002'];
    const { code, gameId, hostSocket } = await openRoom(server, host, ids.map((questionId) => ({ questionId, timeLimitSec: 20, readingSec: 0 })), 'Out of play');
    // Lea leaves in the lobby; Kim is removed after the first reveal; Dan and Eve never answer.
    const names = ['Ana', 'Lea', 'Ben', 'Kim', 'Cy', 'Dan', 'Eve'];
    const sockets = new Map<string, Socket>(names.map((name) => [name, server.player()]));
    const playerIds = new Map<string, string>();
    for (const name of names) playerIds.set(name, (await call(sockets.get(name)!, 'player:join', { code, nickname: name })).playerId);
    expect(await call(sockets.get('Lea')!, 'player:leave', {})).toEqual({ ok: true });

    const inPlay = names.filter((name) => name !== 'Lea');
    const reveals = new Map<number, Map<string, { rank: number; result: Record<string, unknown> }>>();
    const play = async (index: number, answers: [string, 'right' | 'wrong'][]) => {
      const players = index === 0 ? inPlay : inPlay.filter((name) => name !== 'Kim');
      const shown = next(sockets.get('Ana')!, 'game:question', (q) => q.index === index);
      await call(hostSocket, index === 0 ? 'host:start' : 'host:next', {});
      const view = await shown;
      const bank = await server.db.question.findUniqueOrThrow({ where: { id: ids[index]! } });
      const right = view.options.indexOf((bank.options as string[])[bank.answer[0]!]!);
      const revealed = players.map((name) => next(sockets.get(name)!, 'game:view', (v) => v.phase === 'reveal'));
      for (const [name, how] of answers) {
        server.clock.offsetMs += 1_000;
        expect(await call(sockets.get(name)!, 'player:answer', { questionIndex: index, choices: [how === 'right' ? right : (right + 1) % view.options.length] })).toMatchObject({ ok: true });
      }
      await call(hostSocket, 'host:next', {});
      const views = await Promise.all(revealed);
      reveals.set(index, new Map(players.map((name, i) => [name, { rank: views[i]!.result.rank, result: views[i]!.result }])));
    };

    await play(0, [['Kim', 'right'], ['Ana', 'right'], ['Ben', 'right'], ['Cy', 'wrong']]);
    // A missed question's reveal: nothing chosen, no streak, no bonus, no points.
    expect(reveals.get(0)!.get('Dan')!.result).toMatchObject({ answered: false, chosen: [], correct: false, streak: 0, streakBonus: 0, points: 0 });
    expect(reveals.get(0)!.get('Kim')!.rank).toBe(1);
    expect(await call(hostSocket, 'host:kick', { playerId: playerIds.get('Kim') })).toEqual({ ok: true });
    await call(hostSocket, 'host:next', {});
    await play(1, [['Ben', 'right'], ['Ana', 'right']]);
    const podium = next(sockets.get('Ana')!, 'game:view', (v) => v.phase === 'podium');
    await call(hostSocket, 'host:next', {});
    await call(hostSocket, 'host:next', {});
    expect((await podium).podium.playerCount).toBe(5);

    const game = (await host.agent.get(`/api/games/${gameId}`).expect(200)).body as { players: DetailPlayer[] };
    const byName = new Map(game.players.map((p) => [p.nickname, p]));
    expect(game.players.map((p) => p.nickname).toSorted()).toEqual(names.toSorted());
    expect(byName.get('Lea')).toMatchObject({ status: 'left', rankedThrough: -1, answers: [] });
    expect(byName.get('Kim')).toMatchObject({ status: 'removed', rankedThrough: 0, answers: [{ position: 0, correct: true }] });
    for (const name of ['Lea', 'Kim']) expect(Date.parse(byName.get(name)!.outAt!)).toBeGreaterThan(0);
    for (const name of inPlay.filter((n) => n !== 'Kim')) expect(byName.get(name)).toMatchObject({ status: 'playing', outAt: null, rankedThrough: null });
    // Join order counts everyone who joined; among players in play it keeps their order.
    expect(names.map((name) => byName.get(name)!.joinOrder)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    // Every reveal is recomputable: the players in play then are those in play now and those out after it.
    for (const [position, seen] of reveals) {
      const rankedThen = game.players.filter((p) => p.status === 'playing' || (p.rankedThrough ?? -1) >= position);
      const recomputed = ranksThrough(rankedThen, position);
      expect(Object.fromEntries([...seen].map(([name, { rank }]) => [name, rank]))).toEqual(
        Object.fromEntries([...seen.keys()].map((name) => [name, recomputed.get(byName.get(name)!.id)])),
      );
    }

    // The end: only players in play are ranked, in the report and in the list's count.
    const playing = game.players.filter((p) => p.status === 'playing');
    const final = ranksThrough(playing, ids.length - 1);
    const report = (await host.agent.get(`/api/games/${gameId}/report`).expect(200)).body;
    expect(report.students.map((s: { playerId: string; rank: number }) => [s.playerId, s.rank])).toEqual(
      playing.toSorted((a, b) => final.get(a.id)! - final.get(b.id)!).map((p) => [p.id, final.get(p.id)]),
    );
    expect(report.game.playerCount).toBe(5);
    // Dan and Eve tie on score and time: the one who joined first ranks first.
    expect(final.get(byName.get('Dan')!.id)! + 1).toBe(final.get(byName.get('Eve')!.id));
    // Kim's right answer is not in the class's numbers.
    expect(report.questions.find((q: { position: number }) => q.position === 0)).toMatchObject({ answered: 3, correct: 2 });
    const listed = (await host.agent.get('/api/games').expect(200)).body.find((g: { id: string }) => g.id === gameId);
    expect(listed.playerCount).toBe(5);
  });

  it('gives a game ended from the lobby no start time', async () => {
    const { code, gameId, hostSocket } = await openRoom(server, host, [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 20, readingSec: 0 }], 'Never started');
    await call(server.player(), 'player:join', { code, nickname: 'Ana' });
    expect(await call(hostSocket, 'host:end', {})).toEqual({ ok: true });
    const game = (await host.agent.get(`/api/games/${gameId}`).expect(200)).body;
    expect(game).toMatchObject({ status: 'ended', startedAt: null });
    expect(Date.parse(game.endedAt)).toBeGreaterThan(0);
    const listed = (await host.agent.get('/api/games').expect(200)).body.find((g: { id: string }) => g.id === gameId);
    expect(listed).toMatchObject({ status: 'ended', startedAt: null, playerCount: 1 });
    expect((await host.agent.get(`/api/games/${gameId}/report`).expect(200)).body.game).toMatchObject({ startedAt: null });
    const csv = await host.agent.get(`/api/games/${gameId}/report?format=csv&table=students`).expect(200);
    expect(csv.text).toContain('Ana');
  });

  it('keeps a player who left the lobby out of the game the server resumes after a restart', async () => {
    const { code, gameId } = await openRoom(server, host, [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 20, readingSec: 0 }], 'Resumed');
    await call(server.player(), 'player:join', { code, nickname: 'Ana' });
    const lea = server.player();
    await call(lea, 'player:join', { code, nickname: 'Lea' });
    expect(await call(lea, 'player:leave', {})).toEqual({ ok: true });
    // No phase change yet, so no snapshot: the stored players are all a restart has.
    const resumed = (await loadSuspendedGames(server.db)).find((game) => game.meta.gameId === gameId)!;
    expect(activePlayers(resumed.state).map((p) => p.nickname)).toEqual(['Ana']);
  });
});
