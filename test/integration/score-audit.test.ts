import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, next, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

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

  it('recomputes every stored point and score from the exposed response times', async () => {
    const ids = ['sdlc.codebuild.001', 'sdlc.codebuild.002', 'sdlc.codebuild.003', 'sdlc.codebuild.004'];
    const questions = ids.map((questionId, i) => ({ questionId, timeLimitSec: 20, readingSec: 0, doublePoints: i === 2 }));
    const { code, gameId, hostSocket } = await openRoom(server, host, questions, 'Audit');
    const names = ['Ana', 'Ben', 'Cy'];
    const students = names.map(() => server.player());
    for (const [i, socket] of students.entries()) await call(socket, 'player:join', { code, nickname: names[i] });

    // Ana is always right (a streak), Ben right then wrong, Cy misses the first and answers late.
    for (let index = 0; index < ids.length; index++) {
      const question = next(students[0]!, 'game:question', (q) => q.index === index);
      await call(hostSocket, index === 0 ? 'host:start' : 'host:next', {});
      const view = await question;
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
      if (index > 0) await call(students[2]!, 'player:answer', { questionIndex: index, choices: [right] });
      else await call(hostSocket, 'host:next', {});
      await revealed;
      if (index < ids.length - 1) await call(hostSocket, 'host:next', {});
    }

    const game = (await host.agent.get(`/api/games/${gameId}`).expect(200)).body;
    expect(game.players).toHaveLength(3);
    const answered = game.players.flatMap((p: { answers: unknown[] }) => p.answers);
    expect(answered.length).toBe(11);
    for (const player of game.players) {
      let streak = 0;
      let total = 0;
      for (const question of game.questions) {
        const answer = player.answers.find((a: { position: number }) => a.position === question.position);
        const points = answer ? documentedPoints(answer, question, streak) : 0;
        if (answer) expect(answer.points).toBe(points);
        streak = answer?.correct ? streak + 1 : 0;
        total += points;
      }
      expect(player.score).toBe(total);
    }
    // Response times are those of the rooms' clock, from when answers opened.
    const ana = game.players.find((p: { nickname: string }) => p.nickname === 'Ana');
    const cy = game.players.find((p: { nickname: string }) => p.nickname === 'Cy');
    expect(Math.max(...ana.answers.map((a: { responseMs: number }) => a.responseMs))).toBeLessThan(3_000);
    expect(Math.min(...cy.answers.map((a: { responseMs: number }) => a.responseMs))).toBeGreaterThanOrEqual(8_000);
    expect(ana.answers.every((a: { correct: boolean }) => a.correct)).toBe(true);
    expect(ana.answers[2].points).toBeGreaterThan(2_000);
  });
});
