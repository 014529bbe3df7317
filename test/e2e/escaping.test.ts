import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebClient, launchChromium } from '../support/browser.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * Markup in data is shown as text everywhere: nicknames and an imported question (prompt,
 * options, explanation) and a quiz title full of HTML and script, played through a whole game in
 * real Chromium. Every page runs with the Content-Security-Policy bypassed, so an injected
 * handler WOULD run: the test proves the client escapes, not just that the CSP blocks. Each
 * payload sets window.__pwned when it runs; it must stay undefined, no injected element may
 * exist, and the literal text must be on screen.
 */


// Nicknames are at most 20 characters: handlers that call a() (defined by the test, sets __pwned).
const NICKS = ['<svg onload=a()>', '<style onload=a()>', '&lt;b&gt;Cleo&amp;'];
const TITLE = `<img src=x onerror="window.__pwned='title'">Escaping quiz`;
const PROMPT = `Which <img src=x onerror="window.__pwned='prompt'"> service <script>window.__pwned='prompt-script'</script> compiles code?`;
const OPTIONS = [
  `<img src=x onerror="window.__pwned='option'">AWS CodeBuild`,
  '<b>AWS CodeDeploy</b>',
  'AWS CodeCommit &amp; &lt;more&gt;',
  `<svg onload="window.__pwned='option-svg'">AWS CodeArtifact`,
];
const EXPLANATION = `<iframe srcdoc="<script>parent.__pwned='explanation'</script>"></iframe>CodeBuild compiles <u>and</u> tests.\n\nRead [the guide](javascript:window.__pwned='md-link') and **this**.`;
/**
 * Question text is Markdown: HTML in it is shown as text, a javascript: link loses its target,
 * and Markdown's own emphasis works. An entity means its character, as in any Markdown.
 */
const EXPLANATION_SHOWN = `<iframe srcdoc="<script>parent.__pwned='explanation'</script>"></iframe>CodeBuild compiles <u>and</u> tests. Read the guide and this.`;
const oneLine = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const OPTIONS_SHOWN = OPTIONS.map((option) => option.replace('&amp; &lt;more&gt;', '& <more>'));

/** Elements the payloads would create if any of them were parsed as HTML. */
const INJECTED = 'img[src="x"], svg[onload], style[onload], iframe[srcdoc], u, main b, script:not([src]), a[href^="javascript" i], [onclick], [onerror]';

