import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '../../server/src/db/embedded-postgres.ts';

describe('the embedded PostgreSQL', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-embedded-'));
    dirs.push(dir);
    return path.join(dir, 'data');
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('starts on a fresh port when another process takes the one it picked', async () => {
    // Another process binds the picked port first, as happens under load.
    const thief = net.createServer();
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
    const stolen = (thief.address() as net.AddressInfo).port;
    const picked: number[] = [];
    const pickPort = async () => {
      const port = picked.length === 0 ? stolen : await freePort();
      picked.push(port);
      return port;
    };
    const server = await startEmbeddedPostgres(tempDir(), { pickPort });
    try {
      expect(picked.length).toBe(2);
      expect(server.port).toBe(picked[1]);
      const client = new pg.Client({ connectionString: server.adminUrl });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await server.stop();
      thief.close();
    }
  });

  it('says what failed when it cannot start on the port it was given', async () => {
    const thief = net.createServer();
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
    const port = (thief.address() as net.AddressInfo).port;
    try {
      await expect(startEmbeddedPostgres(tempDir(), { port })).rejects.toThrow(new RegExp(`did not start on port ${port}: the postgres process exited before it was ready \\(.*could not (bind|create)`, 'i'));
    } finally {
      thief.close();
    }
  });
});
