import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFiles } from '../../seed/loader.ts';
import { freePort } from '../../server/src/db/embedded-postgres.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { builtinModules } from 'node:module';
import { BUILT_SERVER, runServer, startServer } from '../support/server-process.ts';

const bankSize = readBankFiles().reduce((n, f) => n + JSON.parse(f.content).questions.length, 0);

async function domainsOf(url: string) {
  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
  const domains = (await (await fetch(`${url}/api/domains`)).json()) as { id: string; topicCount: number; questionCount: number }[];
  expect(domains.map((d) => d.topicCount)).toEqual([30, 51, 57, 16, 11, 33, 3]);
  expect(domains.reduce((n, d) => n + d.questionCount, 0)).toBe(bankSize);
  return domains;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };

/** The npm packages a built file loads (static and dynamic imports), by package name. */
function packagesOf(file: string): string[] {
  const code = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...code.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const bare = specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]!));
  return [...new Set(bare.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)))].sort();
}

describe('the build production runs', () => {
  it('is plain JavaScript that npm start runs with node, loading production dependencies only', () => {
    expect(pkg.scripts.start).toBe(`node ${BUILT_SERVER}`);
    for (const script of ['seed', 'instructor:create', 'instructor:reset-password']) expect(pkg.scripts[script]).toMatch(/^node dist\/.+\.js$/);
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    for (const file of [BUILT_SERVER, ...['seed', 'instructor:create', 'instructor:reset-password'].map((script) => pkg.scripts[script]!.slice('node '.length))]) {
      const used = packagesOf(file);
      expect(used.length, file).toBeGreaterThan(0);
      expect(used.filter((name) => !(name in pkg.dependencies)), `${file} loads packages that production does not install`).toEqual([]);
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).not.toMatch(/from\s*["'][^"']+\.ts["']/);
    }
  });
});

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on an embedded PostgreSQL when DATABASE_URL is unset, and keeps its data across restarts', { timeout: 120_000 }, async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    expect(first.output()).toContain('database: embedded PostgreSQL');
    expect(first.output()).toContain(`question banks: ${bankSize} added, 0 updated, 0 unchanged`);
    const before = await domainsOf(first.url);
    expect(await first.stop()).toBe(0);

    const second = await startServer({ DATA_DIR: dataDir });
    expect(second.output()).not.toContain('migrations applied');
    expect(second.output()).toContain(`question banks: 0 added, 0 updated, ${bankSize} unchanged`);
    expect(await domainsOf(second.url)).toEqual(before);
    expect(await second.stop()).toBe(0);
  });

  it('uses DATABASE_URL when it is set, migrated and seeded the same way', { timeout: 60_000 }, async () => {
    const database = await createEmptyDatabase();
    try {
      const server = await startServer({ DATABASE_URL: database.url });
      expect(server.output()).toContain('migrations applied: ');
      await domainsOf(server.url);
      expect(await server.stop()).toBe(0);
    } finally {
      await database.drop();
    }
  });

  it.each([
    [{ PORT: 'eighty' }, /^error: Invalid setting PORT: /],
    [{ DATABASE_URL: 'mysql://127.0.0.1/quiz' }, /^error: Invalid setting DATABASE_URL: must be a postgresql:/],
  ])('stops with one clear line for %o', async (env, message) => {
    const { output, exited } = runServer(env);
    expect(await exited).toBe(1);
    expect(output().trim()).toMatch(message);
    expect(output().trim().split('\n')).toHaveLength(1);
  });

  it('stops with one clear line when PORT is taken', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    const database = await createEmptyDatabase();
    try {
      const { output, exited } = runServer({ DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1' });
      expect(await exited).toBe(1);
      expect(output().trim().split('\n').at(-1)).toBe(`error: Invalid setting PORT: ${port} is already in use (set PORT to a free port)`);
    } finally {
      blocker.close();
      await database.drop();
    }
  });

  it('stops with one clear line when DATABASE_URL cannot be reached', async () => {
    const { output, exited } = runServer({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/quiz` });
    expect(await exited).toBe(1);
    expect(output().trim()).toMatch(/^error: Invalid setting DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:\d+ /);
  });
});
