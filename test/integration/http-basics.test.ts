import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../seed/curriculum.ts';
import { readBankFiles } from '../../seed/loader.ts';
import { createDb } from '../../server/src/db/client.ts';
import { freePort } from '../../server/src/db/embedded-postgres.ts';
import { createApp } from '../../server/src/http/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('HTTP basics', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    app = createApp({ db: t.db, log: () => {} });
  });
  afterAll(() => t.close());

  it('GET /healthz answers ok while the database answers', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('GET /healthz answers 503 with a reason when the database is unreachable', async () => {
    const { db, pool } = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/nothing`);
    try {
      const res = await request(createApp({ db, log: () => {} })).get('/healthz').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', db: 'unreachable' });
      expect(res.body.reason).toEqual(expect.any(String));
    } finally {
      await pool.end();
    }
  });

  it('GET /api/domains lists the 7 domains with the curriculum topic counts and the bank sizes', async () => {
    const res = await request(app).get('/api/domains').expect(200);
    const questionsPerDomain = new Map(readBankFiles().map((f) => {
      const bank = JSON.parse(f.content);
      return [bank.domain, bank.questions.length];
    }));
    expect(res.body).toEqual(
      loadCurriculum().domains.map((d) => ({
        id: d.id,
        number: d.number,
        title: d.title,
        examWeightPercent: d.examWeightPercent,
        topicCount: d.topics.length,
        questionCount: questionsPerDomain.get(d.id) ?? 0,
      })),
    );
    expect(res.body.map((d: { topicCount: number }) => d.topicCount)).toEqual([25, 47, 48, 12, 11, 22, 3]);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(app).get('/api/nothing-here').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /api/nothing-here' } });
  });

  it('answers a malformed JSON body with a 400 and a stable code', async () => {
    const res = await request(app).post('/api/domains').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });
});
