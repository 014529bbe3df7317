/**
 * Load benchmark: N students in R rooms answer Q questions at random times, against the real
 * server (1..K nodes; with K > 1 they share a local Redis) and, in the same run, against two
 * floors (bench/bare-server.ts): a bare Socket.IO server with the same join / broadcast / ack
 * pattern, and the same server storing each answer in PostgreSQL before its ack.
 *
 *   npm run bench -- --students 2000 --questions 5 [--rooms 1] [--nodes 2]
 *
 * The generator is this process; every server is a process of its own. PostgreSQL: a fresh
 * database on BENCH_DATABASE_URL's server (default postgresql://postgres@127.0.0.1:5432/postgres),
 * dropped at the end; Redis: REDIS_URL (default redis://127.0.0.1:6379) under a unique prefix.
 * Prints a table and, as its last line, one JSON object with the numbers.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { builtServer, dropRedisPrefix, heapSnapshot, memoryOf, scratchDatabase, spawnNode, stop, type MemoryFigure, type MemoryUsage, type Proc } from './processes.ts';
import { call, connected, receivedBytes, sleep } from './sockets.ts';


const { values: opts } = parseArgs({
  options: {
    students: { type: 'string', default: '200' },
    questions: { type: 'string', default: '5' },
    rooms: { type: 'string', default: '1' },
    nodes: { type: 'string', default: '1' },
    'answer-min-ms': { type: 'string', default: '500' },
    'answer-max-ms': { type: 'string', default: '4000' },
    'join-concurrency': { type: 'string', default: '100' },
    'skip-bare': { type: 'boolean', default: false },
    'heap-snapshot': { type: 'string' },
  },
});
const N = Number(opts.students);
const Q = Number(opts.questions);
const R = Number(opts.rooms);
const K = Number(opts.nodes);
const ANSWER_MIN = Number(opts['answer-min-ms']);
const ANSWER_MAX = Number(opts['answer-max-ms']);
const JOIN_CONCURRENCY = Number(opts['join-concurrency']);
// How long an ack may take (the default of call() in bench/sockets.ts).
const ACK_TIMEOUT_MS = 15_000;

const CLK_TCK = 100;
/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
/** Peak resident memory of a process, in MB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

// ---------- measuring ----------

function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (n: number) => Math.round(n * 10) / 10;
const ratio = (ours: number, bare: number) => Math.round((ours / bare) * 100) / 100;
/**
 * Where student i connects from: classes of 200 behind one address each (the server's limits
 * per address are sized for that), on loopback addresses of their own.
 */
const schoolAddress = (i: number) => `127.1.${Math.floor(i / CLASS_SIZE) % 256}.${1 + Math.floor(i / CLASS_SIZE / 256)}`;
const CLASS_SIZE = 200;
const mean = (samples: number[]) => samples.reduce((sum, n) => sum + n, 0) / samples.length;

const MEMORY_SAMPLES = 5;
const MEMORY_SAMPLE_GAP_MS = 500;
/**
 * The servers' memory, summed over nodes: per field the median of a few samples, each after a
 * full collection (one sample moves with the allocator and V8 giving pages back).
 */
async function memory(target: Target): Promise<MemoryUsage> {
  const samples: MemoryUsage[] = [];
  for (let i = 0; i < MEMORY_SAMPLES; i++) {
    if (i) await sleep(MEMORY_SAMPLE_GAP_MS);
    const usages = await Promise.all(target.procs.map(memoryOf));
    const sum = (key: MemoryFigure) => usages.reduce((total, usage) => total + usage[key], 0);
    samples.push({ rss: sum('rss'), heapTotal: sum('heapTotal'), heapUsed: sum('heapUsed'), external: sum('external'), arrayBuffers: sum('arrayBuffers') });
  }
  const median = (key: MemoryFigure) => percentile(samples.map((sample) => sample[key]), 50);
  return { rss: median('rss'), heapTotal: median('heapTotal'), heapUsed: median('heapUsed'), external: median('external'), arrayBuffers: median('arrayBuffers') };
}

