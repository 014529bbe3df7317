import { createRequire } from 'node:module';
import net from 'node:net';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const PHONES = [
  { width: 320, height: 640 },
  { width: 360, height: 740 },
  { width: 390, height: 844 },
];
export const PROJECTORS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
];

type Size = { width: number; height: number };

/** axe-core's critical and serious findings on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The screen at each size: a screenshot, axe with no critical or serious finding, and on phones
 * no sideways scroll (the page is never wider than the screen).
 */
export async function checkScreen(page: Page, shot: (page: Page, name: string) => Promise<unknown>, name: string, sizes: Size[]) {
  const original = page.viewportSize();
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await shot(page, `${name}-${size.width}x${size.height}`);
    expect(await axeViolations(page), `${name} at ${size.width}x${size.height}`).toEqual([]);
    if (size.width < 600) {
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
      expect(widths.page, `${name} at ${size.width} px is wider than the screen`).toBeLessThanOrEqual(widths.screen);
    }
  }
  if (original) await page.setViewportSize(original);
}

/** The computed font size of the first element matching `selector`, in CSS pixels. */
export async function fontSize(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

/**
 * A TCP link between a browser and the server that the test can cut, as a school's Wi-Fi
 * drops: every open connection is closed and new ones are refused until it is restored.
 */
export async function cuttableLink(targetPort: number) {
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * What a projector would not show: the page's height past the screen's, and each element
 * matching one of `selectors` that is not wholly on the screen or hides part of itself behind a
 * scroll bar.
 */
export async function offScreen(page: Page, selectors: string[]): Promise<{ pageHeight: number; screenHeight: number; hidden: string[] }> {
  return page.evaluate((selectors) => {
    const hidden: string[] = [];
    for (const selector of selectors) {
      const found = [...document.querySelectorAll<HTMLElement>(selector)];
      if (!found.length) hidden.push(`${selector}: not on the page`);
      found.forEach((el, i) => {
        const box = el.getBoundingClientRect();
        if (box.top < -0.5 || box.left < -0.5 || box.bottom > innerHeight + 0.5 || box.right > innerWidth + 0.5) hidden.push(`${selector} #${i}: outside the screen`);
        const style = getComputedStyle(el);
        const scrolls = style.overflowX !== 'visible' || style.overflowY !== 'visible';
        if (scrolls && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) hidden.push(`${selector} #${i}: scrolls`);
      });
    }
    return { pageHeight: document.documentElement.scrollHeight, screenHeight: innerHeight, hidden };
  }, selectors);
}
