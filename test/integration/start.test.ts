import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFiles } from '../../seed/loader.ts';
import { freePort } from '../../server/src/db/embedded-postgres.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { runServer, startServer } from '../support/server-process.ts';

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
