import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/src/db/embedded-postgres.ts';
import { withDatabase } from '../../server/src/db/embedded-postgres.ts';
import { ensurePrerequisites } from './prerequisites.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL connection string with the right to create databases. */
    pgAdminUrl: string;
  }
}

/**
 * What the suite needs outside npm (installed here when missing, as root on Debian), the built
 * server that server processes run (dist/, as `npm start` does; rebuilt when a source is newer),
 * and one PostgreSQL for the whole run: DATABASE_URL's server when it is set, otherwise an
 * embedded one in a temporary folder. Each test file creates its own database on it.
 */
export default async function setup(project: TestProject) {
  ensurePrerequisites();
  execFileSync(process.execPath, ['scripts/prepare.mjs', '--server'], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: 'inherit' });
  if (process.env.DATABASE_URL) {
    project.provide('pgAdminUrl', withDatabase(process.env.DATABASE_URL, 'postgres'));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-test-pg-'));
  const server = await startEmbeddedPostgres(path.join(dir, 'data'));
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
