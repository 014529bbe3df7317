import { expect } from 'vitest';
import type { Socket } from 'socket.io-client';
import { call, next, type LiveServer } from './live-server.ts';

/**
 * A real game played next to whatever a test throws at the server: its own instructor, a host
 * socket and three students answering three single-answer questions with a fixed plan.
 * Accuracy-only scoring with streak bonus, so the final scores do not depend on timing:
 *   Ana  right, right, right  -> 1000 + 1100 + 1200 = 3300
 *   Ben  right, wrong, right  -> 1000 +    0 + 1000 = 2000
 *   Cleo wrong, wrong, wrong  -> 0
 * The room is locked after the students join, so stray joins are refused with ROOM_LOCKED.
 */
export const BESIDE_PLAN: Record<string, boolean[]> = {
  Ana: [true, true, true],
  Ben: [true, false, true],
  Cleo: [false, false, false],
};
export const BESIDE_EXPECTED: Record<string, number> = { Ana: 3300, Ben: 2000, Cleo: 0 };

export type BesideGame = Awaited<ReturnType<typeof openBesideGame>>;

export async function openBesideGame(server: LiveServer) {
  const owner = await server.instructor();
  const questions = await server.db.question.findMany({
    where: { type: 'single', archivedAt: null, source: 'seed' },
    orderBy: { id: 'asc' },
    take: 3,
  });
  const quiz = await owner.agent
    .post('/api/quizzes')
    .send({ title: 'Beside the fuzz', shuffleOptions: false, questions: questions.map((q) => ({ questionId: q.id, timeLimitSec: 240 })) })
    .expect(201);
  const created = await owner.agent
    .post('/api/games')
    .send({ quizId: quiz.body.id, settings: { accuracyOnly: true, streakBonus: true } })
    .expect(201);
  const { code, gameId } = created.body as { code: string; gameId: string };
  const host = server.host(owner.cookie);
  expect((await call(host, 'host:attach', { code })).ok).toBe(true);

  const students = new Map<string, Socket>();
  const disconnects: string[] = [];
  for (const nickname of Object.keys(BESIDE_PLAN)) {
    const socket = server.player();
    const ack = await call(socket, 'player:join', { code, nickname });
    expect(ack.ok).toBe(true);
    socket.on('disconnect', (reason: string) => disconnects.push(`${nickname}: ${reason}`));
    students.set(nickname, socket);
  }
  host.on('disconnect', (reason: string) => disconnects.push(`host: ${reason}`));
  expect(await call(host, 'host:lock', { locked: true })).toEqual({ ok: true });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  return {
    code,
    gameId,
    owner,
    quizId: quiz.body.id as string,
    /**
     * Plays the whole game, pausing `paceMs` between steps so that it overlaps the abuse next to
     * it; checks every ack and each student's own reveal on the way; resolves with the podium.
     */
    async play(paceMs = 0) {
      for (let q = 0; q < questions.length; q++) {
        const opened = [...students.values()].map((s) => next(s, 'game:question', (v) => v.index === q));
        const start = await call(host, q === 0 ? 'host:start' : 'host:next');
        expect(start).toEqual({ ok: true });
        await Promise.all(opened);
        await sleep(paceMs);
        const reveals = new Map([...students].map(([name, s]) => [name, next(s, 'game:view', (v) => v.phase === 'reveal' && v.reveal.index === q)]));
        const hostReveal = next(host, 'host:view', (v) => v.phase === 'reveal' && v.index === q);
        const answer = questions[q]!.answer;
        for (const [name, socket] of students) {
          const right = BESIDE_PLAN[name]![q]!;
          const choices = right ? answer : [answer[0] === 0 ? 1 : 0];
          expect(await call(socket, 'player:answer', { questionIndex: q, choices }), `${name} q${q}`).toEqual({ ok: true, questionIndex: q });
          await sleep(paceMs / 3);
        }
        await hostReveal; // everyone answered: the question closes by itself
        for (const [name, reveal] of reveals) {
          expect((await reveal).result, `${name} reveal of q${q}`).toMatchObject({ answered: true, correct: BESIDE_PLAN[name]![q] });
        }
        await sleep(paceMs);
        const board = next(host, 'host:view', (v) => v.phase === 'leaderboard');
        expect(await call(host, 'host:next')).toEqual({ ok: true });
        await board;
        await sleep(paceMs);
      }
      const podium = next(host, 'host:view', (v) => v.phase === 'podium');
      expect(await call(host, 'host:next')).toEqual({ ok: true });
      return (await podium).podium as { podium: { nickname: string; score: number; rank: number }[]; playerCount: number; endedEarly: boolean };
    },
    /** Stored scores by nickname. */
    async storedScores() {
      const players = await server.db.player.findMany({ where: { gameId } });
      return Object.fromEntries(players.map((p) => [p.nickname, p.score]));
    },
    /** Every disconnect the game's own sockets saw (none expected). */
    disconnects,
    host,
    students,
  };
}

/** The beside game finished exactly as planned: podium, stored scores, nobody cut off. */
export async function expectBesideGameUnaffected(game: BesideGame, podium: Awaited<ReturnType<BesideGame['play']>>) {
  expect(podium.endedEarly).toBe(false);
  expect(podium.playerCount).toBe(3);
  expect(Object.fromEntries(podium.podium.map((p) => [p.nickname, p.score]))).toEqual(BESIDE_EXPECTED);
  expect(podium.podium.map((p) => p.nickname)).toEqual(['Ana', 'Ben', 'Cleo']);
  expect(await game.storedScores()).toEqual(BESIDE_EXPECTED);
  expect(game.disconnects).toEqual([]);
}
