import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTestBed } from '../support/browser.ts';
import { bankRow } from '../support/bank-fixtures.ts';

/** A row of a bank file as an instructor would write it. */
const row = (n: number, extra: Record<string, unknown> = {}) =>
  bankRow({
    id: `sdlc.codebuild.ada-${n}`,
    prompt: `Imported question ${n}: which service runs the unit tests of a pipeline?`,
    explanation: 'CodeBuild runs build and test commands; CodeDeploy only deploys what was built.',
    ...extra,
  });

/**
 * An instructor's own questions, all through the browser: write one, edit it, import a bank file
 * (a bad one is refused with its problems listed, a good one goes in), copy a built-in question
 * and change it, archive and restore, export a domain and read the file back.
 */
describe('an instructor writes, imports, edits and exports their own questions', () => {
  let bed: Awaited<ReturnType<typeof startBrowserTestBed>>;
  beforeAll(async () => {
    bed = await startBrowserTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  const own = async () =>
    (
      await bed.sql.query<{ id: string; prompt: string; options: string[]; answer: number[]; explanation: string; type: string; archivedAt: Date | null }>(
        `SELECT id, prompt, options, answer, explanation, type, "archivedAt" FROM "Question" WHERE source = 'instructor' ORDER BY id`,
      )
    ).rows;

  it('keeps every change the screens say they made', { timeout: 120_000 }, async () => {
    const { server, browser } = bed;
    const setup = await fetch(`${server.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@school.test', name: 'Ada', password: 'analytical engine' }),
    });
    expect(setup.status).toBe(201);
    const [name, value] = setup.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url, acceptDownloads: true });
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);

    // Write a "choose two" question.
    await page.goto('/host');
    await page.getByRole('link', { name: /Question bank/ }).click();
    await page.getByRole('link', { name: 'Write a question' }).click();
    await page.getByLabel('Domain').selectOption('sdlc');
    await page.getByLabel('Topic').selectOption('sdlc.codebuild');
    await page.getByLabel('Type').selectOption('multiple');
    await page.getByLabel('Question', { exact: true }).fill('Which two files can tell CodeBuild how to run a build?');
    const texts = ['A buildspec.yml in the source root', 'An appspec.yml in the source root', 'A buildspec written into the project settings', 'A Dockerfile in the source root'];
    for (const [i, text] of texts.entries()) await page.getByLabel(`Option ${'ABCD'[i]}`, { exact: true }).fill(text);
    await page.getByLabel('Option A is correct').check();
    await page.getByLabel('Option C is correct').check();
    await page.getByLabel('Explanation').fill('The buildspec comes from the source or the project; appspec belongs to CodeDeploy.');
    await bed.shot(page, 'projector-question-editor');
    await page.getByRole('button', { name: 'Save question' }).click();
    await page.getByRole('status').filter({ hasText: /^Question saved as sdlc\.codebuild\./ }).waitFor();
    let mine = await own();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ type: 'multiple', answer: [0, 2], options: texts, prompt: 'Which two files can tell CodeBuild how to run a build? (Choose two.)' });
    const written = mine[0]!.id;

    // Edit it from the list of own questions.
    await page.getByLabel('Source').selectOption('mine');
    await page.getByRole('status').filter({ hasText: /^1 question$/ }).waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await expect.poll(() => page.getByLabel('Question', { exact: true }).inputValue()).toContain('(Choose two.)');
    await page.getByLabel('Explanation').fill('Only buildspec files drive CodeBuild; appspec.yml is read by CodeDeploy.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
    expect((await own()).find((q) => q.id === written)?.explanation).toBe('Only buildspec files drive CodeBuild; appspec.yml is read by CodeDeploy.');

    // A file with a bad row is refused, row by row; nothing is imported.
    const badFile = { domain: 'sdlc', questions: [row(1), row(2, { answer: [7] })] };
    await page.getByLabel('Import a bank file (.json)').setInputFiles({ name: 'ada-bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(badFile)) });
    const alert = page.getByRole('alert');
    await alert.getByText('1 problem(s); nothing was imported').waitFor();
    await expect.poll(() => alert.locator('tbody tr').first().innerText()).toMatch(/^2\s+sdlc\.codebuild\.ada-2\s+answer\.0\s+correct index 7 is out of range/);
    await bed.shot(page, 'projector-import-problems');
    expect(await own()).toHaveLength(1);

    const goodFile = { domain: 'sdlc', questions: [row(1), row(2)] };
    await page.getByLabel('Import a bank file (.json)').setInputFiles({ name: 'ada.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(goodFile)) });
    await page.getByRole('status').filter({ hasText: 'Imported ada.json: 2 new, 0 updated, 0 unchanged.' }).waitFor();
    expect((await own()).map((q) => q.id)).toEqual(expect.arrayContaining(['sdlc.codebuild.ada-1', 'sdlc.codebuild.ada-2']));

    // Copy a built-in question and change the copy.
    await page.getByLabel('Source').selectOption('seed');
    await page.getByLabel('Text').fill('buildspec');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: /^\d+ questions?$/ }).waitFor();
    const source = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Copy and edit' }) }).first();
    const copiedPrompt = await source.locator('.prompt').innerText();
    expect(copiedPrompt.toLowerCase()).toContain('buildspec');
    await source.getByRole('button', { name: 'Copy and edit' }).click();
    await page.getByRole('heading', { name: 'Edit your question' }).waitFor();
    await expect.poll(() => page.getByLabel('Question', { exact: true }).inputValue()).not.toBe('');
    await page.getByLabel('Time limit (seconds)').fill('45');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
    mine = await own();
    expect(mine).toHaveLength(4);
    const copy = (await bed.sql.query(`SELECT prompt FROM "Question" WHERE source = 'instructor' AND "timeLimitSec" = 45`)).rows;
    expect(copy).toEqual([{ prompt: copiedPrompt }]);

    // Archive one, find it among the archived, restore it.
    await page.getByLabel('Source').selectOption('mine');
    await page.getByLabel('Text').fill('Imported question 1');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: /^1 question$/ }).waitFor();
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('status').filter({ hasText: 'Question archived' }).waitFor();
    expect((await own()).find((q) => q.id === 'sdlc.codebuild.ada-1')?.archivedAt).not.toBeNull();
    await page.getByLabel('Archived only').check();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('status').filter({ hasText: 'Question restored.' }).waitFor();
    expect((await own()).find((q) => q.id === 'sdlc.codebuild.ada-1')?.archivedAt).toBeNull();

    // Export the domain and read the file: every own question of it, in the import format.
    await page.getByLabel('Export your questions of').selectOption('sdlc');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download sdlc.json' }).click()]);
    expect(download.suggestedFilename()).toBe('sdlc.json');
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expect(exported.domain).toBe('sdlc');
    expect(exported.questions.map((q: { id: string }) => q.id).sort()).toEqual((await own()).map((q) => q.id).sort());

    // Another domain after a topic was chosen: the old topic does not go along.
    await page.getByLabel('Source').selectOption('all');
    await page.getByLabel('Text').fill('');
    const filters = page.locator('form.filters');
    await filters.getByRole('combobox', { name: /^Domain/ }).selectOption('sdlc');
    await filters.getByRole('combobox', { name: /^Topic/ }).selectOption('sdlc.codebuild');
    await page.getByRole('status').filter({ hasText: /^\d+ questions?$/ }).waitFor();
    await filters.getByRole('combobox', { name: /^Domain/ }).selectOption('config-iac');
    await page.getByRole('status').filter({ hasText: /^\d+ questions?$/ }).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /questions?$/ }).innerText()).not.toBe('0 questions');
    expect(await page.locator('.results li').first().innerText()).toContain('config-iac.');
    await filters.getByRole('combobox', { name: /^Domain/ }).selectOption('');

    // Paging through the whole bank.
    await page.getByLabel('Source').selectOption('all');
    await page.getByLabel('Text').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: /^\d+ questions$/ }).waitFor();
    const firstOnPageOne = await page.locator('.results .prompt').first().innerText();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next' }).click();
    await page.getByText(/^Page 2 of \d+$/).waitFor();
    await page.getByRole('status').filter({ hasText: /^\d+ questions$/ }).waitFor();
    expect(await page.locator('.results .prompt').first().innerText()).not.toBe(firstOnPageOne);
    await expect.poll(() => page.getByText(/^Page \d+ of \d+$/).innerText()).toMatch(/^Page 2 of/);

    // The editor works at phone width too.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/host/bank/new');
    await page.getByRole('heading', { name: 'Write a question' }).waitFor();
    await bed.shot(page, 'phone-question-editor');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.goto('/host/bank');
    await page.getByRole('status').filter({ hasText: /^\d+ questions$/ }).waitFor();
    await bed.shot(page, 'phone-question-bank');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});