/** A host command; a refusal or a missing ack counts as an error instead of ending the run. */
async function command(socket: Socket, event: string, fail: (message: string) => void) {
  try {
    const ack = await call(socket, event);
    if (!ack.ok) fail(`${event}: ${ack.error?.code}`);
  } catch (error) {
    fail(`${event}: ${(error as Error).message}`);
  }
}

async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (nextIndex < count) {
        const i = nextIndex++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

type Target = {
  name: 'ours' | 'bare' | 'bare-durable';
  urls: string[];
  procs: Proc[];
  /** Opens a room and returns its code and the host's cookie. */
  openRoom(r: number): Promise<{ code: string; cookie?: string }>;
  /** The right choices of question q (any for the bare server). */
  right(q: number): number[];
  wrong(q: number): number[];
};

type Result = {
  joinPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  fanoutP50Ms: number;
  fanoutP99Ms: number;
  fanoutLastMs: number;
  serverCpuSec: number;
  serverRssMb: number;
  /** What one student receives: per join (the ack), per question (question, ack, reveal, leaderboard), mean and largest. */
  bytes: { joinAckMean: number; joinAckMax: number; studentPerQuestionMean: number; studentPerQuestionMax: number; hostPerSec: number; hostPerQuestion: number; hostPerJoin: number };
  /** Server memory after a full collection, summed over nodes: the room open with no student, and the cost of each student. */
  memory: { baseRssMb: number; baseHeapMb: number; rssPerStudentKb: number; heapPerPlayerKb: number; externalPerStudentKb: number; endRssPerStudentKb: number; endHeapPerPlayerKb: number };
  errors: number;
  errorSamples: string[];
};

async function drive(target: Target): Promise<Result> {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(message);
  const pids = target.procs.map((proc) => proc.child.pid!);
  const cpuBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

  // Hosts: one per room, on the first node (the node that opened the room).
  const rooms = await Promise.all(
    Array.from({ length: R }, async (_, r) => {
      const { code, cookie } = await target.openRoom(r);
      const host = await connected(`${target.urls[0]!}/host`, cookie ? { cookie } : undefined);
      const attached = await call(host, 'host:attach', { code });
      if (!attached.ok) throw new Error(`host:attach: ${JSON.stringify(attached)}`);
      return { code, host, received: receivedBytes(host), sentAt: 0 };
    }),
  );
  const empty = await memory(target);
  const hostBytes = () => rooms.reduce((sum, room) => sum + room.received.bytes, 0) / R;
  const hostBeforeJoins = hostBytes();

  // Students: round robin over rooms and nodes, joining a few at a time like a class does.
  type Student = { socket: Socket; room: number; received: { readonly bytes: number }; joinAckBytes: number };
  const joinStart = performance.now();
  const students = await pool(N, JOIN_CONCURRENCY, async (i): Promise<Student | null> => {
    const room = i % R;
    try {
      const socket = await connected(`${target.urls[i % target.urls.length]!}/play`, undefined, schoolAddress(i));
      const received = receivedBytes(socket);
      socket.on('disconnect', (reason) => reason !== 'io client disconnect' && fail(`disconnect: ${reason}`));
      const before = received.bytes;
      const ack = await call(socket, 'player:join', { code: rooms[room]!.code, nickname: `Student ${i + 1}` });
      if (!ack.ok) fail(`join: ${ack.error?.code}`);
      return { socket, room, received, joinAckBytes: received.bytes - before };
    } catch (error) {
      fail(`join: ${(error as Error).message}`);
      return null;
    }
  });
  const joinSec = (performance.now() - joinStart) / 1000;
  const joined = students.filter((s): s is Student => s !== null);
  await sleep(1000); // the hosts' last (throttled) updates of the joins
  const hostPerJoin = (hostBytes() - hostBeforeJoins) / (joined.length / R);
  const full = await memory(target);
  const studentBytesAtStart = joined.map((student) => student.received.bytes);
  const hostAtStart = hostBytes();
  const gameStart = performance.now();

  const acks: number[] = [];
  const fanout: number[] = [];
  const lastPerQuestion: number[] = [];
  for (let q = 0; q < Q; q++) {
    const lastOfRoom = new Array<number>(R).fill(0);
    const answered = joined.map(
      (student) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            fail(`question ${q} never arrived`);
            student.socket.off('game:question', onQuestion);
            resolve();
          }, ACK_TIMEOUT_MS + ANSWER_MAX);
          const onQuestion = (question: { index: number; answersOpenInMs?: number }) => {
            if (question.index !== q) return;
            student.socket.off('game:question', onQuestion);
            clearTimeout(timer);
            const took = performance.now() - rooms[student.room]!.sentAt;
            fanout.push(took);
            lastOfRoom[student.room] = Math.max(lastOfRoom[student.room]!, took);
            // After the question's reading time, when answers open.
            const delay = (question.answersOpenInMs ?? 0) + ANSWER_MIN + Math.random() * (ANSWER_MAX - ANSWER_MIN);
            setTimeout(() => {
              const choices = Math.random() < 0.7 ? target.right(q) : target.wrong(q);
              const sent = performance.now();
              call(student.socket, 'player:answer', { questionIndex: q, choices })
                .then((ack) => {
                  acks.push(performance.now() - sent);
                  if (!ack.ok) fail(`answer: ${ack.error?.code}`);
                })
                .catch((error: Error) => fail(`answer: ${error.message}`))
                .finally(resolve);
            }, delay);
          };
          student.socket.on('game:question', onQuestion);
        }),
    );
    await Promise.all(
      rooms.map((room) => {
        room.sentAt = performance.now();
        return command(room.host, target.name === 'ours' && q === 0 ? 'host:start' : 'host:next', fail);
      }),
    );
    await Promise.all(answered);
    lastPerQuestion.push(...lastOfRoom);
    if (target.name === 'ours') {
      // Everyone answered, so the room is in its reveal: on to the leaderboard.
      await sleep(300);
      await Promise.all(rooms.map((room) => command(room.host, 'host:next', fail)));
    }
  }
  await sleep(300); // the leaderboards the last host:next sent
  const gameSec = (performance.now() - gameStart) / 1000;
  const perQuestion = joined.map((student, i) => (student.received.bytes - studentBytesAtStart[i]!) / Q);
  const hostInGame = hostBytes() - hostAtStart;
  const end = await memory(target);
  if (opts['heap-snapshot'] && target.name === 'ours') console.log(`heap snapshot: ${await heapSnapshot(target.procs[0]!, opts['heap-snapshot'])}`);
  if (target.name === 'ours') {
    await Promise.all(rooms.map((room) => command(room.host, 'host:next', fail)));
  }
  const perStudentKb = (from: number, to: number) => round((to - from) / joined.length / 1024);
  const result: Result = {
    joinPerSec: round(joined.length / joinSec),
    ackP50Ms: round(percentile(acks, 50)),
    ackP99Ms: round(percentile(acks, 99)),
    fanoutP50Ms: round(percentile(fanout, 50)),
    fanoutP99Ms: round(percentile(fanout, 99)),
    fanoutLastMs: round(Math.max(...lastPerQuestion)),
    serverCpuSec: round(pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore),
    serverRssMb: round(pids.reduce((sum, pid) => sum + peakRssMb(pid), 0)),
    bytes: {
      joinAckMean: Math.round(mean(joined.map((student) => student.joinAckBytes))),
      joinAckMax: Math.max(...joined.map((student) => student.joinAckBytes)),
      studentPerQuestionMean: Math.round(mean(perQuestion)),
      studentPerQuestionMax: Math.round(Math.max(...perQuestion)),
      hostPerSec: Math.round(hostInGame / gameSec),
      hostPerQuestion: Math.round(hostInGame / Q),
      hostPerJoin: Math.round(hostPerJoin),
    },
    memory: {
      baseRssMb: round(empty.rss / 2 ** 20),
      baseHeapMb: round(empty.heapUsed / 2 ** 20),
      rssPerStudentKb: perStudentKb(empty.rss, full.rss),
      heapPerPlayerKb: perStudentKb(empty.heapUsed, full.heapUsed),
      externalPerStudentKb: perStudentKb(empty.external, full.external),
      endRssPerStudentKb: perStudentKb(empty.rss, end.rss),
      endHeapPerPlayerKb: perStudentKb(empty.heapUsed, end.heapUsed),
    },
    errors: errors.length,
    errorSamples: [...new Set(errors)].slice(0, 5),
  };
  for (const student of joined) student.socket.disconnect();
  for (const room of rooms) room.host.disconnect();
  return result;
}

