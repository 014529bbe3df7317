import { spawn, type ChildProcess } from 'node:child_process';
import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/db/embedded-postgres.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { call } from '../support/live-server.ts';
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
  const sockets: Socket[] = [];
  const open = (namespace: string, headers?: Record<string, string>) => {
    const socket = connect(`${server.url}${namespace}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    database = await createEmptyDatabase();
    server = await startServer({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${redisPort}`, ROOM_LEASE_MS: '3000' });
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    redis?.kill('SIGKILL');
    await database?.drop();
  });

  it('refuses what it cannot store while Redis is gone and carries on when it is back', { timeout: 90_000 }, async () => {
    const agent = request.agent(server.url);
    const setup = await agent.post('/api/auth/setup').send({ email: 'ada@school.test', name: 'Ada', password: 'analytical engine' }).expect(201);
    const cookie = setup.headers['set-cookie']![0]!.split(';')[0]!;
    const quiz = await agent.post('/api/quizzes').send({ title: 'Redis', questions: [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 120 }] }).expect(201);
    const { code, gameId } = (await agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body;
    const right = (await agent.get('/api/questions/sdlc.codebuild.001').expect(200)).body.answer as number[];
    const host = open('/host', { cookie });
    expect((await call(host, 'host:attach', { code })).ok).toBe(true);
    const ana = open('/play');
    const ben = open('/play');
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    await call(ben, 'player:join', { code, nickname: 'Ben' });
    expect(await call(host, 'host:start')).toEqual({ ok: true });

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    const refused = await call(ana, 'player:answer', { questionIndex: 0, choices: right });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(server.child.exitCode).toBeNull();

    redis = await startRedis(redisPort);
    let retried = refused;
    for (let attempt = 0; attempt < 60 && !retried.ok; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      retried = await call(ana, 'player:answer', { questionIndex: 0, choices: right });
    }
    expect(retried).toEqual({ ok: true, questionIndex: 0 });
    const reveal = new Promise<any>((resolve) => ben.on('game:view', (v: any) => v.phase === 'reveal' && resolve(v)));
    expect((await call(ben, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);
    expect((await reveal).reveal.answeredCount).toBe(2);

    const report = await request(server.url).get(`/api/games/${gameId}/report`).set('Cookie', cookie).expect(200);
    expect(report.body.summary).toMatchObject({ answered: 2, correct: 2 });
    expect(server.output()).toContain('published again after the room store lost it');
    expect(server.output()).not.toContain('unexpected error');
  });
});
