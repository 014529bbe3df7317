import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWithRoster, call, next, record, startLiveServer, type LiveServer } from '../support/live-server.ts';

const QUESTION_IDS = ['sdlc.codebuild.001', 'security.guardduty.001', 'resilience.dr-tips.001', 'monitoring.athena.001', 'config-iac.cfn-drift.001'];

type Student = { name: string; socket: Socket; playerId: string; token: string; log: { event: string; payload: any }[] };

describe('a live game through real sockets', () => {
  let server: LiveServer;
  let host: Awaited<ReturnType<LiveServer['instructor']>>;
  const correctOf = new Map<string, number[]>();
  const wrongOf = new Map<string, number[]>();
  const explanationOf = new Map<string, string>();

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
    // Make the quiz cover all three types.
    const multiple = await server.db.question.findFirstOrThrow({ where: { type: 'multiple', topicId: 'sdlc.codedeploy' }, orderBy: { id: 'asc' } });
    const truefalse = await server.db.question.findFirstOrThrow({ where: { type: 'truefalse' }, orderBy: { id: 'asc' } });
    QUESTION_IDS[1] = multiple.id;
    QUESTION_IDS[3] = truefalse.id;
    for (const q of await server.db.question.findMany({ where: { id: { in: QUESTION_IDS } } })) {
      correctOf.set(q.id, q.answer);
      const wrong = q.options.map((_, i) => i).filter((i) => !q.answer.includes(i)).slice(0, q.answer.length);
      wrongOf.set(q.id, wrong);
      explanationOf.set(q.id, q.explanation);
    }
  });
  afterAll(() => server.close());

  async function openGame(settings = {}) {
    const quiz = await host.agent
      .post('/api/quizzes')
      .send({ title: 'Live test', questions: QUESTION_IDS.map((questionId) => ({ questionId, timeLimitSec: 60 })) })
      .expect(201);
    const game = await host.agent.post('/api/games').send({ quizId: quiz.body.id, settings }).expect(201);
    expect(game.body.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    expect(game.body.joinUrl).toMatch(new RegExp(`/join/${game.body.code}$`));
    const hostSocket = server.host(host.cookie);
    const roster = await attachWithRoster(hostSocket, game.body.code);
    expect(roster.view).toMatchObject({ phase: 'lobby', questionCount: 5 });
    expect(roster.players()).toEqual([]);
    return { code: game.body.code as string, gameId: game.body.gameId as string, hostSocket, roster };
  }

  async function join(code: string, name: string): Promise<Student> {
    const socket = server.player();
    const log = record(socket);
    const ack = await call(socket, 'player:join', { code: code.toLowerCase(), nickname: `  ${name}  ` });
    expect(ack).toMatchObject({ ok: true, view: { phase: 'lobby', you: { nickname: name, score: 0 } } });
    return { name, socket, playerId: ack.playerId, token: ack.rejoinToken, log };
  }

  it('plays 5 questions with 30 students to the podium; the database holds what the clients were told', async () => {
    const { code, gameId, hostSocket, roster } = await openGame();
    const students: Student[] = [];
    for (let i = 0; i < 30; i++) students.push(await join(code, `Student ${i + 1}`));
    const lobby = await roster.until((players) => players.length === 30 && players.every((p) => p.connected));
    expect(lobby.map((p) => p.nickname)).toEqual(students.map((s) => s.name));
    expect(lobby.map((p) => p.id)).toEqual(students.map((s) => s.playerId));

    const told = new Map<string, { points: number[]; score: number }>(students.map((s) => [s.playerId, { points: [], score: 0 }]));

    for (let q = 0; q < 5; q++) {
      const questionId = QUESTION_IDS[q]!;
      const questionsShown = students.map((s) => next(s.socket, 'game:question', (v) => v.index === q));
      const started = await call(hostSocket, q === 0 ? "host:start" : "host:next");
      expect(started, JSON.stringify(started)).toEqual({ ok: true });
      const shown = await Promise.all(questionsShown);
      expect(shown[0]).toMatchObject({ index: q, count: 5, remainingMs: expect.any(Number) });
      expect(shown[0].remainingMs).toBeGreaterThan(50_000);

      // Student 30 sits question 3 out; everyone else answers, a third of them wrongly.
      const answering = students.filter((_, i) => !(q === 2 && i === 29));
      const reveals = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'reveal'));
      const acks = await Promise.all(
        answering.map((s, i) =>
          call(s.socket, 'player:answer', { questionIndex: q, choices: (i + q) % 3 === 0 ? wrongOf.get(questionId) : correctOf.get(questionId) }),
        ),
      );
      expect(acks.every((a) => a.ok)).toBe(true);
      if (answering.length < students.length) expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });

      for (const [i, view] of (await Promise.all(reveals)).entries()) {
        const student = students[i]!;
        expect(view.reveal.correct).toEqual(correctOf.get(questionId));
        expect(view.reveal.explanation).toBe(explanationOf.get(questionId));
        const expectedCorrect = !(q === 2 && i === 29) && (answering.indexOf(student) + q) % 3 !== 0;
        expect(view.result.correct).toBe(expectedCorrect);
        const mine = told.get(student.playerId)!;
        mine.points.push(view.result.points);
        mine.score = view.result.score;
        expect(view.result.score).toBe(mine.points.reduce((a, b) => a + b, 0));
      }

      const boards = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'leaderboard' || v.phase === 'podium'));
      expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
      const board = (await Promise.all(boards))[0];
      expect(board.phase).toBe('leaderboard');
      expect(board.leaderboard.top).toHaveLength(5);
    }

    const podiums = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'podium'));
    expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    const finals = await Promise.all(podiums);
    expect(finals[0].podium.podium).toHaveLength(3);

    // The database holds exactly the answers and scores the students were told.
    const players = await server.db.player.findMany({ where: { gameId } });
    const answers = await server.db.answer.findMany({ where: { gameId } });
    expect(players).toHaveLength(30);
    expect(answers).toHaveLength(5 * 30 - 1);
    for (const [i, student] of students.entries()) {
      const mine = told.get(student.playerId)!;
      expect(finals[i].you.score).toBe(mine.score);
      expect(players.find((p) => p.id === student.playerId)!.score).toBe(mine.score);
      const stored = answers.filter((a) => a.playerId === student.playerId).sort((a, b) => QUESTION_IDS.indexOf(a.questionId) - QUESTION_IDS.indexOf(b.questionId));
      expect(stored.map((a) => a.points)).toEqual(mine.points.filter((_, q) => !(q === 2 && i === 29)));
    }
    const ranks = finals.map((f) => f.you.rank).sort((a, b) => a - b);
    expect(ranks).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const game = await server.db.game.findUniqueOrThrow({ where: { id: gameId } });
    expect(game.status).toBe('ended');
    expect(game.endedAt).toBeInstanceOf(Date);

    // Nothing a student received before a reveal held a correct answer or an explanation.
    for (const student of students) {
      for (const { event, payload } of student.log) {
        const phase = event === 'game:question' ? 'question' : payload?.phase;
        if (phase !== 'question' && phase !== 'lobby') continue;
        const text = JSON.stringify(payload);
        expect(text).not.toMatch(/"(correct|answer|explanation)"/);
        for (const explanation of explanationOf.values()) expect(text).not.toContain(explanation);
      }
    }
  });

  it('lets a student who drops mid-question rejoin with the token and keep the score', async () => {
    const { code, hostSocket, roster } = await openGame();
    const ana = await join(code, 'Ana');
    const ben = await join(code, 'Ben');
    await call(hostSocket, 'host:start');
    await call(ana.socket, 'player:answer', { questionIndex: 0, choices: correctOf.get(QUESTION_IDS[0]!) });
    const revealed = next(ana.socket, 'game:view', (v) => v.phase === 'reveal');
    await call(ben.socket, 'player:answer', { questionIndex: 0, choices: correctOf.get(QUESTION_IDS[0]!) });
    const scoreBefore = (await revealed).result.score;
    expect(scoreBefore).toBeGreaterThan(500);
    await call(hostSocket, 'host:next'); // leaderboard
    await call(hostSocket, 'host:next'); // question 2

    // Ana's phone locks: the connection drops mid-question.
    ana.socket.disconnect();
    await roster.until((players) => players.some((p) => p.nickname === 'Ana' && !p.connected));
    const phone = server.player();
    const back = await call(phone, 'player:rejoin', { code, token: ana.token });
    expect(back).toMatchObject({ ok: true, playerId: ana.playerId, view: { phase: 'question', answered: false, you: { nickname: 'Ana', score: scoreBefore } } });
    expect(back.view.question.index).toBe(1);
    expect(back.view.question.remainingMs).toBeGreaterThan(0);

    const reveal = next(phone, 'game:view', (v) => v.phase === 'reveal');
    expect((await call(phone, 'player:answer', { questionIndex: 1, choices: correctOf.get(QUESTION_IDS[1]!) })).ok).toBe(true);
    await call(ben.socket, 'player:answer', { questionIndex: 1, choices: wrongOf.get(QUESTION_IDS[1]!) });
    const after = await reveal;
    expect(after.result.correct).toBe(true);
    expect(after.result.score).toBe(scoreBefore + after.result.points);

    const forged = await call(server.player(), 'player:rejoin', { code, token: 'x'.repeat(32) });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_TOKEN' } });
  });

  it('gives a seat to the newest connection: one still open elsewhere is told and can no longer act for it', async () => {
    const { code, hostSocket } = await openGame();
    const ana = await join(code, 'Ana');
    const ben = await join(code, 'Ben');
    // Ana opens the game in a second tab while the first stays connected.
    const told = next(ana.socket, 'seat:moved');
    const tab = server.player();
    expect(await call(tab, 'player:rejoin', { code, token: ana.token })).toMatchObject({ ok: true, playerId: ana.playerId });
    expect(await told).toEqual({});
    const listed = async () => (await call(hostSocket, 'host:players', {})).players.find((p: { id: string }) => p.id === ana.playerId);
    expect(await listed()).toMatchObject({ connected: true });

    const opened = next(tab, 'game:question', (q) => q.index === 0);
    await call(hostSocket, 'host:start');
    await opened;
    expect(ana.log.filter((entry) => entry.event === 'game:question')).toEqual([]);
    expect(await call(ana.socket, 'player:answer', { questionIndex: 0, choices: correctOf.get(QUESTION_IDS[0]!) })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    // Leaving from the old tab gives nothing up: the seat is played in the new one.
    expect(await call(ana.socket, 'player:leave', {})).toEqual({ ok: true });
    const reveal = next(tab, 'game:view', (v) => v.phase === 'reveal');
    expect(await call(tab, 'player:answer', { questionIndex: 0, choices: correctOf.get(QUESTION_IDS[0]!) })).toMatchObject({ ok: true });
    await call(ben.socket, 'player:answer', { questionIndex: 0, choices: wrongOf.get(QUESTION_IDS[0]!) });
    expect((await reveal).result).toMatchObject({ answered: true, correct: true, playerCount: 2 });
    // The old tab closing does not show the seat as gone: the new one holds it.
    ana.socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await listed()).toMatchObject({ connected: true });
  });

  it('gives the host the roster a page at a time, with scores and who answered', async () => {
    const { code, hostSocket } = await openGame();
    const [ana, ben, cleo] = [await join(code, 'Ana'), await join(code, 'Ben'), await join(code, 'Cleo')];
    await call(hostSocket, 'host:start');
    expect((await call(ben.socket, 'player:answer', { questionIndex: 0, choices: correctOf.get(QUESTION_IDS[0]!) })).ok).toBe(true);
    const page = await call(hostSocket, 'host:players', { offset: 1, limit: 2 });
    expect(page).toEqual({
      ok: true,
      total: 3,
      offset: 1,
      players: [
        { id: ben.playerId, nickname: 'Ben', connected: true, joinedMsAgo: expect.any(Number), score: 0, answered: true },
        { id: cleo.playerId, nickname: 'Cleo', connected: true, joinedMsAgo: expect.any(Number), score: 0, answered: false },
      ],
    });
    expect((await call(hostSocket, 'host:players', {})).players.map((p: { id: string }) => p.id)).toEqual([ana, ben, cleo].map((s) => s.playerId));
    expect(await call(hostSocket, 'host:players', { limit: 501 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await call(server.host(host.cookie), 'host:players', {})).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
  });

  it('survives the host reloading mid-game', async () => {
    const { code, hostSocket } = await openGame();
    const cleo = await join(code, 'Cleo');
    await call(hostSocket, 'host:start');
    hostSocket.disconnect();

    const reloaded = server.host(host.cookie);
    const attached = await call(reloaded, 'host:attach', { code });
    expect(attached).toMatchObject({ ok: true, view: { phase: 'question', index: 0, progress: { answered: 0, total: 1 } } });
    expect(attached.view.question.prompt).toEqual(expect.any(String));
    expect(attached.view.reveal).toBeNull();

    const progress = next(reloaded, 'host:progress');
    const reveal = next(cleo.socket, 'game:view', (v) => v.phase === 'reveal');
    await call(cleo.socket, 'player:answer', { questionIndex: 0, choices: correctOf.get(QUESTION_IDS[0]!) });
    expect(await progress).toMatchObject({ index: 0, answered: 1, total: 1 });
    await reveal;
    expect(await call(reloaded, 'host:next')).toEqual({ ok: true });
  });

  it('keeps another instructor and unauthenticated sockets out of the host seat', async () => {
    const { code } = await openGame();
    const other = await server.instructor();
    const intruder = server.host(other.cookie);
    // Another instructor's room reads like no room at all.
    expect(await call(intruder, 'host:attach', { code })).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
    expect(await call(intruder, 'host:start')).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });

    const anonymous = server.host('');
    const error = await new Promise<Error>((resolve) => anonymous.on('connect_error', resolve));
    expect(error.message).toBe('UNAUTHENTICATED');
  });
});