describe('markup in nicknames and questions is shown as text', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let server: ServerProcess;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    buildWebClient();
    database = await createEmptyDatabase();
    server = await startServer({ DATABASE_URL: database.url });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url, bypassCSP: true });
    await context.addInitScript(() => {
      (window as unknown as { a: () => void }).a = () => {
        (window as unknown as { __pwned: string }).__pwned = 'nickname';
      };
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    pages.push(page);
    return { context, page };
  }

  /** Nothing ran and nothing was injected, on every page open so far. */
  async function expectClean(step: string) {
    for (const [i, page] of pages.entries()) {
      const state = await page.evaluate((selector) => ({
        pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
        injected: [...document.querySelectorAll(selector)].map((el) => el.outerHTML.slice(0, 80)),
      }), INJECTED);
      expect({ step, page: i, ...state }).toEqual({ step, page: i, pwned: null, injected: [] });
    }
  }

  const visible = (page: Page, text: string) => page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' });

  it('an instructor imports a question full of markup and hosts it; three students with markup nicknames play it', async () => {
    const { context: hostContext, page: host } = await newPage();

    // Instructor and content through the API (same session as the browser), as a bank file import.
    expect((await hostContext.request.post('/api/auth/setup', { data: { email: 'ada@school.test', name: 'Ada <i>Lovelace</i>', password: 'analytical engine' } })).status()).toBe(201);
    const imported = await hostContext.request.post('/api/questions/import', {
      data: {
        domain: 'sdlc',
        questions: [
          { id: 'sdlc.codebuild.xss1', topic: 'sdlc.codebuild', type: 'single', prompt: PROMPT, options: OPTIONS, answer: [0], explanation: EXPLANATION, difficulty: 1, timeLimitSec: 60 },
        ],
      },
    });
    expect(imported.status()).toBe(201);
    const quiz = await hostContext.request.post('/api/quizzes', { data: { title: TITLE, questions: [{ questionId: 'sdlc.codebuild.xss1' }] } });
    expect(quiz.status()).toBe(201);

    // The dashboard lists the quiz by its title, as text; host it.
    await host.goto('/host');
    await host.getByRole('heading', { name: 'Your quizzes' }).waitFor();
    await visible(host, TITLE);
    await expectClean('dashboard');
    await host.getByRole('button', { name: `Host “${TITLE}”` }).click();
    await host.getByRole('button', { name: 'Start game' }).waitFor();
    const code = (await host.locator('.code').textContent())!.trim();
    await visible(host, TITLE);

    // Students join with markup nicknames.
    const students: Page[] = [];
    for (const nickname of NICKS) {
      const { page } = await newPage();
      await page.goto(`/join/${code}`);
      await page.getByLabel('Nickname').fill(nickname);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('heading', { name: "You're in!" }).waitFor();
      expect(await page.locator('header.you strong').textContent()).toBe(nickname);
      students.push(page);
    }
    await host.getByRole('heading', { name: `Players (${NICKS.length})` }).waitFor();
    for (const nickname of NICKS) expect(await host.locator('.players li span').filter({ hasText: nickname }).textContent()).toBe(nickname);
    await expectClean('lobby');

    // The question, on the projector and the phones.
    await host.getByRole('button', { name: 'Start game' }).click();
    await host.locator('.prompt').getByText('compiles code?').waitFor();
    expect((await host.locator('.prompt').textContent())!.trim()).toBe(PROMPT);
    await host.locator('ul.options li').getByText('<more>').waitFor();
    const shown = await host.locator('ul.options li').allTextContents();
    expect(shown).toHaveLength(OPTIONS.length);
    for (const [i, option] of OPTIONS_SHOWN.entries()) expect(shown[i]!.trim().endsWith(option), `${shown[i]} shows ${option}`).toBe(true);
    for (const page of students) {
      await page.locator('#prompt').getByText('compiles code?').waitFor();
      expect((await page.locator('#prompt').textContent())!.trim()).toBe(PROMPT);
      for (const option of OPTIONS_SHOWN) await visible(page, option);
    }
    await expectClean('question');

    // Ana answers right (option 0), the others wrong.
    for (const [i, page] of students.entries()) await page.locator('.options .option').nth(i === 0 ? 0 : i).click();
    for (const page of students) await page.getByRole('heading', { name: /Correct!|Not this time/ }).waitFor();

    // The reveal: explanation and the correct option, as text.
    await host.getByRole('list', { name: 'How the class answered' }).waitFor();
    await host.locator('.explanation strong').getByText('this').waitFor();
    expect(oneLine(await host.locator('.explanation').innerText())).toBe(EXPLANATION_SHOWN);
    for (const option of OPTIONS_SHOWN) await visible(host, option);
    for (const page of students) {
      await page.locator('.explain strong').getByText('this').waitFor();
      expect(oneLine(await page.locator('.explain > .md').innerText())).toBe(EXPLANATION_SHOWN);
      expect(await page.locator('.answers li').textContent()).toContain(OPTIONS[0]);
    }
    await expectClean('reveal');

    // Leaderboard on the projector and the phones.
    await host.getByRole('button', { name: 'Next', exact: true }).click();
    await host.getByRole('heading', { name: 'Leaderboard' }).waitFor();
    const hostBoard = await host.locator('.ranking .name').allTextContents();
    expect(hostBoard[0]).toBe(NICKS[0]);
    expect([...hostBoard].sort()).toEqual([...NICKS].sort());
    for (const page of students) {
      await page.getByRole('heading', { name: 'Leaderboard' }).waitFor();
      expect([...(await page.locator('.ranking .name').allTextContents())].sort()).toEqual([...NICKS].sort());
    }
    await expectClean('leaderboard');

    // Podium.
    await host.getByRole('button', { name: 'Show podium' }).click();
    await host.getByRole('heading', { name: 'Podium' }).waitFor();
    expect((await host.locator('.stands .place-1 .name').allTextContents())[0]).toBe(NICKS[0]);
    for (const page of students) {
      await page.getByRole('heading', { name: 'Final results' }).waitFor();
      expect(await page.locator('.ranking .name').allTextContents()).toContain(NICKS[0]);
    }
    await expectClean('podium');
  }, 120_000);

  it('serves the app with a Content-Security-Policy that forbids inline script (defence in depth)', async () => {
    const res = await fetch(`${server.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
  });
});
