import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askQuestion, call, next, startLiveServer, type LiveServer } from '../support/live-server.ts';
import { answerErrors } from '../support/openapi.ts';

/**
 * One game played through the real server with answers chosen in advance, so every number of
 * the report is known: 4 questions (2 on CodeBuild, 1 "choose two" on CodeDeploy, 1 true/false
 * on security), 4 students who stay and 1 the host kicks after the first question.
 */

type Student = { name: string; socket: Socket; playerId: string };
type Q = { id: string; topicId: string; options: string[]; answer: number[]; wrong: number[] };

const csv = (text: string) => parseCsv(text, { columns: true, bom: true }) as Record<string, string>[];
const fixed = (value: number | null) => (value === null ? '' : String(Math.round(value * 10_000) / 10_000));

describe('game report', () => {
  let server: LiveServer;
  let host: Awaited<ReturnType<LiveServer['instructor']>>;
  let other: Awaited<ReturnType<LiveServer['instructor']>>;
  let q: Q[];
  let gameId: string;
  let roomCode: string;
  let students: Record<'ana' | 'ben' | 'cleo' | 'dan' | 'eve', Student>;
  const podium = new Map<string, { score: number; rank: number }>();

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
    other = await server.instructor();
    const pick = async (where: object, skip = 0) => {
      const row = await server.db.question.findFirstOrThrow({ where, orderBy: { id: 'asc' }, skip });
      return { id: row.id, topicId: row.topicId, options: row.options, answer: row.answer, wrong: row.options.map((_, i) => i).filter((i) => !row.answer.includes(i)) };
    };
    const chooseTwo = (await server.db.question.findMany({ where: { topicId: 'sdlc.codedeploy', type: 'multiple' }, orderBy: { id: 'asc' } })).find(
      (row) => row.answer.length === 2,
    )!;
    q = [
      await pick({ topicId: 'sdlc.codebuild', type: 'single' }),
      await pick({ id: chooseTwo.id }),
      await pick({ type: 'truefalse', topic: { domainId: 'security' } }),
      await pick({ topicId: 'sdlc.codebuild', type: 'single' }, 1),
    ];

    const quiz = await host.agent
      .post('/api/quizzes')
      .send({ title: 'Pipelines and guards', questions: q.map((item) => ({ questionId: item.id, timeLimitSec: 60 })) })
      .expect(201);
    const game = await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201);
    gameId = game.body.gameId;
    roomCode = game.body.code;
    const hostSocket = server.host(host.cookie);
    expect(await call(hostSocket, 'host:attach', { code: roomCode })).toMatchObject({ ok: true });

    const join = async (name: string): Promise<Student> => {
      const socket = server.player();
      const ack = await call(socket, 'player:join', { code: roomCode, nickname: name });
      expect(ack).toMatchObject({ ok: true });
      return { name, socket, playerId: ack.playerId };
    };
    students = { ana: await join('Ana'), ben: await join('Ben'), cleo: await join('Cleo'), dan: await join('=Dan'), eve: await join('Eve') };
    const { ana, ben, cleo, dan, eve } = students;

    /** One question through the shared helper, then the leaderboard. */
    const ask = async (index: number, answers: [Student, number[]][], everyone: Student[]) => {
      await askQuestion(hostSocket, index, answers.map(([student, choices]) => [student.socket, choices]), everyone.map((s) => s.socket));
      expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    };

    const [q0, q1, q2, q3] = q as [Q, Q, Q, Q];
    await ask(0, [[ana, q0.answer], [ben, [q0.wrong[0]!]], [cleo, [q0.wrong[0]!]], [dan, [q0.wrong[1]!]], [eve, [q0.wrong[1]!]]], [ana, ben, cleo, dan, eve]);
    expect(await call(hostSocket, 'host:kick', { playerId: eve.playerId })).toEqual({ ok: true });
    const stay = [ana, ben, cleo, dan];
    await ask(1, [[ana, q1.answer], [ben, q1.answer], [cleo, [q1.answer[0]!, q1.wrong[0]!].sort()], [dan, [q1.wrong[0]!, q1.wrong[1]!]]], stay);
    await ask(2, [[ana, q2.answer], [ben, q2.answer], [cleo, q2.answer]], stay);
    await ask(3, [[ana, q3.answer], [ben, q3.answer], [cleo, [q3.wrong[0]!]], [dan, q3.answer]], stay);

    const finals = stay.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'podium'));
    expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    for (const [i, view] of (await Promise.all(finals)).entries()) podium.set(stay[i]!.playerId, { score: view.you.score, rank: view.you.rank });
  });
  afterAll(() => server.close());

  /** Mean stored response time of the given answers (the server's clock decides them). */
  async function meanResponseMs(where: { playerId?: string; questionId?: string }) {
    const rows = await server.db.answer.findMany({ where: { gameId, playerId: { not: students.eve.playerId }, ...where } });
    return Math.round(rows.reduce((n, row) => n + row.responseMs, 0) / rows.length);
  }

  it('ranks questions hardest first with accuracy and the wrong option most chosen', async () => {
    const { body } = await host.agent.get(`/api/games/${gameId}/report`).expect(200);
    const [q0, q1, q2, q3] = q as [Q, Q, Q, Q];
    expect(body.game).toMatchObject({ id: gameId, title: 'Pipelines and guards', roomCode, status: 'ended', playerCount: 4, questionCount: 4 });
    expect(body.questions.map((row: any) => [row.number, row.questionId, row.answered, row.correct, row.accuracy, row.mostChosenWrong])).toEqual([
      // The kicked student's answer to question 1 counts nowhere: 1 of 4 right, not 1 of 5.
      [1, q0.id, 4, 1, 0.25, { option: q0.wrong[0], text: q0.options[q0.wrong[0]!], count: 2 }],
      // "Choose two": Cleo's half-right and Dan's all-wrong answers both picked the same wrong option.
      [2, q1.id, 4, 2, 0.5, { option: q1.wrong[0], text: q1.options[q1.wrong[0]!], count: 2 }],
      [4, q3.id, 4, 3, 0.75, { option: q3.wrong[0], text: q3.options[q3.wrong[0]!], count: 1 }],
      [3, q2.id, 3, 3, 1, null],
    ]);
    for (const row of body.questions) expect(row.averageResponseMs).toBe(await meanResponseMs({ questionId: row.questionId }));
    expect(body.questions[0]).toMatchObject({ topicId: 'sdlc.codebuild', domainId: 'sdlc', type: 'single', position: 0 });
  });

  it('gives accuracy per topic (weakest first) and per domain, and the game totals', async () => {
    const { body } = await host.agent.get(`/api/games/${gameId}/report`).expect(200);
    expect(body.topics.map((t: any) => [t.topicId, t.questions, t.answered, t.correct, t.accuracy])).toEqual([
      ['sdlc.codebuild', 2, 8, 4, 0.5],
      ['sdlc.codedeploy', 1, 4, 2, 0.5],
      [q[2]!.topicId, 1, 3, 3, 1],
    ]);
    expect(body.domains.map((d: any) => [d.domainId, d.examWeightPercent, d.answered, d.correct, d.accuracy])).toEqual([
      ['sdlc', 22, 12, 6, 0.5],
      ['security', 17, 3, 3, 1],
    ]);
    expect(body.summary).toEqual({ answered: 15, correct: 9, accuracy: 0.6, averageResponseMs: await meanResponseMs({}) });
  });

  it('gives each student score, rank, accuracy, missed topics and response time, as the podium showed', async () => {
    const { body } = await host.agent.get(`/api/games/${gameId}/report`).expect(200);
    const { ana, ben, cleo, dan } = students;
    const expected = [
      [ana, 4, 4, 1, []],
      [ben, 4, 3, 0.75, [['sdlc.codebuild', 1]]],
      [cleo, 4, 1, 0.25, [['sdlc.codebuild', 2], ['sdlc.codedeploy', 1]]],
      [dan, 3, 1, 1 / 3, [['sdlc.codebuild', 1], ['sdlc.codedeploy', 1]]],
    ] as const;
    expect(body.students).toHaveLength(4);
    expect(body.students.map((s: any) => s.rank)).toEqual([1, 2, 3, 4]);
    for (const [student, answered, correct, accuracy, missed] of expected) {
      const row = body.students.find((s: any) => s.playerId === student.playerId);
      expect(row).toMatchObject({ nickname: student.name, answered, correct, ...podium.get(student.playerId) });
      expect(row.accuracy).toBeCloseTo(accuracy, 12);
      expect(row.missedTopics.map((t: any) => [t.topicId, t.wrong])).toEqual(missed);
      expect(row.averageResponseMs).toBe(await meanResponseMs({ playerId: student.playerId }));
    }
    const codebuild = await server.db.topic.findUniqueOrThrow({ where: { id: 'sdlc.codebuild' } });
    expect(body.students.find((s: any) => s.playerId === cleo.playerId).missedTopics[0].title).toBe(codebuild.title);
    expect(body.students.some((s: any) => s.playerId === students.eve.playerId)).toBe(false);
  });

  it('exports the students and questions tables as CSV that parse back to the same numbers', async () => {
    const { body: report } = await host.agent.get(`/api/games/${gameId}/report`).expect(200);
    const day = new Date(report.game.startedAt).toISOString().slice(0, 10);

    const studentsRes = await host.agent.get(`/api/games/${gameId}/report?format=csv&table=students`).expect(200);
    expect(studentsRes.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(studentsRes.headers['content-disposition']).toBe(`attachment; filename=game-${roomCode}-${day}-students.csv`);
    expect(studentsRes.text.charCodeAt(0)).toBe(0xfeff);
    const studentRows = csv(studentsRes.text);
    expect(Object.keys(studentRows[0]!)).toEqual(['rank', 'nickname', 'score', 'answered', 'correct', 'accuracy', 'averageResponseMs', 'missedTopics']);
    expect(studentRows).toEqual(
      report.students.map((s: any) => ({
        rank: String(s.rank),
        // A nickname that a spreadsheet would run as a formula is defused.
        nickname: s.nickname === '=Dan' ? "'=Dan" : s.nickname,
        score: String(s.score),
        answered: String(s.answered),
        correct: String(s.correct),
        accuracy: fixed(s.accuracy),
        averageResponseMs: String(s.averageResponseMs),
        missedTopics: s.missedTopics.map((t: any) => t.topicId).join('; '),
      })),
    );
    expect(studentRows.find((row) => row.nickname === "'=Dan")).toMatchObject({ accuracy: '0.3333', missedTopics: 'sdlc.codebuild; sdlc.codedeploy' });

    const questionsRes = await host.agent.get(`/api/games/${gameId}/report?format=csv&table=questions`).expect(200);
    expect(questionsRes.headers['content-disposition']).toBe(`attachment; filename=game-${roomCode}-${day}-questions.csv`);
    const questionRows = csv(questionsRes.text);
    expect(questionRows.map((row) => [row.number, row.questionId, row.answered, row.correct, row.accuracy, row.mostChosenWrongCount])).toEqual([
      ['1', q[0]!.id, '4', '1', '0.25', '2'],
      ['2', q[1]!.id, '4', '2', '0.5', '2'],
      ['4', q[3]!.id, '4', '3', '0.75', '1'],
      ['3', q[2]!.id, '3', '3', '1', ''],
    ]);
    expect(questionRows[0]).toMatchObject({
      prompt: report.questions[0].prompt,
      mostChosenWrongOption: String(q[0]!.wrong[0]),
      mostChosenWrongText: q[0]!.options[q[0]!.wrong[0]!],
      averageResponseMs: String(report.questions[0].averageResponseMs),
    });

    const noTable = await host.agent.get(`/api/games/${gameId}/report?format=csv`).expect(400);
    expect(noTable.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'table: choose table=students or table=questions' });
  });

  it('answers exactly as the OpenAPI document describes the report: every field, nothing more', async () => {
    const { body } = await host.agent.get(`/api/games/${gameId}/report`).expect(200);
    expect(answerErrors('get', '/api/games/:id/report', 200, body)).toEqual([]);
    expect(answerErrors('get', '/api/games/:id/report', 200, { ...body, game: { ...body.game, secret: 1 } })).not.toEqual([]);
  });

  it('shows a game only to the instructor who ran it', async () => {
    expect((await request(server.url).get(`/api/games/${gameId}/report`).expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await other.agent.get(`/api/games/${gameId}/report`).expect(403)).body.error.code).toBe('FORBIDDEN');
    await other.agent.get(`/api/games/${gameId}/report?format=csv&table=students`).expect(403);
    expect((await host.agent.get('/api/games/00000000-0000-4000-8000-000000000000/report').expect(404)).body.error.code).toBe('GAME_NOT_FOUND');
    expect((await host.agent.get('/api/games/not-a-game/report').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
  });

  describe('review game from the report', () => {
    /** Questions any started game of `host` held: "seen" by the class. */
    async function askedBefore() {
      const rows = await server.db.gameQuestion.findMany({ where: { game: { instructorId: host.id, startedAt: { not: null } } }, select: { questionId: true } });
      return new Set(rows.map((row) => row.questionId));
    }

    it('mixes the questions the class missed (most missed first) with unseen ones of the missed topics, and opens a lobby', async () => {
      const res = await host.agent.post('/api/analytics/review').send({ gameId, count: 6 }).expect(201);
      const [q0, q1, , q3] = q as [Q, Q, Q, Q];
      expect(res.body).toMatchObject({ quizId: expect.any(String), gameId: expect.any(String), code: expect.stringMatching(/^[A-Z2-9]{6}$/) });
      // The instructor is on 127.0.0.1: the link points at an address students can reach.
      const links = (await host.agent.get('/api/join-links').expect(200)).body;
      expect(res.body.joinUrl).toBe(`${links.preferred}/join/${res.body.code}`);
      expect(new URL(res.body.joinUrl).hostname === '127.0.0.1').toBe(links.localOnly);
      // The security topic was answered right by everyone: only the two missed topics, weakest first.
      expect(res.body.topics).toEqual(['sdlc.codebuild', 'sdlc.codedeploy']);
      // Half (rounded up) are missed questions, by share of wrong answers: 3/4, 2/4, 1/4.
      expect(res.body.composition.missed).toEqual([q0.id, q1.id, q3.id]);
      expect(res.body.composition.seen).toEqual([]);
      const unseen: string[] = res.body.composition.unseen;
      expect(unseen).toHaveLength(3);
      const asked = await askedBefore();
      const unseenRows = await server.db.question.findMany({ where: { id: { in: unseen } } });
      expect(unseen.map((id) => unseenRows.find((row) => row.id === id)!.topicId)).toEqual(['sdlc.codebuild', 'sdlc.codedeploy', 'sdlc.codebuild']);
      for (const id of unseen) expect(asked.has(id)).toBe(false);

      const quiz = await host.agent.get(`/api/quizzes/${res.body.quizId}`).expect(200);
      expect(quiz.body.title).toBe('Review: Pipelines and guards');
      expect(new Set(quiz.body.questions.map((item: any) => item.questionId))).toEqual(new Set([q0.id, q1.id, q3.id, ...unseen]));
      const game = await host.agent.get(`/api/games/${res.body.gameId}`).expect(200);
      expect(game.body).toMatchObject({ status: 'lobby', roomCode: res.body.code });
      expect(game.body.questions).toHaveLength(6);
      const hostSocket = server.host(host.cookie);
      expect(await call(hostSocket, 'host:attach', { code: res.body.code })).toMatchObject({ ok: true, view: { phase: 'lobby', questionCount: 6, title: 'Review: Pipelines and guards' } });
    });

    it('keeps the mix at half missed, rounded up, for an odd count', async () => {
      const res = await host.agent.post('/api/analytics/review').send({ gameId, count: 3, title: 'Quick fix', settings: { podiumSize: 5 } }).expect(201);
      expect(res.body.composition.missed).toEqual([q[0]!.id, q[1]!.id]);
      expect(res.body.composition.unseen).toHaveLength(1);
      const game = await server.db.game.findUniqueOrThrow({ where: { id: res.body.gameId } });
      expect(game.title).toBe('Quick fix');
      expect(game.settings).toMatchObject({ podiumSize: 5 });
    });

    it('refuses what it cannot build, someone else\'s game and a missing session', async () => {
      const available = await server.db.question.count({ where: { topicId: { in: ['sdlc.codebuild', 'sdlc.codedeploy'] }, archivedAt: null } });
      const tooMany = await host.agent.post('/api/analytics/review').send({ gameId, count: 100 }).expect(400);
      expect(tooMany.body.error).toMatchObject({ code: 'NOT_ENOUGH_QUESTIONS', details: { available } });
      const both = await host.agent.post('/api/analytics/review').send({ gameId, topics: ['sdlc.codebuild'], count: 2 }).expect(400);
      expect(both.body.error.message).toBe('request: give either topics or gameId');
      expect((await other.agent.post('/api/analytics/review').send({ gameId, count: 2 }).expect(403)).body.error.code).toBe('FORBIDDEN');
      await request(server.url).post('/api/analytics/review').send({ gameId, count: 2 }).expect(401);
    });
  });
});

