/**
 * The server's memory with nothing to do: `npm start`'s program (dist/) started on a fresh
 * database (migrations and the first seed of the banks run on start) and again on the same,
 * now seeded, database; each time an instructor signs in (the first queries) and, once the
 * server is idle, memory is sampled after full collections (median of the samples).
 *
 *   npm run bench:memory [-- --runs 3 --idle-ms 5000]
 *
 * Prints one JSON line per start and the load average.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { builtServer, memoryOf, scratchDatabase, spawnNode, stop, type MemoryUsage } from './processes.ts';
import { sleep } from './sockets.ts';

const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'idle-ms': { type: 'string', default: '5000' } } });
const SAMPLES = 5;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measureStart(databaseUrl: string, label: string) {
  const proc = await spawnNode([builtServer()], { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl }, /ready in [\d.]+ s: http:\/\/localhost:(\d+)/);
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
    const pick = (key: keyof MemoryUsage) => mb(median(samples.map((sample) => sample[key])));
    return {
      start: label,
      rssAtReadyMb: mb(atReady.rss),
      rssMb: pick('rss'),
      heapTotalMb: pick('heapTotal'),
      heapUsedMb: pick('heapUsed'),
      externalMb: pick('external'),
      arrayBuffersMb: pick('arrayBuffers'),
    };
  } finally {
    await stop(proc);
  }
}

console.log(`load average: ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
for (let run = 0; run < Number(opts.runs); run++) {
  const database = await scratchDatabase();
  try {
    console.log(JSON.stringify(await measureStart(database.url, 'fresh database (migrate, first seed)')));
    console.log(JSON.stringify(await measureStart(database.url, 'seeded database')));
  } finally {
    await database.drop();
  }
}
console.log(`load average: ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
