import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
