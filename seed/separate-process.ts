import { fork } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/src/project-root.ts';
import type { SeedSummary } from './loader.ts';

/** Seeding that failed in its own process; the message is what that process reported. */
export class SeedProcessError extends Error {}

/**
 * Seeds the database at `databaseUrl` by running `npm run seed`'s program (seed/cli) in a
 * process of its own and returns its summary. The banks, their validation and the writes of a
 * first seed (some two thousand questions) cost the server nothing it would keep for the rest
 * of its life: that process's memory goes back to the system when it exits.
 */
export function seedInSeparateProcess(databaseUrl: string): Promise<SeedSummary> {
  // The build runs dist/seed/cli.js beside dist/server/src/main.js; the sources run seed/cli.ts
  // through the same loader (tsx) as the parent, which fork passes on in execArgv.
  const program = import.meta.url.endsWith('.js') ? path.join(PROJECT_ROOT, 'dist/seed/cli.js') : path.join(PROJECT_ROOT, 'seed/cli.ts');
  const child = fork(program, [], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as SeedSummary);
      const reported = stderr.trim().replace(/^error: /, '');
      reject(new SeedProcessError(reported || `seeding stopped (${signal ?? `exit code ${code}`})`));
    });
  });
}
