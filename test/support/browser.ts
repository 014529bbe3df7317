import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEmptyDatabase } from './database.ts';
import { startServer } from './server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Builds the web client if its sources changed (as `npm start` does) so the server serves it. */
export function buildWebClient(): void {
  execFileSync(process.execPath, ['scripts/prepare.mjs', '--web'], { cwd: ROOT, stdio: 'ignore' });
}

/** Debian's Chromium, headless, with no network of its own (never a downloaded browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

const SHOTS = path.join(ROOT, 'test-artifacts/screenshots');

/**
 * What a browser test needs: the web client built, the real server process on a fresh database,
 * Chromium, a SQL connection to check what was stored, and screenshots in
 * test-artifacts/screenshots/.
 */
export async function startBrowserTestBed() {
  buildWebClient();
  fs.mkdirSync(SHOTS, { recursive: true });
  const database = await createEmptyDatabase();
  const server = await startServer({ DATABASE_URL: database.url });
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const browser = await launchChromium();
  return {
    server,
    sql,
    browser,
    shot: (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await sql.end();
      await server.stop();
      await database.drop();
    },
  };
}
