import { spawn, type ChildProcess } from 'node:child_process';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/db/embedded-postgres.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { call } from '../support/live-server.ts';
import { answerUntilAccepted, openOneQuestionGame, socketOpener } from '../support/process-game.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/** A Redis of this test's own on its own port (never the machine's shared one), without persistence. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

/**
 * Redis restarted mid-game in Redis mode (and it comes back empty): no answer is acknowledged
 * unless stored, the server stays up, and the room is published again by the node holding it.
 */
describe('a Redis restart mid-game', () => {
  let redis: ChildProcess;
  let redisPort: number;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let server: ServerProcess;
  const clients = socketOpener(() => server.url);

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    database = await createEmptyDatabase();
    server = await startServer({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${redisPort}`, ROOM_LEASE_MS: '3000' });
  }, 60_000);
  afterAll(async () => {
    clients.closeAll();
    await server?.stop();
    redis?.kill('SIGKILL');
    await database?.drop();
  });

  it('refuses what it cannot store while Redis is gone and carries on when it is back', { timeout: 90_000 }, async () => {
    const { cookie, code, gameId, right, ana, ben } = await openOneQuestionGame(server.url, clients.open);

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    const refused = await call(ana, 'player:answer', { questionIndex: 0, choices: right });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    // A late joiner is refused too; the player row already written for them is taken back.
    const cy = clients.open('/play');
    expect(await call(cy, 'player:join', { code, nickname: 'Cy' })).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(server.child.exitCode).toBeNull();
    // /healthz names Redis; opening a game (which needs the room store) is a 503, not a 500.
    expect((await request(server.url).get('/healthz').expect(503)).body).toEqual({ status: 'degraded', db: 'ok', redis: 'unavailable' });
    const quiz = await request(server.url).post('/api/quizzes').set('Cookie', cookie).send({ title: 'During the outage', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201);
    const opened = await request(server.url).post('/api/games').set('Cookie', cookie).send({ quizId: quiz.body.id }).expect(503);
    expect(opened.body.error.code).toBe('STORAGE_UNAVAILABLE');

    redis = await startRedis(redisPort);
    expect(await answerUntilAccepted(ana, { questionIndex: 0, choices: right })).toEqual({ ok: true, questionIndex: 0 });
    // Cy tries again with the same nickname and gets in.
    expect(await call(cy, 'player:join', { code, nickname: 'Cy' })).toMatchObject({ ok: true });
    const reveal = new Promise<any>((resolve) => ben.on('game:view', (v: any) => v.phase === 'reveal' && resolve(v)));
    expect((await call(ben, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);
    expect((await call(cy, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);
    expect((await reveal).reveal.answeredCount).toBe(3);

    const report = await request(server.url).get(`/api/games/${gameId}/report`).set('Cookie', cookie).expect(200);
    expect(report.body.summary).toMatchObject({ answered: 3, correct: 3 });
    expect((await request(server.url).get('/healthz').expect(200)).body).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
    expect(server.output()).toContain('health: redis unavailable: The client is offline');
    expect(server.output()).toContain('published again after the room store lost it');
    expect(server.output()).not.toContain('unexpected error');
  });
});
