import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankRow } from '../support/bank-fixtures.ts';
import type { TestDatabase } from '../support/database.ts';
import { seededAppWithAdaAndBob, type SignedIn, type testApp } from '../support/http.ts';
import { createDb } from '../../server/src/db/client.ts';
import { freePort } from '../../server/src/db/embedded-postgres.ts';
import { createApp } from '../../server/src/http/app.ts';
import { bankApi } from '../../server/src/http/bank-routes.ts';
import { errorCodesOf } from '../../server/src/http/openapi.ts';

const mine = (n: number, extra: Record<string, unknown> = {}) =>
  bankRow({ id: `sdlc.codebuild.m${String(n).padStart(2, '0')}`, prompt: `Custom question number ${n} about which service compiles code?`, ...extra });

describe('question bank API', () => {
  let t: TestDatabase;
  let api: ReturnType<typeof testApp>;
  let ada: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    ({ t, api, ada, bob } = await seededAppWithAdaAndBob());
  });
  afterAll(() => t.close());

  it('lists a domain\'s topics with question counts', async () => {
    const res = await request(api.app).get('/api/domains/sdlc/topics').expect(200);
    expect(res.body).toHaveLength(30);
    expect(res.body[0]).toMatchObject({ id: 'sdlc.cicd-fundamentals', position: 0, questionCount: expect.any(Number) });
    const total = res.body.reduce((n: number, topic: { questionCount: number }) => n + topic.questionCount, 0);
    expect(total).toBe(await t.db.question.count({ where: { topic: { domainId: 'sdlc' } } }));
    expect((await request(api.app).get('/api/domains/nope/topics').expect(404)).body.error.code).toBe('DOMAIN_NOT_FOUND');
    for (const bad of ['SDLC', 'sdlc.codebuild', 'a%20b', 'x'.repeat(61)]) {
      const res = await request(api.app).get(`/api/domains/${bad}/topics`);
      expect([bad, res.status, res.body.error?.code, res.body.error?.details]).toEqual([bad, 400, 'VALIDATION_FAILED', [expect.objectContaining({ field: 'id' })]]);
    }
  });

  it('keeps question content from anyone who is not signed in', async () => {
    await request(api.app).get('/api/questions').expect(401);
    await request(api.app).get('/api/questions/sdlc.codebuild.001').expect(401);
  });

  it('filters by domain, topic, type, difficulty and text, with pagination', async () => {
    const page1 = await ada.agent.get('/api/questions').query({ domain: 'security', type: 'multiple', pageSize: 5 }).expect(200);
    const expected = await t.db.question.count({ where: { type: 'multiple', topic: { domainId: 'security' } } });
    expect(page1.body.total).toBe(expected);
    expect(page1.body.items).toHaveLength(5);
    expect(page1.body.items.every((q: { domainId: string; type: string }) => q.domainId === 'security' && q.type === 'multiple')).toBe(true);
    expect(page1.body.items[0]).not.toHaveProperty('answer');
    // Each item says how many options to pick, which is what a client needs to answer it.
    const answers = await t.db.question.findMany({ where: { id: { in: page1.body.items.map((q: { id: string }) => q.id) } }, select: { id: true, answer: true } });
    const size = new Map(answers.map((q) => [q.id, q.answer.length]));
    expect(page1.body.items.map((q: { id: string; choose: number }) => q.choose)).toEqual(page1.body.items.map((q: { id: string }) => size.get(q.id)));
    expect(page1.body.items.every((q: { choose: number }) => q.choose >= 2)).toBe(true);
    const page2 = await ada.agent.get('/api/questions').query({ domain: 'security', type: 'multiple', pageSize: 5, page: 2 }).expect(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);

    const byTopic = await ada.agent.get('/api/questions').query({ topic: 'sdlc.codecommit', difficulty: 1 }).expect(200);
    expect(byTopic.body.items.every((q: { topicId: string; difficulty: number }) => q.topicId === 'sdlc.codecommit' && q.difficulty === 1)).toBe(true);
    expect(byTopic.body.total).toBe(await t.db.question.count({ where: { topicId: 'sdlc.codecommit', difficulty: 1 } }));

    const text = await ada.agent.get('/api/questions').query({ q: 'BUILDSPEC' }).expect(200);
    expect(text.body.total).toBeGreaterThan(0);
    expect(text.body.items.every((q: { prompt: string; id: string }) => /buildspec/i.test(q.prompt + q.id))).toBe(true);

    const bad = await ada.agent.get('/api/questions').query({ difficulty: 7 }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('shows one question with its answer and explanation to an instructor', async () => {
    const res = await ada.agent.get('/api/questions/sdlc.codebuild.001').expect(200);
    const row = await t.db.question.findUniqueOrThrow({ where: { id: 'sdlc.codebuild.001' } });
    expect(res.body).toMatchObject({ id: row.id, answer: row.answer, explanation: row.explanation, source: 'seed', mine: false });
    await ada.agent.get('/api/questions/sdlc.codebuild.999').expect(404);
  });

  it('refuses a question id not in the bank\'s form with VALIDATION_FAILED naming it, and an unknown one with QUESTION_NOT_FOUND', async () => {
    const routes = Object.values(bankApi).filter((spec) => spec.path.startsWith('/api/questions/:id'));
    expect(routes).toHaveLength(5);
    for (const spec of routes) {
      const send = (id: string) => ada.agent[spec.method](spec.path.replace(':id', id)).send('body' in spec ? (spec.body.example as object) : undefined);
      const route = `${spec.method.toUpperCase()} ${spec.path}`;
      for (const bad of ['nope', 'SDLC.CODEBUILD.001', 'sdlc.codebuild.01', 'sdlc.codebuild.001%00', 'sdlc..001']) {
        const res = await send(bad);
        expect([route, bad, res.status, res.body.error?.code, res.body.error?.message]).toEqual([route, bad, 400, 'VALIDATION_FAILED', expect.stringMatching(/^id: /)]);
      }
      const res = await send('sdlc.codebuild.no-such-one');
      expect([route, res.status, res.body.error?.code]).toEqual([route, 404, 'QUESTION_NOT_FOUND']);
    }
  });

  it('refuses text with a NUL character in a body or a query before it reaches the database', async () => {
    const before = await t.db.question.count();
    const { id: _id, ...fields } = mine(90, { prompt: 'Which service\u0000 compiles code?' });
    const created = await ada.agent.post('/api/questions').send(fields).expect(400);
    expect(created.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'prompt: text must not contain NUL (\\u0000) characters.' } });
    const nested = await ada.agent.post('/api/questions').send({ ...fields, prompt: 'Fine prompt for a question?', options: ['A', 'B\u0000', 'C', 'D'] }).expect(400);
    expect(nested.body.error).toEqual({ code: 'VALIDATION_FAILED', message: 'options.1: text must not contain NUL (\\u0000) characters.' });
    const searched = await ada.agent.get('/api/questions').query({ q: 'code\u0000build' }).expect(400);
    expect(searched.body.error).toEqual({ code: 'VALIDATION_FAILED', message: 'q: text must not contain NUL (\\u0000) characters.' });
    const imported = await ada.agent
      .post('/api/questions/import')
      .send({ domain: 'sdlc', questions: [mine(91), mine(92, { explanation: 'Because\u0000 of reasons.' })] })
      .expect(400);
    expect(imported.body.error).toMatchObject({ code: 'IMPORT_INVALID', details: [{ row: 2, field: 'explanation', message: 'text must not contain NUL (\\u0000) characters' }] });
    expect(await t.db.question.count()).toBe(before);
  });

  it('lets an instructor create, edit, archive and restore their own question', async () => {
    const { id: _id, ...fields } = mine(1);
    const created = await ada.agent.post('/api/questions').send(fields).expect(201);
    expect(created.body).toMatchObject({ source: 'instructor', mine: true, topicId: 'sdlc.codebuild', answer: [0] });
    const id = created.body.id as string;
    expect(id).toMatch(/^sdlc\.codebuild\./);

    const edited = await ada.agent.patch(`/api/questions/${id}`).send({ answer: [1], difficulty: 2 }).expect(200);
    expect(edited.body).toMatchObject({ answer: [1], difficulty: 2 });
    const invalid = await ada.agent.patch(`/api/questions/${id}`).send({ answer: [9] }).expect(400);
    expect(invalid.body.error.message).toBe('answer.0: correct index 9 is out of range (4 options)');

    await ada.agent.post(`/api/questions/${id}/archive`).expect(200);
    const listed = await ada.agent.get('/api/questions').query({ source: 'mine' }).expect(200);
    expect(listed.body.items.map((q: { id: string }) => q.id)).not.toContain(id);
    const archived = await ada.agent.get('/api/questions').query({ source: 'mine', archived: 'true' }).expect(200);
    expect(archived.body.items.map((q: { id: string }) => q.id)).toContain(id);
    expect(await t.db.question.findUnique({ where: { id } })).not.toBeNull();
    await ada.agent.post(`/api/questions/${id}/restore`).expect(200);

    // Bob cannot see, edit or archive it.
    await bob.agent.get(`/api/questions/${id}`).expect(404);
    await bob.agent.patch(`/api/questions/${id}`).send({ difficulty: 3 }).expect(404);
    await bob.agent.post(`/api/questions/${id}/archive`).expect(404);
  });

  it('applies the seed loader\'s rules to new questions', async () => {
    const { id: _id, ...fields } = mine(2, { topic: 'sdlc.nonexistent' });
    const res = await ada.agent.post('/api/questions').send(fields).expect(400);
    expect(res.body.error.details).toContainEqual({ field: 'topic', message: 'unknown topic "sdlc.nonexistent"' });
    const { id: _id2, ...multi } = mine(3, { type: 'multiple', options: ['a', 'b', 'c', 'd', 'e'], answer: [0, 1] });
    const res2 = await ada.agent.post('/api/questions').send(multi).expect(400);
    expect(res2.body.error.message).toBe('prompt: must end with "(Choose two.)"');
  });

  it('keeps seeded questions read-only but lets them be copied', async () => {
    const res = await ada.agent.patch('/api/questions/sdlc.codebuild.001').send({ difficulty: 3 }).expect(403);
    expect(res.body.error.code).toBe('QUESTION_READ_ONLY');
    await ada.agent.post('/api/questions/sdlc.codebuild.001/archive').expect(403);
    const copy = await ada.agent.post('/api/questions/sdlc.codebuild.001/copy').expect(201);
    expect(copy.body).toMatchObject({ mine: true, source: 'instructor' });
    expect(copy.body.id).not.toBe('sdlc.codebuild.001');
    await ada.agent.patch(`/api/questions/${copy.body.id}`).send({ difficulty: 3 }).expect(200);
  });

  it('refuses an import with problems, listing each one, and writes nothing', async () => {
    const before = await t.db.question.count();
    const file = {
      domain: 'sdlc',
      questions: [
        mine(10),
        mine(11, { answer: [7] }),
        mine(12, { topic: 'security.guardduty', id: 'security.guardduty.m12' }),
        mine(10, { prompt: 'Same id as the first row, different prompt?' }),
        { ...mine(13), explanation: undefined },
      ],
    };
    const res = await ada.agent.post('/api/questions/import').send(file).expect(400);
    expect(res.body.error.code).toBe('IMPORT_INVALID');
    expect(res.body.error.details).toEqual([
      { row: 2, id: 'sdlc.codebuild.m11', field: 'answer.0', message: 'correct index 7 is out of range (4 options)' },
      { row: 3, id: 'security.guardduty.m12', field: 'topic', message: 'topic "security.guardduty" belongs to domain "security", not "sdlc"' },
      { row: 4, id: 'sdlc.codebuild.m10', field: 'id', message: 'duplicate id (first used in row 1)' },
      { row: 5, id: 'sdlc.codebuild.m13', field: 'explanation', message: 'Invalid input: expected string, received undefined' },
    ]);
    expect(await t.db.question.count()).toBe(before);
  });

  it('refuses an import with exactly the codes the OpenAPI document lists for it, each of them reachable', async () => {
    const path = bankApi.import.path;
    const good = { domain: 'sdlc', questions: [mine(30)] };
    const seen = new Map<string, number>();
    const note = (res: request.Response) => seen.set(res.body.error.code, res.status);
    // Whatever is wrong with the file, its own shape included, is IMPORT_INVALID with every problem listed.
    const bad = [[1, 2], { domain: 'sdlc' }, { domain: 'sdlc', questions: 'many' }, { ...good, extra: true }, { domain: 'sdlc', questions: [mine(30, { answer: [9] })] }];
    for (const body of bad) {
      const res = await ada.agent.post(path).send(body).expect(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe('IMPORT_INVALID');
      expect(res.body.error.details.length).toBeGreaterThan(0);
      for (const problem of res.body.error.details) expect(Object.keys(problem).sort()).toEqual(['field', 'id', 'message', 'row']);
      note(res);
    }
    // A body that is not JSON, or too large to read, is refused before the file is looked at.
    note(await ada.agent.post(path).set('Content-Type', 'application/json').send('{"domain": ').expect(400));
    note(await ada.agent.post(path).send({ ...good, padding: 'x'.repeat(600 * 1024) }).expect(413));
    note(await request(api.app).post(path).send(good).expect(401));
    note(await ada.agent.post(path).set('Origin', 'https://elsewhere.example').send(good).expect(403));
    const gone = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/nothing`);
    try {
      note(await request(createApp({ db: gone.db, log: () => {} })).post(path).set('Cookie', `quiz_session=${'s'.repeat(43)}`).send(good).expect(503));
    } finally {
      await gone.pool.end();
    }
    expect([...seen.keys()].sort()).toEqual(errorCodesOf(bankApi.import).sort());
    expect(await t.db.question.count({ where: { id: 'sdlc.codebuild.m30' } })).toBe(0);
  });

  it('refuses to import over a seeded question, naming it as built-in', async () => {
    const seeded = await t.db.question.findUniqueOrThrow({ where: { id: 'sdlc.codebuild.001' } });
    const res = await bob.agent
      .post('/api/questions/import')
      .send({ domain: 'sdlc', questions: [mine(20, { id: seeded.id, prompt: 'Overwriting a seeded question?' })] })
      .expect(400);
    expect(res.body.error.details).toEqual([{ row: 1, id: seeded.id, field: 'id', message: expect.stringContaining('built-in') }]);
    expect(await t.db.question.findUniqueOrThrow({ where: { id: seeded.id } })).toEqual(seeded);
  });

  it('answers an import of another instructor\'s question id as it answers a new id, and leaves theirs alone', async () => {
    const adas = mine(21, { prompt: 'Ada\'s private question about CodeBuild caching?' });
    await ada.agent.post('/api/questions/import').send({ domain: 'sdlc', questions: [adas] }).expect(201);
    const before = await t.db.question.findUniqueOrThrow({ where: { id: adas.id } });

    // Cy, not Bob: Bob's export further down lists exactly his own questions.
    const cy = await api.instructor('Cy');
    const overAdas = await cy.agent.post('/api/questions/import').send({ domain: 'sdlc', questions: [mine(21, { prompt: 'Cy writes over id 21?' })] }).expect(201);
    const overNobody = await cy.agent.post('/api/questions/import').send({ domain: 'sdlc', questions: [mine(22, { prompt: 'Cy takes the free id 22?' })] }).expect(201);
    expect(overAdas.body).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(overAdas.body).toEqual(overNobody.body);
    expect(await t.db.question.findUniqueOrThrow({ where: { id: adas.id } })).toEqual(before);

    // Cy's copy is Cy's own, under an id of Cy's; the same file again changes nothing.
    const bobs = await t.db.question.findMany({ where: { authorId: cy.id, prompt: 'Cy writes over id 21?' } });
    expect(bobs).toHaveLength(1);
    expect(bobs[0]!.id).toMatch(/^sdlc\.codebuild\.i[0-9a-f]{10}$/);
    const again = await cy.agent.post('/api/questions/import').send({ domain: 'sdlc', questions: [mine(21, { prompt: 'Cy writes over id 21?' })] }).expect(201);
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await t.db.question.count({ where: { authorId: cy.id, prompt: 'Cy writes over id 21?' } })).toBe(1);
  });

  it('searches text as typed: % and _ are not wildcards', async () => {
    const file = {
      domain: 'sdlc',
      questions: [
        mine(40, { prompt: 'Which build runs at 100% of the fleet at once?' }),
        mine(41, { prompt: 'Which variable is named in snake_case here?' }),
        mine(42, { prompt: 'Which path uses a back\\slash in CodeBuild?' }),
      ],
    };
    await ada.agent.post('/api/questions/import').send(file).expect(201);
    const total = async (q: string) => (await ada.agent.get('/api/questions').query({ q, source: 'mine' }).expect(200)).body.total as number;
    expect(await total('%')).toBe(1);
    expect(await total('100%')).toBe(1);
    expect(await total('_')).toBe(1);
    expect(await total('snake_case')).toBe(1);
    expect(await total('snakeXcase')).toBe(0);
    expect(await total('e_c')).toBe(1);
    expect(await total('\\')).toBe(1);
    expect(await total('back\\slash')).toBe(1);
    // Across the whole bank too: % alone matches only prompts holding a %.
    const all = (await ada.agent.get('/api/questions').query({ pageSize: 1 }).expect(200)).body.total as number;
    const percent = (await ada.agent.get('/api/questions').query({ q: '%', pageSize: 1 }).expect(200)).body.total as number;
    expect(percent).toBeLessThan(all);
    expect(percent).toBe(await t.db.question.count({ where: { archivedAt: null, OR: [{ source: 'seed' }, { authorId: ada.id }], prompt: { contains: '\\%' } } }));
  });

  it('imports a good file in one go and exports it back byte for byte', async () => {
    const questions = [
      mine(30),
      mine(31, { type: 'truefalse', prompt: 'CodeBuild can run builds inside a VPC?', options: ['True', 'False'], answer: [0] }),
      mine(32, {
        type: 'multiple',
        prompt: 'Which two services store artifacts or code? (Choose two.)',
        options: ['AWS CodeCommit', 'AWS CodeArtifact', 'AWS CodeDeploy', 'Amazon CloudWatch', 'AWS X-Ray'],
        answer: [0, 1],
        difficulty: 2,
        timeLimitSec: 45,
      }),
      mine(33, { id: 'sdlc.codecommit.m33', topic: 'sdlc.codecommit', prompt: 'A custom CodeCommit question for the export order?' }),
    ];
    const file = { domain: 'sdlc', questions };
    expect((await bob.agent.post('/api/questions/import').send(file).expect(201)).body).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect((await bob.agent.post('/api/questions/import').send(file).expect(201)).body).toEqual({ created: 0, updated: 0, unchanged: 4 });

    const exported = await bob.agent.get('/api/questions/export').query({ domain: 'sdlc' }).expect(200);
    expect(exported.headers['content-disposition']).toContain('sdlc.json');
    // Export orders by curriculum topic: codecommit comes before codebuild.
    const expectedOrder = [questions[3], questions[0], questions[1], questions[2]];
    expect(exported.text).toBe(`${JSON.stringify({ domain: 'sdlc', questions: expectedOrder }, null, 2)}\n`);

    // Importing the export changes nothing.
    expect((await bob.agent.post('/api/questions/import').send(JSON.parse(exported.text)).expect(201)).body).toMatchObject({ unchanged: 4 });
    // Ada's export of the same domain does not contain Bob's questions.
    const adas = await ada.agent.get('/api/questions/export').query({ domain: 'sdlc' }).expect(200);
    expect(JSON.parse(adas.text).questions.map((q: { id: string }) => q.id)).not.toContain('sdlc.codebuild.m30');
  });
});
