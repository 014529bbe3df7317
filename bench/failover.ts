/**
 * Failover benchmark: S students in one room on two nodes (sharing a local Redis); mid-question
 * the room's owner node is killed (SIGKILL). Measured per run: how long until the surviving node
 * serves the room again (the first answer acknowledged there after the kill), how much of the
 * question's time ran off meanwhile (remaining time just before the kill against just after the
 * takeover), and whether every acknowledged answer is stored exactly as acknowledged.
 *
 *   npm run bench:failover -- [--students 200] [--runs 3]
 *
 * Prints one line per run and, as its last line, one JSON object with the numbers.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { builtServer, dropRedisPrefix, scratchDatabase, spawnNode, stop, type Proc } from './processes.ts';
import { call, connected, sleep } from './sockets.ts';

const { values: opts } = parseArgs({ options: { students: { type: 'string', default: '200' }, runs: { type: 'string', default: '3' } } });
const STUDENTS = Number(opts.students);
const RUNS = Number(opts.runs);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const READY = /ready in [\d.]+ s: http:\/\/localhost:(\d+)/;

type Ack = { ok: boolean; error?: { code: string } };
type Run = { servingAgainMs: number; clockLostMs: number; acked: number; stored: number; mismatched: number; errors: string[] };

async function once(run: number): Promise<Run> {
  const database = await scratchDatabase();
  const prefix = `quiz-failover:${randomBytes(5).toString('hex')}:`;
  const env = (i: number) => ({
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, NODE_ID: `node-${i}`,
    ...(i > 0 ? { SEED_ON_START: 'false' } : {}),
  });
  const nodes: Proc[] = [];
  const sockets: Socket[] = [];
  const errors: string[] = [];
  try {
    const server = builtServer();
    nodes.push(await spawnNode([server], env(0), READY), await spawnNode([server], env(1), READY));
    const [owner, survivor] = nodes as [Proc, Proc];
    const setup = await fetch(`${owner.url}/api/auth/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@school.test', name: 'Bench', password: 'correct horse battery' }),
    });
    const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
    const post = async (url: string, body: unknown) =>
      (await (await fetch(`${owner.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })).json()) as Record<string, string>;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const question = (await client.query<{ id: string; answer: number[] }>(`SELECT id, answer FROM "Question" WHERE id = 'sdlc.codebuild.001'`)).rows[0]!;
    const quiz = await post('/api/quizzes', { title: 'Failover', questions: [{ questionId: question.id, timeLimitSec: 60, readingSec: 0 }] });
    const { code, gameId } = await post('/api/games', { quizId: quiz.id });

    // The host and half the class on the surviving node, the other half on the owner.
    const host = await connected(`${survivor.url}/host`, { cookie });
    sockets.push(host);
    await call(host, 'host:attach', { code });
    const students = await Promise.all(
      Array.from({ length: STUDENTS }, async (_, i) => {
        const socket = await connected(`${(i % 2 ? survivor : owner).url}/play`);
        sockets.push(socket);
        const joined = await call(socket, 'player:join', { code, nickname: `S${i}` });
        return { socket, onOwner: i % 2 === 0, token: joined.rejoinToken as string, playerId: joined.playerId as string };
      }),
    );
    const opened = new Promise<void>((resolve) => students[1]!.socket.once('game:question', () => resolve()));
    await call(host, 'host:start', { at: { index: -1, phase: 'lobby' } });
    await opened;

    // Half the class answers before the kill; the question's time left is read just before it.
    const acked = new Map<string, number[]>();
    const answer = async (student: (typeof students)[number], socket = student.socket) => {
      const ack = await call<Ack>(socket, 'player:answer', { questionIndex: 0, choices: question.answer });
      if (ack.ok) acked.set(student.playerId, question.answer);
      else if (ack.error?.code !== 'ALREADY_ANSWERED') errors.push(ack.error?.code ?? 'no ack');
      return ack;
    };
    await Promise.all(students.slice(0, STUDENTS / 2).map((s) => answer(s)));
    const before = (await call(host, 'host:attach', { code })).view.question.remainingMs as number;

    const killedAt = performance.now();
    owner.child.kill('SIGKILL');
    // Students on the surviving node keep answering; the first ack after the kill is "serving again".
    const survivors = students.slice(STUDENTS / 2).filter((s) => !s.onOwner);
    let servingAgainMs = NaN;
    await Promise.all(
      survivors.map(async (s) => {
        await sleep(Math.random() * 200);
        for (let tries = 0; tries < 60; tries++) {
          const ack = await call<Ack>(s.socket, 'player:answer', { questionIndex: 0, choices: question.answer }, 20_000).catch(() => ({ ok: false }) as Ack);
          if (ack.ok) {
            acked.set(s.playerId, question.answer);
            if (Number.isNaN(servingAgainMs)) servingAgainMs = performance.now() - killedAt;
            return;
          }
          if (ack.error?.code === 'ALREADY_ANSWERED') return;
          await sleep(100);
        }
        errors.push('survivor never acknowledged');
      }),
    );
    const after = (await call(host, 'host:attach', { code })).view.question.remainingMs as number;
    const elapsed = performance.now() - killedAt;

    // The owner's students come back through the survivor; those who answered are refused twice.
    await Promise.all(
      students.filter((s) => s.onOwner).map(async (s) => {
        const socket = await connected(`${survivor.url}/play`);
        sockets.push(socket);
        const back = await call(socket, 'player:rejoin', { code, token: s.token });
        if (!back.ok) return errors.push(`rejoin: ${back.error?.code}`);
        await answer(s, socket);
      }),
    );
    const rows = (await client.query<{ playerId: string; chosen: number[] }>(`SELECT "playerId", chosen FROM "Answer" WHERE "gameId" = $1`, [gameId])).rows;
    await client.end();
    const mismatched = [...acked].filter(([player, chosen]) => rows.find((r) => r.playerId === player)?.chosen.join() !== chosen.join()).length;
    // Time the question lost = how much less is left than before, beyond the real time spent after the takeover.
    const clockLostMs = Math.max(0, before - after - (elapsed - servingAgainMs));
    console.log(`run ${run}: serving again ${Math.round(servingAgainMs)} ms after the kill; question clock lost ${Math.round(clockLostMs)} ms; ${acked.size} acknowledged, ${rows.length} stored, ${mismatched} differ; ${errors.length} errors`);
    return { servingAgainMs, clockLostMs, acked: acked.size, stored: rows.length, mismatched, errors: errors.slice(0, 5) };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(nodes.map(stop));
    await database.drop();
    await dropRedisPrefix(REDIS_URL, prefix);
  }
}

const runs: Run[] = [];
for (let run = 1; run <= RUNS; run++) runs.push(await once(run));
const max = (pick: (r: Run) => number) => Math.round(Math.max(...runs.map(pick)));
console.log(
  JSON.stringify({
    students: STUDENTS,
    runs: RUNS,
    servingAgainMs: runs.map((r) => Math.round(r.servingAgainMs)),
    servingAgainMaxMs: max((r) => r.servingAgainMs),
    clockLostMaxMs: max((r) => r.clockLostMs),
    acknowledged: runs.reduce((n, r) => n + r.acked, 0),
    stored: runs.reduce((n, r) => n + r.stored, 0),
    mismatched: runs.reduce((n, r) => n + r.mismatched, 0),
    errors: runs.flatMap((r) => r.errors),
  }),
);
