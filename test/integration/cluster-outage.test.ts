import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '../../server/src/db/embedded-postgres.ts';
import { call, next } from '../support/live-server.ts';
import { answerUntilAccepted, openOneQuestionGame, socketOpener } from '../support/process-game.ts';
import { connectTestRedis, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * Two nodes over a PostgreSQL this test starts and stops itself. A question opens while the
 * database is away (it is announced before it is stored), then its node dies before it could
 * store it: the node that takes the room over stores the open question before any answer to it.
 */
describe('a question announced during a database outage, then its node killed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-cluster-outage-'));
  const prefix = uniqueRedisPrefix();
  let postgres: EmbeddedServer;
  let nodes: ServerProcess[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres(path.join(dir, 'data'));
    await ensureDatabase(postgres.adminUrl, 'quiz');
    const env = (node: string) => ({
      DATABASE_URL: withDatabase(postgres.adminUrl, 'quiz'),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      NODE_ID: node,
      ROOM_LEASE_MS: '1500',
    });
    nodes = [await startServer(env('node-a'))];
    nodes.push(await startServer({ ...env('node-b'), SEED_ON_START: 'false' }));
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(nodes.map((node) => node.stop()));
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    const redis = await connectTestRedis();
    await redis.dropPrefix(prefix);
    await redis.close();
  });

  it('stores the open question on the node that takes over, before the first answer to it', { timeout: 120_000 }, async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const onA = socketOpener(() => a.url);
    const { code, gameId, right, host, tokens } = await openOneQuestionGame(a.url, onA.open, 'sdlc.codebuild.001', { start: false });

    await postgres.stop();
    expect(await call(host, 'host:start')).toEqual({ ok: true });
    expect(await a.stop('SIGKILL')).toBeNull();
    postgres = await startEmbeddedPostgres(path.join(dir, 'data'), { port: postgres.port });

    // Both students come back through node B, which takes the room over from Redis.
    const students = [tokens.ana, tokens.ben].map((token) => {
      const socket = connect(`${b.url}/play`, { transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(socket);
      return { socket, token };
    });
    for (const { socket, token } of students) {
      expect(await call(socket, 'player:rejoin', { code, token })).toMatchObject({ ok: true, view: { phase: 'question', answered: false } });
    }
    const reveal = next(students[1]!.socket, 'game:view', (v) => v.phase === 'reveal');
    for (const { socket } of students) expect(await answerUntilAccepted(socket, { questionIndex: 0, choices: right })).toEqual({ ok: true, questionIndex: 0 });
    expect((await reveal).reveal.answeredCount).toBe(2);

    const sql = new pg.Client({ connectionString: withDatabase(postgres.adminUrl, 'quiz') });
    await sql.connect();
    const game = await sql.query(`SELECT status, "startedAt", snapshot->>'phase' AS phase FROM "Game" WHERE id = $1`, [gameId]).finally(() => sql.end());
    expect(game.rows[0]).toMatchObject({ status: 'running', startedAt: expect.any(Date), phase: 'reveal' });
    onA.closeAll();
  });
});
