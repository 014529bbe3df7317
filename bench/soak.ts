/**
 * Soak bench: many short games back to back against the real server process, with a few hundred
 * socket.io-client students, for a given time. Reports memory (RSS, V8 heap after a full GC),
 * open file descriptors (sockets, files) and open rooms at the start and the end.
 *
 *   npx tsx bench/soak.ts --minutes 10 --students 300
 *   npx tsx bench/soak.ts                      # 1 minute, 50 students
 *
 * Flags: --minutes N (1), --students N (50), --questions N per game (3), --linger SEC (5, the
 * server's ROOM_LINGER_SEC, so finished rooms close during the run), --pg URL of a PostgreSQL that
 * may create databases (postgresql://postgres@127.0.0.1:5432), --sample SEC between samples (30).
 *
 * It creates its own database (quiz_soak_<random>) and drops it at the end. The server runs as
 * `npm start` does (node dist/server/src/main.js, built first), plus `--inspect` on a loopback port so
 * the bench can force a GC and read the heap through the inspector protocol; the public API is
 * unchanged. Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { withDatabase } from '../server/src/db/embedded-postgres.ts';
import { builtServer } from './processes.ts';
import { call, connected, sleep } from './sockets.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const READY = /ready in [\d.]+ s: (http:\/\/localhost:(\d+))/;
const INSPECTOR = /Debugger listening on (ws:\/\/\S+)/;

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    students: { type: 'string', default: '50' },
    questions: { type: 'string', default: '3' },
    linger: { type: 'string', default: '5' },
    pg: { type: 'string', default: process.env.SOAK_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432' },
    sample: { type: 'string', default: '30' },
  },
});
const MINUTES = Number(flags.minutes);
const STUDENTS = Number(flags.students);
const QUESTIONS = Number(flags.questions);
const LINGER_SEC = Number(flags.linger);
const SAMPLE_SEC = Number(flags.sample);

type Sample = {
  label: string;
  atSec: number;
  rssMiB: number;
  rssPeakMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  fds: number;
  sockets: number;
  liveRooms: number;
  clientSockets: number;
};

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Minimal inspector-protocol client: force a GC, read the heap. */
async function inspector(url: string) {
  const WebSocketImpl: typeof WebSocket =
    (globalThis as { WebSocket?: typeof WebSocket }).WebSocket ?? ((await import('ws' as string)) as { WebSocket: typeof WebSocket }).WebSocket;
  const ws = new WebSocketImpl(url);
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`inspector ${url} unreachable`));
  });
  let id = 0;
  const pending = new Map<number, (result: any) => void>();
  ws.onmessage = (event: MessageEvent) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  const send = (method: string, params: object = {}) =>
    new Promise<any>((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return {
    async heap(): Promise<{ usedSize: number; totalSize: number }> {
      await send('HeapProfiler.collectGarbage');
      return send('Runtime.getHeapUsage');
    },
    close: () => ws.close(),
  };
}

function procStatus(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function openFds(pid: number): { fds: number; sockets: number } {
  const entries = fs.readdirSync(`/proc/${pid}/fd`);
  let sockets = 0;
  for (const fd of entries) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // closed while listing
    }
  }
  return { fds: entries.length, sockets };
}