// ---------- the two targets ----------

/** The bare floor, or with `durable` the bare floor plus one committed INSERT per answer. */
async function bare(durable: boolean): Promise<{ target: Target; close(): Promise<void> }> {
  const database = durable ? await scratchDatabase() : null;
  const proc = await spawnNode(['bench/bare-server.ts'], database ? { BARE_DATABASE_URL: database.url } : {}, /bare ready: (\d+)/);
  return {
    target: {
      name: durable ? 'bare-durable' : 'bare',
      urls: [proc.url],
      procs: [proc],
      openRoom: async (r) => ({ code: `BARE${r}` }),
      right: () => [0],
      wrong: () => [1],
    },
    async close() {
      await stop(proc);
      await database?.drop();
    },
  };
}

async function ours(): Promise<{ target: Target; close(): Promise<void>; logs: () => string }> {
  const database = await scratchDatabase();
  const databaseUrl = database.url;
  const prefix = `quiz-bench:${randomBytes(5).toString('hex')}:`;
  const nodes: Proc[] = [];
  const env = (i: number): Record<string, string> => ({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    // A room larger than the default capacity (2,000) is what a large-room run is about.
    ROOM_MAX_PLAYERS: String(Math.max(2_000, Math.ceil(N / R))),
    ...(K > 1 ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix, NODE_ID: `bench-${i}` } : {}),
    // A heartbeat setting to compare with (docs/benchmarks.md, 10,000 students in one room).
    ...(process.env.NODE_HEARTBEAT_TTL_MS ? { NODE_HEARTBEAT_TTL_MS: process.env.NODE_HEARTBEAT_TTL_MS } : {}),
    ...(i > 0 ? { SEED_ON_START: 'false' } : {}),
  });
  try {
    const server = builtServer();
    for (let i = 0; i < K; i++) nodes.push(await spawnNode([server], env(i), /ready in [\d.]+ s: http:\/\/localhost:(\d+)/));
  } catch (error) {
    await Promise.all(nodes.map(stop));
    await database.drop();
    throw error;
  }

  // Questions: the first Q single-choice questions of the bank.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const questions = (
    await client.query<{ id: string; answer: number[]; options: string[] }>(
      `SELECT id, answer, options FROM "Question" WHERE type = 'single' AND "archivedAt" IS NULL ORDER BY id LIMIT $1`,
      [Q],
    )
  ).rows;
  await client.end();

  const base = nodes[0]!.url;
  const setup = await fetch(`${base}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@school.test', name: 'Bench', password: 'correct horse battery' }),
  });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
  const post = async (url: string, body: unknown) => {
    const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  const quiz = await post('/api/quizzes', { title: 'Load test', questions: questions.map((q) => ({ questionId: q.id, timeLimitSec: 60 })) });

  return {
    target: {
      name: 'ours',
      urls: nodes.map((node) => node.url),
      procs: nodes,
      openRoom: async () => {
        const game = await post('/api/games', { quizId: quiz.id });
        return { code: game.code!, cookie };
      },
      right: (q) => questions[q]!.answer,
      wrong: (q) => [questions[q]!.options.findIndex((_, i) => !questions[q]!.answer.includes(i))],
    },
    logs: () => nodes.map((node) => node.output()).join('\n'),
    async close() {
      await Promise.all(nodes.map(stop));
      await database.drop();
      if (K > 1) await dropRedisPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    },
  };
}

// ---------- run ----------

function table(rows: [string, Result | undefined][]) {
  const keys: (keyof Result)[] = ['joinPerSec', 'ackP50Ms', 'ackP99Ms', 'fanoutP50Ms', 'fanoutP99Ms', 'fanoutLastMs', 'serverCpuSec', 'serverRssMb', 'errors'];
  const width = 14;
  console.log(['', ...keys].map((k) => String(k).padStart(width)).join(''));
  for (const [label, result] of rows) {
    if (!result) continue;
    console.log([label, ...keys.map((k) => String(result[k]))].map((v) => v.padStart(width)).join(''));
  }
}

async function measure(start: () => Promise<{ target: Target; close(): Promise<void> }>): Promise<Result> {
  const floor = await start();
  try {
    return await drive(floor.target);
  } finally {
    await floor.close();
  }
}

const floorNumbers = (result: Result | undefined) =>
  result ? { ackP99Ms: result.ackP99Ms, fanoutP99Ms: result.fanoutP99Ms, errors: result.errors } : null;

async function main() {
  console.log(`load average: ${os.loadavg().map(round).join(' ')}`);
  console.log(`load: ${N} students in ${R} room(s), ${Q} questions, ${K} node(s); answers after ${ANSWER_MIN}-${ANSWER_MAX} ms`);
  const bareResult = opts['skip-bare'] ? undefined : await measure(() => bare(false));
  const durableResult = opts['skip-bare'] ? undefined : await measure(() => bare(true));
  const o = await ours();
  let ourResult: Result;
  let roomMoves = 0;
  try {
    ourResult = await drive(o.target);
    // A node that took a room over from another (one that looked dead, or lost its lease).
    roomMoves = o.logs().match(/: taken over by node /g)?.length ?? 0;
    if (ourResult.errors) console.log(`server log (end):\n${o.logs().slice(-3000)}`);
  } catch (error) {
    console.error(o.logs().slice(-4000));
    throw error;
  } finally {
    await o.close();
  }
  table([
    ['quiz server', ourResult],
    ['bare socket.io', bareResult],
    ['bare + INSERT', durableResult],
  ]);
  const { bytes, memory: mem } = ourResult;
  console.log(`errors: ${ourResult.errors}`);
  if (K > 1) console.log(`room moves between nodes: ${roomMoves}`);
  console.log(`student bytes: join ack ${bytes.joinAckMean} (largest ${bytes.joinAckMax}), per question ${bytes.studentPerQuestionMean} (largest ${bytes.studentPerQuestionMax})`);
  console.log(`host bytes: ${bytes.hostPerSec} per second in the game, ${bytes.hostPerQuestion} per question, ${bytes.hostPerJoin} per join`);
  console.log(`server memory: base RSS ${mem.baseRssMb} MB (heap ${mem.baseHeapMb} MB); per student RSS ${mem.rssPerStudentKb} KB, heap ${mem.heapPerPlayerKb} KB (after the game: RSS ${mem.endRssPerStudentKb} KB, heap ${mem.endHeapPerPlayerKb} KB)`);
  if (ourResult.errorSamples.length) console.log(`errors (first kinds): ${ourResult.errorSamples.join('; ')}`);
  for (const [label, result] of [['bare', bareResult], ['bare + INSERT', durableResult]] as const) {
    if (result?.errorSamples.length) console.log(`${label} errors (first kinds): ${result.errorSamples.join('; ')}`);
  }
  const { errorSamples: _, ...numbers } = ourResult;
  console.log(
    JSON.stringify({
      students: N,
      nodes: K,
      rooms: R,
      questions: Q,
      ...numbers,
      ...(K > 1 ? { roomMoves } : {}),
      bare: floorNumbers(bareResult),
      bareDurable: floorNumbers(durableResult),
      loadAverage: os.loadavg().map(round),
      ratio:
        bareResult && durableResult
          ? {
              ackP99: ratio(ourResult.ackP99Ms, bareResult.ackP99Ms),
              fanoutP99: ratio(ourResult.fanoutP99Ms, bareResult.fanoutP99Ms),
              ackP99VsDurable: ratio(ourResult.ackP99Ms, durableResult.ackP99Ms),
              fanoutP99VsDurable: ratio(ourResult.fanoutP99Ms, durableResult.fanoutP99Ms),
            }
          : null,
    }),
  );
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
