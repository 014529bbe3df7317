/**
 * What a student's phone downloads for the join page, and when it first paints on a slow link
 * (400 ms latency, 500 kbit/s both ways, as Chromium emulates it). Prints the join page's files
 * with their raw, gzip and brotli sizes, the chunks loaded after joining, and the first
 * contentful paint of a few fresh loads. Not part of `npm test`.
 *
 *   npx tsx bench/first-paint.ts          (DATABASE_URL if set, else the embedded PostgreSQL)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../test/support/browser.ts';
import { startServer } from '../test/support/server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'web/dist');
const RUNS = 5;

execFileSync(process.execPath, ['scripts/prepare.mjs', '--web'], { cwd: ROOT, stdio: 'inherit' });

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
function sizes(file: string) {
  const content = fs.readFileSync(path.join(DIST, file));
  return { file, raw: content.length, gzip: zlib.gzipSync(content, { level: 9 }).length, brotli: zlib.brotliCompressSync(content).length };
}
function table(title: string, files: string[]) {
  const rows = files.map(sizes);
  console.log(`\n${title}`);
  for (const r of rows) console.log(`  ${r.file.padEnd(40)} ${kb(r.raw).padStart(9)} raw ${kb(r.gzip).padStart(9)} gzip ${kb(r.brotli).padStart(9)} brotli`);
  const sum = (key: 'raw' | 'gzip' | 'brotli') => rows.reduce((total, r) => total + r[key], 0);
  console.log(`  ${'total'.padEnd(40)} ${kb(sum('raw')).padStart(9)} raw ${kb(sum('gzip')).padStart(9)} gzip ${kb(sum('brotli')).padStart(9)} brotli`);
}

const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
const initial = ['index.html', ...[...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!)];
table('Join page (first download):', initial);
const assets = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
const studentLater = assets.filter((f) => /^(PlayPage|sessions|sockets|Countdown|Markdown|markdown)-/.test(f)).map((f) => `assets/${f}`);
table('Loaded after joining (game screens, socket, Markdown renderer):', studentLater);

const server = await startServer(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { DATA_DIR: path.join(ROOT, '.data') });
const browser = await launchChromium();
try {
  const paints: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 500_000 / 8, uploadThroughput: 500_000 / 8 });
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    await page.getByRole('heading', { name: 'Join a game' }).waitFor();
    const { fcp, transferred } = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      transferred: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reduce((sum, r) => sum + r.transferSize, 0) +
        ((performance.getEntriesByType('navigation')[0] as PerformanceResourceTiming | undefined)?.transferSize ?? 0),
    }));
    paints.push(fcp);
    console.log(`  load ${run + 1}: first contentful paint ${Math.round(fcp)} ms, ${kb(transferred)} over the wire`);
    await context.close();
  }
  paints.sort((a, b) => a - b);
  console.log(`\nFirst contentful paint on 400 ms / 500 kbit/s: median ${Math.round(paints[Math.floor(RUNS / 2)]!)} ms (min ${Math.round(paints[0]!)}, max ${Math.round(paints.at(-1)!)})`);
} finally {
  await browser.close();
  await server.stop();
}
