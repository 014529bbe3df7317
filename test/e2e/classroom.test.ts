import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTestBed } from '../support/browser.ts';

/**
 * An instructor and three students play a whole game in real headless Chromium against the
 * real server process. Screenshots of the key screens go to test-artifacts/screenshots/.
 */

const PHONE = { width: 360, height: 740 };
const PROJECTOR = { width: 1280, height: 800 };

describe('a classroom game in the browser', () => {
  let bed: Awaited<ReturnType<typeof startBrowserTestBed>>;
  beforeAll(async () => {
    bed = await startBrowserTestBed();
  }, 120_000);
  afterAll(() => bed?.close());
  const shot = (page: Page, name: string) => bed.shot(page, name);

  async function newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await bed.browser.newContext({ viewport, baseURL: bed.server.url });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page };
  }

  it('instructor builds a quiz and hosts it; three students play to the podium; scores match the database', async () => {
    // Instructor: first-run setup.
    const { page: host } = await newPage(PROJECTOR);
    await host.goto('/host');
    await host.getByRole('heading', { name: /create the first instructor/i }).waitFor();
    await host.getByLabel('Email').fill('ada@school.test');
    await host.getByLabel('Name').fill('Ada Lovelace');
    await host.getByLabel('Password').fill('analytical engine');
    await host.getByRole('button', { name: 'Create account' }).click();
    await host.getByRole('heading', { name: 'Your quizzes' }).waitFor();

    // Build a 3-question quiz from the bank (quick single-answer questions about CodeBuild).
    await host.getByRole('link', { name: 'New quiz' }).click();
    await host.getByLabel('Title').fill('CodeBuild check');
    await host.getByLabel('Type').selectOption('single');
    await host.getByLabel('Style').selectOption('quick');
    await host.getByLabel('Text').fill('CodeBuild');
    await host.getByRole('button', { name: 'Search' }).click();
    await host.getByRole('status').filter({ hasText: /questions?$/ }).waitFor();
    const addButtons = host.getByRole('button', { name: 'Add to quiz' });
    for (let i = 0; i < 3; i++) await addButtons.first().click();
    await host.getByRole('heading', { name: 'Questions in this quiz (3)' }).waitFor();
    await shot(host, 'projector-quiz-builder');
    await host.getByRole('button', { name: 'Save quiz' }).click();

    // Edit it once: a new title, the last question worth double points.
    await host.getByRole('link', { name: 'Edit “CodeBuild check”' }).click();
    await host.getByRole('heading', { name: 'Questions in this quiz (3)' }).waitFor();
    await host.getByLabel('Title').fill('CodeBuild check (revised)');
    await host.getByLabel('Double points').last().check();
    await host.getByLabel('Reading').first().fill('2');
    await host.getByRole('button', { name: 'Save quiz' }).click();
    await host.getByRole('button', { name: 'Host “CodeBuild check (revised)”' }).click();

    // Lobby on the projector.
    await host.getByRole('button', { name: 'Start game' }).waitFor();
    const code = (await host.locator('.code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{6}$/);

    // Three students, one on a phone.
    const students: Page[] = [];
    for (const [name, viewport] of [['Ana', PHONE], ['Ben', PROJECTOR], ['Cleo', PROJECTOR]] as const) {
      const { page } = await newPage(viewport);
      await page.goto(`/join/${code}`);
      expect(await page.getByLabel('Room code').inputValue()).toBe(code);
      await page.getByLabel('Nickname').fill(name);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('heading', { name: "You're in!" }).waitFor();
      students.push(page);
    }
    await shot(students[0]!, 'phone-lobby');
    await host.getByRole('heading', { name: 'Players (3)' }).waitFor();
    await shot(host, 'projector-lobby');
    await host.getByRole('button', { name: 'Start game' }).click();

    for (let q = 0; q < 3; q++) {
      for (const page of students) await page.getByText(`Question ${q + 1} of 3`).waitFor();
      if (q === 0) {
        await shot(students[0]!, 'phone-question');
        await shot(host, 'projector-question');
      }
      // Ana picks the first option, Ben the second, Cleo the third.
      for (const [i, page] of students.entries()) {
        if (q === 1 && i === 0) {
          // Ana's phone reloads mid-question: she lands back on the question with her score.
          const before = await page.locator('header.you').textContent();
          await page.reload();
          await page.getByText(`Question ${q + 1} of 3`).waitFor();
          expect(await page.locator('header.you').textContent()).toBe(before);
        }
        await page.locator('.options .option').nth(i).click();
      }
      for (const page of students) await page.getByRole('heading', { name: /Correct!|Not this time|No answer/ }).waitFor();
      if (q === 0) {
        await shot(students[0]!, 'phone-result');
        await host.getByRole('list', { name: 'How the class answered' }).waitFor();
        await shot(host, 'projector-reveal');
      }
      await host.getByRole('button', { name: 'Next', exact: true }).click();
      await host.getByRole('heading', { name: 'Leaderboard' }).waitFor();
      if (q === 0) await shot(host, 'projector-leaderboard');
      await host.getByRole('button', { name: q < 2 ? 'Next question' : 'Show podium' }).click();
    }

    await host.getByRole('heading', { name: 'Podium' }).waitFor();
    await shot(host, 'projector-podium');
    const { rows } = await bed.sql.query<{ nickname: string; score: number }>('SELECT nickname, score FROM "Player"');
    expect(rows).toHaveLength(3);
    for (const [i, page] of students.entries()) {
      await page.getByRole('heading', { name: 'Final results' }).waitFor();
      const standing = await page.locator('.standing').textContent();
      const name = ['Ana', 'Ben', 'Cleo'][i]!;
      const stored = rows.find((r) => r.nickname === name)!.score;
      expect(standing).toContain(`with ${stored} points`);
      expect(await page.locator('header.you').textContent()).toContain(`Score ${stored}`);
    }
    await shot(students[0]!, 'phone-podium');
    const answers = await bed.sql.query('SELECT count(*)::int AS n FROM "Answer"');
    expect(answers.rows[0].n).toBe(9);
    const asked = await bed.sql.query('SELECT "doublePoints", "readingSec" FROM "GameQuestion" ORDER BY position');
    expect(asked.rows.map((r) => r.doublePoints)).toEqual([false, false, true]);
    expect(asked.rows.map((r) => r.readingSec)).toEqual([2, null, null]);

    // After class: the game report and the topic mastery view.
    await host.getByRole('link', { name: 'Game report' }).click();
    await host.getByRole('heading', { name: 'Report: CodeBuild check (revised)' }).waitFor();
    const questionRows = host.getByRole('table').first().locator('tbody tr');
    expect(await questionRows.count()).toBe(3);
    for (const { nickname, score } of rows) {
      await host.getByRole('row', { name: new RegExp(`\\b${nickname}\\b.*\\b${score}\\b`) }).waitFor();
    }
    await shot(host, 'projector-report');
    await host.getByRole('link', { name: 'Topic mastery' }).first().click();
    await host.getByRole('heading', { name: 'Heat map' }).waitFor();
    await host.getByRole('checkbox', { name: /Review .*CodeBuild/ }).first().waitFor();
    expect(await host.getByRole('list', { name: 'Topics of SDLC Automation' }).locator('li').count()).toBe(30);
    await shot(host, 'projector-mastery');
  }, 120_000);
});
