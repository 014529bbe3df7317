import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/database.ts';
import { seededAppWithAdaAndBob, type SignedIn, type testApp } from '../support/http.ts';

describe('quizzes API', () => {
  let t: TestDatabase;
  let api: ReturnType<typeof testApp>;
  let ada: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    ({ t, api, ada, bob } = await seededAppWithAdaAndBob());
  });
  afterAll(() => t.close());

  it('saves a quiz with per-question time limits and double points, defaulting to the bank\'s time limit', async () => {
    const res = await ada.agent
      .post('/api/quizzes')
      .send({
        title: 'CodeBuild warm-up',
        shuffleOptions: true,
        questions: [
          { questionId: 'sdlc.codebuild.001', timeLimitSec: 45, doublePoints: true },
          { questionId: 'sdlc.codebuild.002' },
        ],
      })
      .expect(201);
    const bankLimit = (await t.db.question.findUniqueOrThrow({ where: { id: 'sdlc.codebuild.002' } })).timeLimitSec;
    expect(res.body).toMatchObject({ title: 'CodeBuild warm-up', shuffleOptions: true });
    expect(res.body.questions.map((q: Record<string, unknown>) => [q.position, q.questionId, q.timeLimitSec, q.doublePoints])).toEqual([
      [0, 'sdlc.codebuild.001', 45, true],
      [1, 'sdlc.codebuild.002', bankLimit, false],
    ]);
    const list = await ada.agent.get('/api/quizzes').expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: res.body.id, questionCount: 2 })]);
  });

  it('refuses bad quizzes with clear errors', async () => {
    const tooShort = await ada.agent.post('/api/quizzes').send({ title: 'x', questions: [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 2 }] }).expect(400);
    expect(tooShort.body.error.message).toMatch(/^questions\.0\.timeLimitSec: /);
    const unknown = await ada.agent.post('/api/quizzes').send({ title: 'x', questions: [{ questionId: 'sdlc.nope.001' }] }).expect(400);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_QUESTIONS', details: { missing: ['sdlc.nope.001'] } });
    const twice = await ada.agent
      .post('/api/quizzes')
      .send({ title: 'x', questions: [{ questionId: 'sdlc.codebuild.001' }, { questionId: 'sdlc.codebuild.001' }] })
      .expect(400);
    expect(twice.body.error.message).toBe('questions: lists the same question twice');
  });

  it('keeps each instructor\'s quizzes to themselves', async () => {
    const quiz = (await ada.agent.post('/api/quizzes').send({ title: 'Private', questions: [{ questionId: 'sdlc.codebuild.003' }] })).body;
    expect((await bob.agent.get(`/api/quizzes/${quiz.id}`).expect(403)).body.error.code).toBe('FORBIDDEN');
    await bob.agent.put(`/api/quizzes/${quiz.id}`).send({ title: 'Mine now', questions: [{ questionId: 'sdlc.codebuild.003' }] }).expect(403);
    await bob.agent.delete(`/api/quizzes/${quiz.id}`).expect(403);
    expect((await bob.agent.get('/api/quizzes').expect(200)).body).toEqual([]);
    expect((await bob.agent.get('/api/quizzes/00000000-0000-4000-8000-000000000000').expect(404)).body.error.code).toBe('QUIZ_NOT_FOUND');
    const { default: request } = await import('supertest');
    await request(api.app).get(`/api/quizzes/${quiz.id}`).expect(401);
  });

  it('refuses a quiz id that is not a uuid with VALIDATION_FAILED naming it, before looking anything up', async () => {
    const quiz = (await ada.agent.post('/api/quizzes').send({ title: 'Kept', questions: [{ questionId: 'sdlc.codebuild.003' }] }).expect(201)).body;
    const body = { title: 'Changed', questions: [{ questionId: 'sdlc.codebuild.004' }] };
    for (const bad of ['not-a-uuid', '123', `${quiz.id}x`, quiz.id.replaceAll('-', '')]) {
      for (const res of [await ada.agent.get(`/api/quizzes/${bad}`), await ada.agent.put(`/api/quizzes/${bad}`).send(body), await ada.agent.delete(`/api/quizzes/${bad}`)]) {
        expect([bad, res.status, res.body.error?.code, res.body.error?.details]).toEqual([bad, 400, 'VALIDATION_FAILED', [expect.objectContaining({ field: 'id' })]]);
      }
    }
    // Nothing was changed or deleted by them.
    expect((await ada.agent.get(`/api/quizzes/${quiz.id}`).expect(200)).body).toMatchObject({ title: 'Kept', questions: [{ questionId: 'sdlc.codebuild.003' }] });
    // The id is checked before the owner: another instructor's malformed id says nothing about quizzes.
    expect((await bob.agent.delete('/api/quizzes/not-a-uuid').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('updates and deletes an own quiz', async () => {
    const quiz = (await ada.agent.post('/api/quizzes').send({ title: 'Draft', questions: [{ questionId: 'sdlc.codebuild.004' }] })).body;
    const updated = await ada.agent
      .put(`/api/quizzes/${quiz.id}`)
      .send({ title: 'Final', questions: [{ questionId: 'sdlc.codebuild.005' }, { questionId: 'sdlc.codebuild.004', doublePoints: true }] })
      .expect(200);
    expect(updated.body.title).toBe('Final');
    expect(updated.body.questions.map((q: { questionId: string }) => q.questionId)).toEqual(['sdlc.codebuild.005', 'sdlc.codebuild.004']);
    await ada.agent.delete(`/api/quizzes/${quiz.id}`).expect(204);
    expect((await ada.agent.get(`/api/quizzes/${quiz.id}`).expect(404)).body.error.code).toBe('QUIZ_NOT_FOUND');
  });

  it('builds a quiz from a blueprint: chosen topics, count and difficulty range', async () => {
    const res = await ada.agent
      .post('/api/quizzes/blueprint')
      .send({ title: 'Pipelines', topics: ['sdlc.codepipeline', 'sdlc.codebuild'], difficulty: { min: 1, max: 2 }, count: 6, timeLimitSec: 25 })
      .expect(201);
    expect(res.body.questions).toHaveLength(6);
    for (const q of res.body.questions) {
      expect(['sdlc.codepipeline', 'sdlc.codebuild']).toContain(q.topicId);
      expect(q.difficulty).toBeLessThanOrEqual(2);
      expect(q.timeLimitSec).toBe(25);
    }
    const tooMany = await ada.agent.post('/api/quizzes/blueprint').send({ title: 'x', topics: ['other.glue'], count: 50 }).expect(400);
    expect(tooMany.body.error).toMatchObject({ code: 'NOT_ENOUGH_QUESTIONS', details: { available: await t.db.question.count({ where: { topicId: 'other.glue' } }) } });
  });

  it('prefers questions the instructor\'s classes have seen least', async () => {
    const pool = await t.db.question.findMany({ where: { topicId: 'sdlc.codecommit' }, orderBy: { id: 'asc' } });
    const seen = pool.slice(0, pool.length - 3);
    const game = await t.db.game.create({ data: { instructorId: bob.id, title: 'Past class', roomCode: 'PAST22', settings: {}, status: 'ended' } });
    await t.db.gameQuestion.createMany({ data: seen.map((q, position) => ({ gameId: game.id, position, questionId: q.id, timeLimitSec: 20 })) });
    const res = await bob.agent.post('/api/quizzes/blueprint').send({ title: 'Fresh', topics: ['sdlc.codecommit'], count: 3 }).expect(201);
    const unseen = pool.slice(-3).map((q) => q.id).sort();
    expect(res.body.questions.map((q: { questionId: string }) => q.questionId).sort()).toEqual(unseen);
  });

  it('builds an exam mix in proportion to the exam weights 22/17/15/15/14/17', async () => {
    const res = await ada.agent.post('/api/quizzes/exam-mix').send({ title: 'Mock exam', count: 50 }).expect(201);
    // 50 x weights = 11, 8.5, 7.5, 7.5, 7, 8.5: the two halves go to the heavier domains.
    const expected = { sdlc: 11, 'config-iac': 9, resilience: 7, monitoring: 7, 'incident-response': 7, security: 9 };
    expect(res.body.composition).toEqual(expected);
    const perDomain: Record<string, number> = {};
    for (const q of res.body.questions) perDomain[q.domainId] = (perDomain[q.domainId] ?? 0) + 1;
    expect(perDomain).toEqual(expected);
    expect(new Set(res.body.questions.map((q: { questionId: string }) => q.questionId)).size).toBe(50);

    const hundred = await ada.agent.post('/api/quizzes/exam-mix').send({ title: 'Full mock', count: 100 }).expect(201);
    expect(hundred.body.composition).toEqual({ sdlc: 22, 'config-iac': 17, resilience: 15, monitoring: 15, 'incident-response': 14, security: 17 });
  });
});