describe('game report order', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer();
  });
  afterAll(() => server.close());

  it('puts questions of equal accuracy in quiz order, those without one last, and breaks a tie of wrong options by the lower one', async () => {
    const host = await server.instructor();
    const rows = await server.db.question.findMany({ where: { topicId: 'sdlc.codebuild', type: 'single', archivedAt: null }, orderBy: { id: 'asc' }, take: 5 });
    const wrong = rows.map((row) => row.options.map((_, i) => i).filter((i) => !row.answer.includes(i)));
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Order', questions: rows.map((row) => ({ questionId: row.id, timeLimitSec: 60, readingSec: 0 })) }).expect(201);
    const { gameId, code } = (await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body;
    const hostSocket = server.host(host.cookie);
    await call(hostSocket, 'host:attach', { code });
    const [ana, ben] = [server.player(), server.player()];
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    await call(ben, 'player:join', { code, nickname: 'Ben' });
    let revealed: Promise<unknown> = Promise.resolve();
    const open = async (index: number, command: string) => {
      const shown = next(ana, 'game:question', (v) => v.index === index);
      revealed = next<{ phase: string; reveal: { index: number } }>(ana, 'game:view', (v) => v.phase === 'reveal' && v.reveal.index === index);
      expect(await call(hostSocket, command)).toEqual({ ok: true });
      await shown;
    };
    const answer = async (index: number, choices: [number[], number[]]) => {
      for (const [i, socket] of [ana, ben].entries()) expect(await call(socket, 'player:answer', { questionIndex: index, choices: choices[i] })).toMatchObject({ ok: true });
    };
    /** Closes the question unless everyone answered (it closed itself), then on to the leaderboard. */
    const revealAndGoOn = async (index: number) => {
      await call(hostSocket, 'host:next', { at: { index, phase: 'question' } });
      await revealed;
      expect(await call(hostSocket, 'host:next', { at: { index, phase: 'reveal' } })).toEqual({ ok: true });
    };
    // 1: half right. 2: both wrong, on two different options (the higher one first). 3: skipped.
    // 4: half right, as 1. 5: nobody answers.
    await open(0, 'host:start');
    await answer(0, [rows[0]!.answer, [wrong[0]![0]!]]);
    await revealAndGoOn(0);
    await open(1, 'host:next');
    await answer(1, [[wrong[1]![2]!], [wrong[1]![1]!]]);
    await revealAndGoOn(1);
    await open(2, 'host:next');
    expect(await call(ana, 'player:answer', { questionIndex: 2, choices: rows[2]!.answer })).toMatchObject({ ok: true });
    await open(3, 'host:skip');
    await answer(3, [[wrong[3]![0]!], rows[3]!.answer]);
    await revealAndGoOn(3);
    await open(4, 'host:next');
    await revealAndGoOn(4);

    const report = (await host.agent.get(`/api/games/${gameId}/report`).expect(200)).body;
    expect(report.questions.map((q: { number: number; accuracy: number | null; skipped: boolean }) => [q.number, q.accuracy, q.skipped])).toEqual([
      [2, 0, false],
      [1, 0.5, false],
      [4, 0.5, false],
      [3, null, true],
      [5, null, false],
    ]);
    // One answer each for two wrong options: the lower option (bank order) is the most chosen.
    expect(report.questions[0].mostChosenWrong).toEqual({ option: wrong[1]![1], text: rows[1]!.options[wrong[1]![1]!], count: 1 });
    expect(report.students.map((s: { rank: number }) => s.rank)).toEqual([1, 2]);
  });
});
