import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/http/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** The built web client as the build leaves it: each file with brotli and gzip copies beside it. */
function fakeDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-dist-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  const files = {
    'index.html': '<!doctype html><title>quiz</title><script type="module" src="/assets/index-abc123.js"></script>',
    'assets/index-abc123.js': `export const words = ${JSON.stringify('a classroom quiz '.repeat(200))};\n`,
  };
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), content);
    fs.writeFileSync(path.join(dir, `${name}.br`), zlib.brotliCompressSync(content));
    fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(content));
  }
  return dir;
}

describe('the built web client is served compressed and cached by kind', () => {
  let t: TestDatabase;
  let dist: string;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    t = await createTestDatabase();
    dist = fakeDist();
    app = createApp({ db: t.db, webDist: dist, log: () => {} });
  });
  afterAll(async () => {
    fs.rmSync(dist, { recursive: true, force: true });
    await t.close();
  });

  const original = () => fs.readFileSync(path.join(dist, 'assets/index-abc123.js'), 'utf8');

  it('sends brotli to a browser that takes it, with a year of immutable caching for hashed assets', async () => {
    // The test client decompresses what it receives, as a browser does.
    const res = await request(app).get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toBe(original());
    expect(Number(res.headers['content-length'])).toBe(fs.statSync(path.join(dist, 'assets/index-abc123.js.br')).size);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await request(app).get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe(original());
    const plain = await request(app).get('/assets/index-abc123.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(original());
  });

  it('has the browser check index.html every time, at any client-side route', async () => {
    for (const url of ['/', '/join/K7MPX4', '/host/bank', '/index.html']) {
      const res = await request(app).get(url).expect(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.text, url).toContain('/assets/index-abc123.js');
    }
  });
});
