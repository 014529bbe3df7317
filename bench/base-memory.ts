/**
 * The server's memory with nothing to do: `npm start`'s program (dist/) started on a fresh
 * database (migrations and the first seed of the banks run on start) and again on the same,
 * now seeded, database; each time an instructor signs in (the first queries) and, once the
 * server is idle, memory is sampled after full collections (median of the samples).
 *
 *   npm run bench:memory [-- --runs 5 --idle-ms 5000 --starts both|fresh|seeded]
 *   npm run bench:memory -- --starts seeded --with MALLOC_ARENA_MAX=2 [--with "NAME=value ..."]
 *   npm run bench:memory -- --starts seeded --runs 1 --heap-snapshot /tmp/idle.heapsnapshot
 *
 * Prints one JSON line per start, then per kind of start the median and range over the runs
 * (one start's RSS moves by 10-20 MB with what the allocator and V8 happen to give back), and
 * the load average. Each `--with` is a setting (environment variables) compared with none:
 * every run starts the server once without and once with each, one after the other.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { builtServer, environmentOf, heapSnapshot, memoryOf, scratchDatabase, spawnNode, stop, type MemoryUsage } from './processes.ts';
import { sleep } from './sockets.ts';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'idle-ms': { type: 'string', default: '5000' },
    starts: { type: 'string', default: 'both' },
    with: { type: 'string', multiple: true, default: [] },
    'heap-snapshot': { type: 'string' },
  },
});
const settings = ['', ...opts.with];
if (!['both', 'fresh', 'seeded'].includes(opts.starts)) throw new Error('--starts is both, fresh or seeded');
const SAMPLES = 5;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const FRESH = 'fresh database (migrate, first seed)';
const SEEDED = 'seeded database';
const SEEDING = 'seeding (not counted)';
type Start = Record<string, string | number>;
let snapshotFile = opts['heap-snapshot'];

async function measureStart(databaseUrl: string, label: string, setting = ''): Promise<Start> {
  const env = { ...environmentOf(setting), PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl };
  const proc = await spawnNode([builtServer()], env, /ready in [\d.]+ s: http:\/\/localhost:(\d+)/);
  try {
    const atReady = await memoryOf(proc);
    // The first queries (sign-in through Prisma) load the query compiler.
    const setup = await fetch(`${proc.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@school.test', name: 'Bench', password: 'correct horse battery' }),
    });
    if (setup.status !== 201 && setup.status !== 409) throw new Error(`setup: ${setup.status}`);
    await sleep(Number(opts['idle-ms']));
    const samples: MemoryUsage[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      if (i) await sleep(200);
      samples.push(await memoryOf(proc));
    }
    // After the samples: writing a snapshot grows the process.
    if (snapshotFile && label !== SEEDING) {
      console.log(`heap snapshot: ${await heapSnapshot(proc, snapshotFile)}`);
      snapshotFile = undefined;
    }
    const pick = (key: keyof MemoryUsage) => mb(median(samples.map((sample) => sample[key] ?? NaN)));
    return {
      start: label,
      ...(setting ? { setting } : {}),
      rssAtReadyMb: mb(atReady.rss),
      rssMb: pick('rss'),
      rssAnonMb: pick('rssAnon'),
      rssFileMb: pick('rssFile'),
      heapTotalMb: pick('heapTotal'),
      heapUsedMb: pick('heapUsed'),
      externalMb: pick('external'),
      arrayBuffersMb: pick('arrayBuffers'),
    };
  } finally {
    await stop(proc);
  }
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(1)).join(' ');
console.log(`load average: ${loadAverage()}`);
const starts: Start[] = [];
const record = (start: Start) => {
  starts.push(start);
  console.log(JSON.stringify(start));
};
// Seeded starts share one database seeded once, so every one of them finds the same rows.
const seeded = opts.starts === 'fresh' ? null : await scratchDatabase();
try {
  if (seeded) await measureStart(seeded.url, SEEDING);
  for (let run = 0; run < Number(opts.runs); run++) {
    for (const setting of settings) {
      if (opts.starts !== 'seeded') {
        const database = await scratchDatabase();
        try {
          record(await measureStart(database.url, FRESH, setting));
        } finally {
          await database.drop();
        }
      }
      if (seeded) record(await measureStart(seeded.url, SEEDED, setting));
    }
  }
} finally {
  await seeded?.drop();
}
for (const label of [FRESH, SEEDED]) for (const setting of settings) {
  const of = starts.filter((start) => start.start === label && (start.setting ?? '') === setting);
  if (!of.length) continue;
  const summary: Start = { summary: label, ...(setting ? { setting } : {}), starts: of.length };
  for (const key of Object.keys(of[0]!).filter((key) => key !== 'start' && key !== 'setting')) {
    const values = of.map((start) => Number(start[key]));
    summary[key] = `${median(values)} (${Math.min(...values)}–${Math.max(...values)})`;
  }
  console.log(JSON.stringify(summary));
}
console.log(`load average: ${loadAverage()}`);
