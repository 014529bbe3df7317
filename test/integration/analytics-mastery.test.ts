import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askQuestion, call, next, startLiveServer, type LiveServer } from '../support/live-server.ts';
import { answerErrors } from '../support/openapi.ts';

/**
 * Topic mastery across sessions: one instructor plays five games through the real server with
 * answers chosen in advance, another instructor plays one; every figure of the view is known.
 *
 *   topic (domain weight)            g1    g2   | g3    g4    g5     all
 *   A sdlc.codebuild (22)            0/2   1/2  | 1/2   2/2   2/2    6/10, trend 5/6 - 1/4
 *   B security.guardduty (17)        1/2   0/2  |                   1/4
 *   C monitoring.athena (15)                    |             1/2    1/2
 *   E incident-response.eventbridge (14)        |             1/2    1/2
 *   D other.glue (0)                            |             0/2    0/2
 *
 * priority = (1 - accuracy) x weight: B 12.75, A 8.8, C 7.5, E 7, D 0.
 */

const TOPIC = { A: 'sdlc.codebuild', B: 'security.guardduty', C: 'monitoring.athena', E: 'incident-response.eventbridge', D: 'other.glue' };
type Instructor = Awaited<ReturnType<LiveServer['instructor']>>;
type Question = { id: string; topicId: string; answer: number[]; wrong: number };

const csv = (text: string) => parseCsv(text, { columns: true, bom: true }) as Record<string, string>[];

