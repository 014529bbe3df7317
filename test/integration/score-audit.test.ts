import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, next, openRoom, record, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

/**
 * Every score can be recomputed from outside: GET /api/games/:id exposes each stored answer's
 * response time, and the rules in docs/protocol.md (Scoring), written out here on their own, give
 * back every stored point and every final score.
 */
function documentedPoints(answer: { correct: boolean; responseMs: number }, question: { timeLimitSec: number; doublePoints: boolean }, streakBefore: number) {
  if (!answer.correct) return 0;
  const full = question.doublePoints ? 2000 : 1000;
  const limitMs = question.timeLimitSec * 1000;
  const base = answer.responseMs < 500 ? full : Math.round(full * (1 - Math.min(answer.responseMs, limitMs) / limitMs / 2));
  return base + Math.min(100 * streakBefore, 500);
}

describe('scores verifiable from the game API', () => {
  let server: LiveServer;
  let host: Instructor;

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
  });
  afterAll(() => server.close());

  it('recomputes every stored point, score and rank from the exposed data, a skipped question included', async () => {
    const ids = ['sdlc.codebuild.001', 'sdlc.codebuild.002', 'sdlc.codebuild.003', 'sdlc.codebuild.004', 'sdlc.codebuild.005'];
    const SKIPPED = 2;
    const questions = ids.map((questionId, i) => ({ questionId, timeLimitSec: 20, readingSec: 0, doublePoints: i === 3 }));
    const { code, gameId, hostSocket } = await openRoom(server, host, questions, 'Audit');
    const names = ['Ana', 'Ben', 'Cy'];
    const students = names.map(() => server.player());
    for (const [i, socket] of students.entries()) await call(socket, 'player:join', { code, nickname: names[i] });
    const seen = record(students[0]!);
    const questionView = (index: number) =>
      seen.find((entry) => entry.event === 'game:question' && entry.payload.index === index)?.payload ?? next(students[0]!, 'game:question', (q) => q.index === index);

    // Ana is always right (a streak), Ben right then wrong, Cy misses the first and answers late.
    // The host skips the third question after Ana and Ben answered it.
    for (let index = 0; index < ids.length; index++) {
      if (index !== SKIPPED + 1) await call(hostSocket, index === 0 ? 'host:start' : 'host:next', {});
      const view = await questionView(index);
      const correct = (await server.db.question.findUniqueOrThrow({ where: { id: ids[index]! } })).answer;
      // The displayed order may be shuffled: find the displayed index of the first correct option.
      const bank = (await server.db.question.findUniqueOrThrow({ where: { id: ids[index]! } })).options as string[];
      const right = view.options.indexOf(bank[correct[0]!]!);
      const wrong = right === 0 ? 1 : 0;
      const revealed = next(students[0]!, 'game:view', (v) => v.phase === 'reveal');
      await call(students[0]!, 'player:answer', { questionIndex: index, choices: [right] });
      server.clock.offsetMs += 3_000;
      await call(students[1]!, 'player:answer', { questionIndex: index, choices: [index % 2 === 0 ? right : wrong] });
      server.clock.offsetMs += 5_000;
      if (index === SKIPPED) {
        // Straight to the next question: no reveal, no leaderboard; the skipped one is gone.
        await call(hostSocket, 'host:skip', {});
        await questionView(index + 1);
        expect(await call(students[2]!, 'player:answer', { questionIndex: index, choices: [right] })).toMatchObject({ ok: false, error: { code: 'STALE_QUESTION' } });
        expect(seen.filter((entry) => entry.event === 'game:view' && entry.payload.phase !== 'leaderboard').map((entry) => entry.payload.reveal?.index)).toEqual([0, 1]);
        continue;
      }
      if (index > 0) await call(students[2]!, 'player:answer', { questionIndex: index, choices: [right] });
      else await call(hostSocket, 'host:next', {});
      await revealed;
      if (index < ids.length - 1) await call(hostSocket, 'host:next', {});
    }

    const game = (await host.agent.get(`/api/games/${gameId}`).expect(200)).body;
    expect(game.questions.map((q: { skipped: boolean }) => q.skipped)).toEqual([false, false, true, false, false]);
    expect(game.players).toHaveLength(3);
    const answered = game.players.flatMap((p: { answers: { position: number }[] }) => p.answers);
    expect(answered.length).toBe(11);
    expect(answered.some((a: { position: number }) => a.position === SKIPPED)).toBe(false);
    type Outcome = { score: number; answers: { position: number; correct: boolean; responseMs: number; points: number }[] };
    /** The documented rules; `skipAsMiss` is what a reader who cannot tell a skip from a miss would do. */
    const recompute = (player: Outcome, skipAsMiss = false) => {
      let streak = 0;
      let total = 0;
      for (const question of game.questions) {
        // A skipped question scores nobody and keeps streaks as they were.
        if (question.skipped && !skipAsMiss) continue;
        const answer = player.answers.find((a) => a.position === question.position);
        const points = answer ? documentedPoints(answer, question, streak) : 0;
        if (answer && !skipAsMiss) expect(answer.points).toBe(points);
        streak = answer?.correct ? streak + 1 : 0;
        total += points;
      }
      return total;
    };
    for (const player of game.players) expect(player.score).toBe(recompute(player));
    // Taken for a question nobody answered, the skip would break Ana's streak: her score would not add up.
    const ana = game.players.find((p: { nickname: string }) => p.nickname === 'Ana');
    expect(recompute(ana, true)).not.toBe(ana.score);

    // Ranks: score, then the lower total response time, then who joined first (joinOrder).
    expect(Object.fromEntries(game.players.map((p: { nickname: string; joinOrder: number }) => [p.nickname, p.joinOrder]))).toEqual({ Ana: 1, Ben: 2, Cy: 3 });
    const totalMs = (p: Outcome) => p.answers.reduce((sum, a) => sum + a.responseMs, 0);
    const ranked = [...game.players].sort((a, b) => b.score - a.score || totalMs(a) - totalMs(b) || a.joinOrder - b.joinOrder);
    const report = (await host.agent.get(`/api/games/${gameId}/report`).expect(200)).body;
    expect(report.students.map((s: { playerId: string; rank: number }) => [s.playerId, s.rank])).toEqual(ranked.map((p, i) => [p.id, i + 1]));
    const skippedRow = report.questions.find((q: { position: number }) => q.position === SKIPPED);
    expect(skippedRow).toMatchObject({ skipped: true, answered: 0, accuracy: null });
    expect(report.questions.filter((q: { skipped: boolean }) => q.skipped)).toHaveLength(1);

    // Response times are those of the rooms' clock, from when answers opened.
    const cy = game.players.find((p: { nickname: string }) => p.nickname === 'Cy');
    expect(Math.max(...ana.answers.map((a: { responseMs: number }) => a.responseMs))).toBeLessThan(3_000);
    expect(Math.min(...cy.answers.map((a: { responseMs: number }) => a.responseMs))).toBeGreaterThanOrEqual(8_000);
    expect(ana.answers.every((a: { correct: boolean }) => a.correct)).toBe(true);
    expect(ana.answers.find((a: { position: number }) => a.position === 3).points).toBeGreaterThan(2_000);
  });
});
