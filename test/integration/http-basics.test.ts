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

  it('GET /healthz tells anyone only which dependency is down; the reason goes to the log', async () => {
    const port = await freePort();
    const { db, pool } = createDb(`postgresql://postgres@127.0.0.1:${port}/nothing`);
    const logged: unknown[] = [];
    try {
      const down = createApp({ db, log: (entry) => logged.push(entry) });
      const res = await request(down).get('/healthz').expect(503);
      expect(res.body).toEqual({ status: 'degraded', db: 'unavailable' });
      expect(res.text).not.toContain(String(port));
      expect(logged.map(String)).toEqual([expect.stringContaining(`health: db unavailable`)]);
      expect(String(logged[0])).toContain(`127.0.0.1:${port}`);
      // Logged once while it stays down, not on every probe.
      await request(down).get('/healthz').expect(503);
      expect(logged).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });

  it('GET /healthz in Redis mode reports Redis too', async () => {
    const up = createApp({ db: t.db, redisPing: async () => 'PONG', log: () => {} });
    expect((await request(up).get('/healthz').expect(200)).body).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
    const down = createApp({ db: t.db, redisPing: () => Promise.reject(new Error('The client is offline')), log: () => {} });
    expect((await request(down).get('/healthz').expect(503)).body).toEqual({ status: 'degraded', db: 'ok', redis: 'unavailable' });
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
    expect(res.body.map((d: { topicCount: number }) => d.topicCount)).toEqual([30, 51, 57, 16, 11, 33, 3]);
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