describe('topic mastery across sessions', () => {
  let server: LiveServer;
  let ada: Instructor;
  let bob: Instructor;
  let between: Date;
  const question: Record<string, Question> = {};
  let topicCount: number;

  /**
   * Plays one game to the podium. `marks` has one string per student, one letter per question:
   * R right, W wrong. Returns the game id.
   */
  async function play(host: Instructor, questionIds: string[], marks: string[]): Promise<string> {
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Session', questions: questionIds.map((questionId) => ({ questionId, timeLimitSec: 60 })) }).expect(201);
    const game = await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201);
    const hostSocket = server.host(host.cookie);
    expect(await call(hostSocket, 'host:attach', { code: game.body.code })).toMatchObject({ ok: true });
    const players = [];
    for (const [i] of marks.entries()) {
      const socket = server.player();
      expect(await call(socket, 'player:join', { code: game.body.code, nickname: `Student ${i + 1}` })).toMatchObject({ ok: true });
      players.push(socket);
    }
    for (const [index, questionId] of questionIds.entries()) {
      const q = Object.values(question).find((item) => item.id === questionId)!;
      const answers = players.map((socket, i): [typeof socket, number[]] => [socket, marks[i]![index] === 'R' ? q.answer : [q.wrong]]);
      await askQuestion(hostSocket, index, answers, players);
      expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    }
    const podium = next(hostSocket, 'host:view', (v) => v.phase === 'podium');
    expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    await podium;
    return game.body.gameId;
  }

  beforeAll(async () => {
    server = await startLiveServer();
    ada = await server.instructor();
    bob = await server.instructor();
    for (const [key, topicId] of Object.entries({ ...TOPIC, R: 'resilience.lambda-storage' })) {
      const row = await server.db.question.findFirstOrThrow({ where: { topicId, type: 'single' }, orderBy: { id: 'asc' } });
      question[key] = { id: row.id, topicId, answer: row.answer, wrong: row.options.findIndex((_, i) => !row.answer.includes(i)) };
    }
    topicCount = await server.db.topic.count();
    const { A, B, C, D, E } = question as Record<string, Question>;
    await play(ada, [A!.id, B!.id], ['WR', 'WW']);
    await play(ada, [A!.id, B!.id], ['RW', 'WW']);
    between = new Date();
    await play(ada, [A!.id], ['R', 'W']);
    await play(ada, [A!.id], ['R', 'R']);
    await play(ada, [A!.id, C!.id, E!.id, D!.id], ['RRRW', 'RWWW']);
    await play(bob, [question.R!.id], ['W']);
  });
  afterAll(() => server.close());

  it('answers exactly as the OpenAPI document describes the mastery view, in every period', async () => {
    for (const query of [{}, { from: '2026-01-01' }, { to: '2000-01-01' }]) {
      const { body } = await ada.agent.get('/api/analytics/topics').query(query).expect(200);
      expect(answerErrors('get', '/api/analytics/topics', 200, body), JSON.stringify(query)).toEqual([]);
    }
  });

  it('lists practised topics weakest first, weighted by the exam domain, with accuracy and trend', async () => {
    const { body } = await ada.agent.get('/api/analytics/topics').expect(200);
    expect(body).toMatchObject({ period: { from: null, to: null }, trendGames: 3, gameCount: 5, answerCount: 20 });
    expect(body.topics.map((t: any) => [t.topicId, t.games, t.attempts, t.correct, t.examWeightPercent])).toEqual([
      [TOPIC.B, 2, 4, 1, 17],
      [TOPIC.A, 5, 10, 6, 22],
      [TOPIC.C, 1, 2, 1, 15],
      [TOPIC.E, 1, 2, 1, 14],
      [TOPIC.D, 1, 2, 0, 0],
    ]);
    const [b, a, c, e, d] = body.topics;
    expect([b.accuracy, a.accuracy, c.accuracy, e.accuracy, d.accuracy]).toEqual([0.25, 0.6, 0.5, 0.5, 0]);
    expect(b.priority).toBeCloseTo(12.75, 12);
    expect(a.priority).toBeCloseTo(8.8, 12);
    expect([c.priority, e.priority, d.priority]).toEqual([7.5, 7, 0]);
    // A: the 3 most recent games (g3-g5) 5 of 6 right, the 2 before 1 of 4.
    expect(a.recentAccuracy).toBeCloseTo(5 / 6, 12);
    expect(a.earlierAccuracy).toBe(0.25);
    expect(a.trend).toBeCloseTo(5 / 6 - 1 / 4, 12);
    // Played in 3 games or fewer: no earlier games to compare with.
    expect([b.trend, c.trend, b.earlierAccuracy]).toEqual([null, null, null]);
    expect(b.recentAccuracy).toBe(0.25);
    expect(a).toMatchObject({ domainId: 'sdlc', domainNumber: 1, title: expect.any(String), questionCount: expect.any(Number) });
  });

  it('groups by exam domain with coverage, and lists the topics never practised', async () => {
    const { body } = await ada.agent.get('/api/analytics/topics').expect(200);
    expect(body.domains.map((d: any) => d.domainId)).toEqual(['sdlc', 'config-iac', 'resilience', 'monitoring', 'incident-response', 'security', 'other']);
    const sdlc = body.domains[0];
    const sdlcTopics = await server.db.topic.count({ where: { domainId: 'sdlc' } });
    expect(sdlc).toMatchObject({ examWeightPercent: 22, attempts: 10, correct: 6, accuracy: 0.6, topicCount: sdlcTopics, practisedTopicCount: 1 });
    expect(sdlc.coverage).toBeCloseTo(1 / sdlcTopics, 12);
    expect(sdlc.topics.map((t: any) => t.topicId)).toEqual([TOPIC.A]);
    expect(body.domains[2]).toMatchObject({ domainId: 'resilience', attempts: 0, accuracy: null, practisedTopicCount: 0, coverage: 0, topics: [] });

    expect(body.neverPractised).toHaveLength(topicCount - 5);
    const ids = body.neverPractised.map((t: any) => t.topicId);
    for (const practised of Object.values(TOPIC)) expect(ids).not.toContain(practised);
    // Another instructor's game does not count as practice for this one.
    expect(ids).toContain('resilience.lambda-storage');
    const order = body.neverPractised.map((t: any) => [t.domainNumber, t.position]);
    expect(order).toEqual([...order].sort((x: number[], y: number[]) => x[0]! - y[0]! || x[1]! - y[1]!));
    const storage = body.neverPractised.find((t: any) => t.topicId === 'resilience.lambda-storage');
    expect(storage.questionCount).toBe(await server.db.question.count({ where: { topicId: 'resilience.lambda-storage', archivedAt: null } }));
  });

  it('gives a domain x topic heat map with every curriculum topic', async () => {
    const { body } = await ada.agent.get('/api/analytics/topics').expect(200);
    const rows = body.heatMap.domains;
    expect(rows).toHaveLength(7);
    expect(rows.reduce((n: number, row: any) => n + row.cells.length, 0)).toBe(topicCount);
    const sdlcTopics = await server.db.topic.findMany({ where: { domainId: 'sdlc' }, orderBy: { position: 'asc' } });
    expect(rows[0].cells.map((cell: any) => cell.topicId)).toEqual(sdlcTopics.map((t) => t.id));
    const cell = (topicId: string) => rows.flatMap((row: any) => row.cells).find((c: any) => c.topicId === topicId);
    expect(cell(TOPIC.A)).toMatchObject({ attempts: 10, accuracy: 0.6 });
    expect(cell(TOPIC.D)).toMatchObject({ attempts: 2, accuracy: 0 });
    expect(cell('resilience.lambda-storage')).toMatchObject({ attempts: 0, accuracy: null });
  });

  it('counts only the games played in the period', async () => {
    const after = await ada.agent.get('/api/analytics/topics').query({ from: between.toISOString() }).expect(200);
    expect(after.body).toMatchObject({ period: { from: between.toISOString(), to: null }, gameCount: 3, answerCount: 12 });
    expect(after.body.topics.map((t: any) => [t.topicId, t.games, t.attempts, t.correct, t.trend])).toEqual([
      [TOPIC.C, 1, 2, 1, null],
      [TOPIC.E, 1, 2, 1, null],
      [TOPIC.A, 3, 6, 5, null],
      [TOPIC.D, 1, 2, 0, null],
    ]);
    expect(after.body.neverPractised.map((t: any) => t.topicId)).toContain(TOPIC.B);

    // Same accuracy (1 of 4): the topic of the heavier domain (22 % against 17 %) comes first.
    const before = await ada.agent.get('/api/analytics/topics').query({ to: between.toISOString() }).expect(200);
    expect(before.body).toMatchObject({ gameCount: 2, answerCount: 8 });
    expect(before.body.topics.map((t: any) => [t.topicId, t.attempts, t.correct, t.priority])).toEqual([
      [TOPIC.A, 4, 1, 16.5],
      [TOPIC.B, 4, 1, 12.75],
    ]);
  });

  it('exports every topic as CSV: practised ones ranked weakest first, then the never-practised', async () => {
    const res = await ada.agent.get('/api/analytics/topics?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=topic-mastery-start-to-now.csv');
    const rows = csv(res.text);
    expect(rows).toHaveLength(topicCount);
    expect(Object.keys(rows[0]!)).toEqual([
      'rank', 'domainNumber', 'domainId', 'domainTitle', 'examWeightPercent', 'topicId', 'topicTitle',
      'games', 'attempts', 'correct', 'accuracy', 'trend', 'priority',
    ]);
    expect(rows.slice(0, 5).map((r) => [r.rank, r.topicId, r.games, r.attempts, r.correct, r.accuracy, r.trend, r.priority])).toEqual([
      ['1', TOPIC.B, '2', '4', '1', '0.25', '', '12.75'],
      ['2', TOPIC.A, '5', '10', '6', '0.6', '0.5833', '8.8'],
      ['3', TOPIC.C, '1', '2', '1', '0.5', '', '7.5'],
      ['4', TOPIC.E, '1', '2', '1', '0.5', '', '7'],
      ['5', TOPIC.D, '1', '2', '0', '0', '', '0'],
    ]);
    expect(rows[1]).toMatchObject({ domainNumber: '1', domainId: 'sdlc', examWeightPercent: '22' });
    expect(rows.slice(5).every((r) => r.rank === '' && r.attempts === '0' && r.accuracy === '' && r.priority === '')).toBe(true);
    expect(rows.find((r) => r.topicId === 'resilience.lambda-storage')).toMatchObject({ domainId: 'resilience', examWeightPercent: '15' });

    const ranged = await ada.agent.get('/api/analytics/topics').query({ format: 'csv', from: '2026-01-01', to: '2099-01-01' }).expect(200);
    expect(ranged.headers['content-disposition']).toBe('attachment; filename=topic-mastery-2026-01-01-to-2099-01-01.csv');
    expect(csv(ranged.text).slice(0, 5).map((r) => r.topicId)).toEqual([TOPIC.B, TOPIC.A, TOPIC.C, TOPIC.E, TOPIC.D]);
  });

  it('shows each instructor only their own games, and checks the period', async () => {
    const { body } = await bob.agent.get('/api/analytics/topics').expect(200);
    expect(body.topics.map((t: any) => [t.topicId, t.attempts, t.correct])).toEqual([['resilience.lambda-storage', 1, 0]]);
    expect(body).toMatchObject({ gameCount: 1, answerCount: 1 });
    expect((await request(server.url).get('/api/analytics/topics').expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    await request(server.url).get('/api/analytics/topics?format=csv').expect(401);
    const reversed = await ada.agent.get('/api/analytics/topics').query({ from: '2026-02-01', to: '2026-01-01' }).expect(400);
    expect(reversed.body.error.message).toBe('to: must be after from');
    await ada.agent.get('/api/analytics/topics').query({ from: 'last week' }).expect(400);
  });

  it('builds a review game from chosen topics: what the classes missed, then unseen questions', async () => {
    const res = await ada.agent.post('/api/analytics/review').send({ topics: [TOPIC.B, TOPIC.A], count: 4 }).expect(201);
    // Across all of Ada's games: B's question 3 of 4 wrong, A's 4 of 10.
    expect(res.body.composition.missed).toEqual([question.B!.id, question.A!.id]);
    const unseen = await server.db.question.findMany({ where: { id: { in: res.body.composition.unseen } } });
    expect(res.body.composition.unseen.map((id: string) => unseen.find((q) => q.id === id)!.topicId)).toEqual([TOPIC.B, TOPIC.A]);
    const played = await server.db.gameQuestion.findMany({ where: { game: { instructorId: ada.id, startedAt: { not: null } } } });
    for (const row of unseen) expect(played.some((p) => p.questionId === row.id)).toBe(false);
    const titles = await server.db.topic.findMany({ where: { id: { in: [TOPIC.B, TOPIC.A] } } });
    const quiz = await ada.agent.get(`/api/quizzes/${res.body.quizId}`).expect(200);
    expect(quiz.body.title).toBe(`Review: ${titles.find((t) => t.id === TOPIC.B)!.title}, ${titles.find((t) => t.id === TOPIC.A)!.title}`);
    expect(quiz.body.questions).toHaveLength(4);

    const unknown = await ada.agent.post('/api/analytics/review').send({ topics: ['sdlc.nope'], count: 2 }).expect(400);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_TOPICS', details: { unknown: ['sdlc.nope'] } });
  });
});
