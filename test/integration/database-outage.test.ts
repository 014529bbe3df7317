import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '../../server/src/db/embedded-postgres.ts';
import { call } from '../support/live-server.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * PostgreSQL goes away mid-game (a server this test started itself, never the machine's): no
 * answer is acknowledged unless stored, the server stays up and says so on /healthz, and the
 * game goes on by itself once the database is back.
 */
describe('a database outage mid-game', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-outage-'));
  let postgres: EmbeddedServer;
  let server: ServerProcess;
  const sockets: Socket[] = [];
  const open = (namespace: string, headers?: Record<string, string>) => {
    const socket = connect(`${server.url}${namespace}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres(path.join(dir, 'data'));
    await ensureDatabase(postgres.adminUrl, 'quiz');
    server = await startServer({ DATABASE_URL: withDatabase(postgres.adminUrl, 'quiz') });
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to acknowledge answers it cannot store, reports the outage, and recovers on its own', { timeout: 120_000 }, async () => {
    const agent = request.agent(server.url);
    const setup = await agent.post('/api/auth/setup').send({ email: 'ada@school.test', name: 'Ada', password: 'analytical engine' }).expect(201);
    const cookie = setup.headers['set-cookie']![0]!.split(';')[0]!;
    const quiz = await agent.post('/api/quizzes').send({ title: 'Outage', questions: [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 120 }] }).expect(201);
    const { code, gameId } = (await agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body;
    const right = (await agent.get('/api/questions/sdlc.codebuild.001').expect(200)).body.answer as number[];
    const host = open('/host', { cookie });
    await call(host, 'host:attach', { code });
    const ana = open('/play');
    const ben = open('/play');
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    await call(ben, 'player:join', { code, nickname: 'Ben' });
    await call(host, 'host:start');

    await postgres.stop();
    const refused = await call(ana, 'player:answer', { questionIndex: 0, choices: right });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    const health = await request(server.url).get('/healthz').expect(503);
    expect(health.body).toMatchObject({ status: 'unavailable', db: 'unreachable' });
    expect(server.child.exitCode).toBeNull();

    postgres = await startEmbeddedPostgres(path.join(dir, 'data'), { port: postgres.port });
    // The client retries while the question is open, as the web app does.
    let retried = refused;
    for (let attempt = 0; attempt < 40 && !retried.ok; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      retried = await call(ana, 'player:answer', { questionIndex: 0, choices: right });
    }
    expect(retried).toEqual({ ok: true, questionIndex: 0 });
    const reveal = new Promise<any>((resolve) => ben.on('game:view', (v: any) => v.phase === 'reveal' && resolve(v)));
    expect((await call(ben, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);
    expect((await reveal).reveal.answeredCount).toBe(2);
    await request(server.url).get('/healthz').expect(200);

    const stored = await request(server.url).get(`/api/games/${gameId}/report`).set('Cookie', cookie).expect(200);
    expect(stored.body.summary).toMatchObject({ answered: 2, correct: 2 });
  });
});