function waitFor<T = any>(socket: Socket, event: string, match: (payload: T) => boolean, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const admin = new pg.Client({ connectionString: withDatabase(flags.pg!, 'postgres') });
  await admin.connect();
  const dbName = `quiz_soak_${randomBytes(5).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(dbName)}`);
  const dbUrl = withDatabase(flags.pg!, dbName);
  console.log(`soak: ${MINUTES} min, ${STUDENTS} students, ${QUESTIONS} questions per game, database ${dbName}`);

  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', builtServer()], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: dbUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      ROOM_LINGER_SEC: String(LINGER_SEC),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let clientSockets: Socket[] = [];
  let host: Socket | undefined;
  let inspect: Awaited<ReturnType<typeof inspector>> | undefined;
  const sql = new pg.Client({ connectionString: dbUrl });

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server not ready:\n${output}`)), 90_000);
      const check = () => {
        const match = READY.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[2]));
        }
      };
      child.stdout!.on('data', check);
      void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    inspect = await inspector(INSPECTOR.exec(output)![1]!);
    await sql.connect();

    // Instructor, quiz.
    const setup = await fetch(`${url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'soak@school.test', name: 'Soak', password: 'correct horse battery' }),
    });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
    const api = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${url}${route}`, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : res.json();
    };
    const { rows: picked } = await sql.query<{ id: string }>(
      `SELECT id FROM "Question" WHERE type = 'single' AND "archivedAt" IS NULL ORDER BY id LIMIT $1`,
      [QUESTIONS],
    );
    const quiz = await api('POST', '/api/quizzes', { title: 'Soak', questions: picked.map((q) => ({ questionId: q.id, timeLimitSec: 60 })) });
    host = await connected(`${url}/host`, { cookie });

    const startedAt = Date.now();
    const samples: Sample[] = [];
    const sample = async (label: string): Promise<Sample> => {
      const { rss, peak } = procStatus(child.pid!);
      const heap = await inspect!.heap();
      const { fds, sockets } = openFds(child.pid!);
      const live = (await api('GET', '/api/games/live')) as unknown[];
      const s: Sample = {
        label,
        atSec: Math.round((Date.now() - startedAt) / 1000),
        rssMiB: mib(rss),
        rssPeakMiB: mib(peak),
        heapUsedMiB: mib(heap.usedSize),
        heapTotalMiB: mib(heap.totalSize),
        fds,
        sockets,
        liveRooms: live.length,
        clientSockets: clientSockets.filter((c) => c.connected).length + (host?.connected ? 1 : 0),
      };
      samples.push(s);
      console.log(
        `[${String(s.atSec).padStart(4)} s] ${label.padEnd(10)} rss ${s.rssMiB} MiB (peak ${s.rssPeakMiB}), heap ${s.heapUsedMiB}/${s.heapTotalMiB} MiB, fds ${s.fds} (sockets ${s.sockets}), live rooms ${s.liveRooms}, client sockets ${s.clientSockets}`,
      );
      return s;
    };

    await sample('start');
    const deadline = startedAt + MINUTES * 60_000;
    let nextSample = Date.now() + SAMPLE_SEC * 1000;
    let games = 0;
    let answersAcked = 0;
    let answersStored = 0;
    let joins = 0;
    const failures: string[] = [];
    const ackMs: number[] = [];
    const joinMs: number[] = [];

    while (Date.now() < deadline) {
      const game = (await api('POST', '/api/games', { quizId: quiz.id })) as { gameId: string; code: string };
      const attached = await call(host, 'host:attach', { code: game.code });
      if (!attached.ok) throw new Error(`attach: ${JSON.stringify(attached)}`);

      // Students connect and join (in batches, as a class does within a few seconds).
      clientSockets = [];
      for (let i = 0; i < STUDENTS; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(50, STUDENTS - i) }, async (_, k) => {
            const socket = await connected(`${url}/play`);
            const t0 = performance.now();
            const ack = await call(socket, 'player:join', { code: game.code.toLowerCase(), nickname: `s${i + k}` });
            joinMs.push(performance.now() - t0);
            if (!ack.ok) failures.push(`join: ${ack.error.code}`);
            else joins++;
            return socket;
          }),
        );
        clientSockets.push(...batch);
      }
      const lobby = await waitFor(host, 'host:view', (v: any) => v.players.length === STUDENTS, 30_000).catch(() => null);
      if (!lobby) failures.push(`game ${games}: lobby never showed ${STUDENTS} players`);

      const firstQuestion = Promise.all(clientSockets.map((s) => waitFor(s, 'game:question', (q: any) => q.index === 0)));
      const start = await call(host, 'host:start');
      if (!start.ok) throw new Error(`start: ${JSON.stringify(start)}`);
      let questionsSeen = firstQuestion;
      let acked = 0;
      for (let q = 0; q < QUESTIONS; q++) {
        const questions = await questionsSeen;
        const reveal = waitFor(host, 'host:view', (v: any) => v.phase === 'reveal' && v.index === q);
        await Promise.all(
          clientSockets.map(async (socket, i) => {
            await sleep(Math.random() * 300);
            const options = questions[i]!.options.length as number;
            const t0 = performance.now();
            const ack = await call(socket, 'player:answer', { questionIndex: q, choices: [Math.floor(Math.random() * options)] });
            ackMs.push(performance.now() - t0);
            if (ack.ok) acked++;
            else failures.push(`answer: ${ack.error.code}`);
          }),
        );
        await reveal; // everyone answered: the question closes by itself
        const leaderboard = waitFor(host, 'host:view', (v: any) => v.phase === 'leaderboard');
        await call(host, 'host:next');
        await leaderboard;
        if (q + 1 < QUESTIONS) {
          questionsSeen = Promise.all(clientSockets.map((s) => waitFor(s, 'game:question', (x: any) => x.index === q + 1)));
        }
        const nextPhase = q + 1 < QUESTIONS ? questionsSeen : waitFor(host, 'host:view', (v: any) => v.phase === 'podium');
        await call(host, 'host:next');
        await nextPhase;
      }
      answersAcked += acked;
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "Answer" WHERE "gameId" = $1', [game.gameId]);
      answersStored += rows[0]!.n;
      if (rows[0]!.n !== acked) failures.push(`game ${game.code}: ${acked} answers acknowledged, ${rows[0]!.n} stored`);
      for (const socket of clientSockets) socket.disconnect();
      clientSockets = [];
      games++;
      if (Date.now() >= nextSample) {
        await sample(`game ${games}`);
        nextSample = Date.now() + SAMPLE_SEC * 1000;
      }
    }
    const end = await sample('end');
    // Finished rooms linger for ROOM_LINGER_SEC; after that they must all be gone.
    await sleep((LINGER_SEC + 3) * 1000);
    const drained = await sample('drained');

    ackMs.sort((a, b) => a - b);
    joinMs.sort((a, b) => a - b);
    const first = samples[0]!;
    const summary = {
      minutes: MINUTES,
      students: STUDENTS,
      questionsPerGame: QUESTIONS,
      games,
      joins,
      answersAcked,
      answersStored,
      failures: failures.length,
      failureSamples: [...new Set(failures)].slice(0, 10),
      answerAckMs: { p50: Math.round(percentile(ackMs, 50)), p95: Math.round(percentile(ackMs, 95)), p99: Math.round(percentile(ackMs, 99)), max: Math.round(ackMs.at(-1) ?? 0) },
      joinAckMs: { p50: Math.round(percentile(joinMs, 50)), p95: Math.round(percentile(joinMs, 95)), max: Math.round(joinMs.at(-1) ?? 0) },
      start: first,
      end,
      drained,
      growth: {
        rssMiB: Math.round((drained.rssMiB - first.rssMiB) * 10) / 10,
        heapUsedMiB: Math.round((drained.heapUsedMiB - first.heapUsedMiB) * 10) / 10,
        fds: drained.fds - first.fds,
      },
    };
    console.log(JSON.stringify(summary, null, 2));
    process.exitCode = failures.length || drained.liveRooms !== 0 ? 1 : 0;
  } finally {
    for (const socket of clientSockets) socket.disconnect();
    host?.disconnect();
    inspect?.close();
    await sql.end().catch(() => undefined);
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
