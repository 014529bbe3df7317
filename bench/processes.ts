/** Server processes and scratch databases the benches share (they are not part of `npm test`). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, withDatabase } from '../server/src/db/embedded-postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The server as production runs it (`npm start`): the build in dist/, made (or brought up to date) first. */
export function builtServer(): string {
  execFileSync(process.execPath, ['scripts/prepare.mjs', '--server'], { cwd: ROOT, stdio: 'inherit' });
  return 'dist/server/src/main.js';
}

export type Proc = { child: ChildProcess; url: string; output: () => string };

/** A process's memory after a full garbage collection, in bytes (see bench/memory-probe.mjs). */
export type MemoryUsage = {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Linux only: the resident set's anonymous and file-backed parts. */
  rssAnon?: number;
  rssFile?: number;
};
/** The figures every platform reports. */
export type MemoryFigure = 'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers';

/**
 * Starts a Node process (TypeScript through tsx unless the script is JavaScript) that answers
 * memoryOf() and heapSnapshot().
 */
export function spawnNode(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 120_000): Promise<Proc> {
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the servers spend their time.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // e.g. BENCH_NODE_ENV="MALLOC_ARENA_MAX=4" to compare an environment variable's effect.
  const extraEnv = environmentOf(process.env.BENCH_NODE_ENV ?? '');
  const transpile = args[0]!.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--expose-gc', '--import', './bench/memory-probe.mjs', ...transpile, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extraEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}`, output: () => output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

/** "NAME=value NAME2=value2" as environment variables (a value may itself hold "="). */
export function environmentOf(setting: string): Record<string, string> {
  return Object.fromEntries(setting.split(' ').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

let requests = 0;
function ask<T>(proc: Proc, message: Record<string, unknown>, pick: (reply: any) => T): Promise<T> {
  const id = ++requests;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${message.type} reply`)), 120_000);
    const onMessage = (reply: any) => {
      if (reply?.id !== id) return;
      proc.child.off('message', onMessage);
      clearTimeout(timer);
      resolve(pick(reply));
    };
    proc.child.on('message', onMessage);
    proc.child.send({ ...message, id });
  });
}

/** The process's memory right after a full collection. */
export const memoryOf = (proc: Proc) => ask<MemoryUsage>(proc, { type: 'memory' }, (reply) => reply.usage);

/** Writes a heap snapshot of the process (after a full collection) and returns its file name. */
export const heapSnapshot = (proc: Proc, file: string) => ask<string>(proc, { type: 'snapshot', file }, (reply) => reply.file);

export async function stop(proc: Proc) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A fresh database on the bench's PostgreSQL server, and a way to drop it. */
export async function scratchDatabase() {
  const name = `quiz_bench_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(ADMIN_URL, name);
  return {
    url: withDatabase(ADMIN_URL, name),
    async drop() {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).finally(() => admin.end());
    },
  };
}


/** Deletes every Redis key under `prefix` (a bench's own namespace on the shared Redis). */
export async function dropRedisPrefix(url: string, prefix: string) {
  const { createClient } = await import('redis');
  const redis = createClient({ url });
  await redis.connect();
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
  if (keys.length) await redis.del(keys);
  await redis.quit();
}
