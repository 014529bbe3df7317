// npm run bench:flood [-- --sockets 20000 --students 60]
// One address opens idle /play sockets up to and past the server's caps while a class plays a
// game; prints one JSON line: sockets admitted and refused, /healthz during the flood, the
// game's answer acks, and the server's open file descriptors. Not part of npm test.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { io as connect } from 'socket.io-client';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PASSWORD } from '../test/support/http.ts';
import { startServer } from '../test/support/server-process.ts';
import { withDatabase } from '../server/src/db/embedded-postgres.ts';
import { call, connected, sleep } from './sockets.ts';

const { values } = parseArgs({
  options: { sockets: { type: 'string', default: '20000' }, students: { type: 'string', default: '60' }, pg: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' } },
});
const SOCKETS = Number(values.sockets);
const STUDENTS = Number(values.students);
const BATCH = 500;

const admin = new pg.Client({ connectionString: withDatabase(values.pg, 'postgres') });
await admin.connect();
const dbName = `quiz_flood_${randomBytes(5).toString('hex')}`;
await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(dbName)}`);
const server = await startServer({ DATABASE_URL: withDatabase(values.pg, dbName) });
const fds = () => fs.readdirSync(`/proc/${server.child.pid}/fd`).length;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? null;

try {
  const agent = request.agent(server.url);
  const setup = await agent.post('/api/auth/setup').send({ email: 'flood@school.test', name: 'Flood', password: PASSWORD }).expect(201);
  const cookie = setup.headers['set-cookie']![0]!.split(';')[0]!;
  const quiz = await agent.post('/api/quizzes').send({ title: 'Flood', questions: [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 240 }, { questionId: 'sdlc.codebuild.002', timeLimitSec: 240 }] }).expect(201);
  const { code } = (await agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body;
  const host = await connected(`${server.url}/host`, { cookie });
  await call(host, 'host:attach', { code });
  // The class: another address (the server trusts X-Forwarded-For from loopback, as from a proxy).
  const students: Socket[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const s = await connected(`${server.url}/play`, { 'x-forwarded-for': '198.51.100.7' });
    await call(s, 'player:join', { code, nickname: `S${i}` });
    students.push(s);
  }
  const fdsBefore = fds();

  // The flood, from loopback without a forwarded address: one address.
  let admitted = 0;
  let refused = 0;
  const health: number[] = [];
  const idle: Socket[] = [];
  const healthLoop = (async () => {
    while (admitted + refused < SOCKETS) {
      health.push((await request(server.url).get('/healthz')).status);
      await sleep(200);
    }
  })();
  const started = Date.now();
  for (let sent = 0; sent < SOCKETS; sent += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, SOCKETS - sent) }, () => {
      const socket = connect(`${server.url}/play`, { transports: ['websocket'], forceNew: true, reconnection: false });
      return new Promise<void>((resolve) => {
        socket.once('connect', () => {
          admitted++;
          idle.push(socket);
          resolve();
        });
        socket.once('connect_error', () => {
          refused++;
          socket.close();
          resolve();
        });
      });
    });
    await Promise.all(batch);
  }
  const floodMs = Date.now() - started;
  await healthLoop;
  const fdsDuring = fds();

  // The game while the idle sockets are still there.
  const acks: number[] = [];
  let errors = 0;
  await call(host, 'host:start');
  await sleep(300);
  await Promise.all(
    students.map(async (s) => {
      const at = performance.now();
      const ack = await call(s, 'player:answer', { questionIndex: 0, choices: [0] }).catch(() => ({ ok: false }));
      acks.push(performance.now() - at);
      if (!ack.ok) errors++;
    }),
  );
  const healthAfter = (await request(server.url).get('/healthz')).status;
  console.log(
    JSON.stringify({
      bench: 'connection-flood',
      attempts: SOCKETS,
      admitted,
      refused,
      floodMs,
      healthzDuringFlood: { checks: health.length, ok: health.filter((s) => s === 200).length },
      healthzAfter: healthAfter,
      students: STUDENTS,
      answerErrors: errors,
      answerAckP99Ms: Math.round(percentile(acks, 99)! * 10) / 10,
      serverFileDescriptors: { beforeFlood: fdsBefore, duringFlood: fdsDuring },
    }),
  );
  for (const s of [...idle, ...students, host]) s.disconnect();
} finally {
  await server.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
  await admin.end();
}
