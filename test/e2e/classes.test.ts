import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTestBed } from '../support/browser.ts';
import { instructorWithClass } from '../support/instructor-screens.ts';
import { checkScreen, PHONES } from '../support/screens.ts';

const LAPTOP = { width: 1280, height: 900 };

/**
 * The class screens in Chromium: the instructor creates a class at laptop size and takes its
 * invite link; a student opens it at phone size, joins with a name, sees the recovery code and
 * their progress page; a second phone moves in with the code (the first keeps showing it), makes a
 * new one, and the first phone says its code was replaced; the instructor sees the roster and
 * the students x domains matrix. Phone screens pass axe and do not scroll sideways.
 */
describe('class screens', () => {
  let bed: Awaited<ReturnType<typeof startBrowserTestBed>>;
  beforeAll(async () => {
    bed = await startBrowserTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  it('invite, join, progress and recovery on a phone; roster and matrix on a laptop and a phone', { timeout: 180_000 }, async () => {
    const { server, browser, sql, shot } = bed;
    const { page, invite } = await instructorWithClass(browser, server.url, LAPTOP, 'Cohort 7');
    expect(invite).toMatch(/\/c\/[\w-]{22}$/);
    await shot(page, 'class-laptop-empty');

    const phone = PHONES[0]!;
    const student = await browser.newContext({ viewport: phone, baseURL: server.url, bypassCSP: true });
    const mobile = await student.newPage();
    mobile.setDefaultTimeout(10_000);
    await mobile.goto(new URL(invite).pathname);
    await mobile.getByRole('heading', { name: 'Join Cohort 7' }).waitFor();
    await checkScreen(mobile, shot, 'class-invite-phone', PHONES);
    await mobile.getByLabel(/Your name/).fill('Ana Lima');
    await mobile.getByRole('button', { name: 'Join the class' }).click();
    await mobile.getByRole('heading', { name: 'Welcome, Ana Lima' }).waitFor();
    const code = (await mobile.locator('.code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await checkScreen(mobile, shot, 'class-joined-phone', PHONES);
    await mobile.getByRole('link', { name: 'My progress' }).click();
    await mobile.getByRole('heading', { name: 'Exam readiness' }).waitFor();
    await mobile.getByText('Too few answers yet to estimate.').waitFor();
    await checkScreen(mobile, shot, 'student-progress-phone', PHONES);

    // A second phone moves in with the code.
    const other = await browser.newContext({ viewport: PHONES[1] ?? phone, baseURL: server.url, bypassCSP: true });
    const second = await other.newPage();
    second.setDefaultTimeout(10_000);
    await second.goto(`/student/recover#${code}`);
    await second.getByRole('button', { name: 'Continue' }).click();
    await second.getByRole('heading', { name: 'Exam readiness' }).waitFor();
    await second.getByText('Ana Lima').first().waitFor();
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "StudentToken" t JOIN "ClassMember" m ON m.id = t."memberId" WHERE m.name = 'Ana Lima'`);
    expect(rows[0].n).toBe(2);
    // Recovering keeps the code: the first phone still shows it, and it still works.
    await mobile.reload();
    await mobile.getByRole('heading', { name: 'Exam readiness' }).waitFor();
    expect((await mobile.locator('.code').textContent())!.trim()).toBe(code);
    // The second phone makes a new code: the first one says its code was replaced and no longer shows it.
    second.once('dialog', (dialog) => void dialog.accept());
    await second.getByRole('button', { name: 'New code' }).click();
    await second.locator('.code').filter({ hasNotText: code }).waitFor();
    const newCode = (await second.locator('.code').textContent())!.trim();
    expect(newCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await mobile.reload();
    await mobile.getByText('The code this browser had was replaced').waitFor();
    expect(await mobile.locator('.code').count()).toBe(0);
    expect(await mobile.getByText(code).count()).toBe(0);
    await checkScreen(mobile, shot, 'student-code-replaced-phone', PHONES);
    // A new code there brings it back, and the second phone's turns stale in turn.
    mobile.once('dialog', (dialog) => void dialog.accept());
    await mobile.getByRole('button', { name: 'New code' }).click();
    await mobile.locator('.code').waitFor();
    expect((await mobile.locator('.code').textContent())!.trim()).not.toBe(newCode);
    await second.reload();
    await second.getByText('The code this browser had was replaced').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Roster (1)' }).waitFor();
    await page.getByRole('link', { name: 'Ana Lima' }).first().waitFor();
    await page.getByRole('region', { name: 'Students by domain' }).waitFor();
    await checkScreen(page, shot, 'class-roster', [LAPTOP, { width: 360, height: 740 }]);
    await page.getByRole('link', { name: 'Ana Lima' }).first().click();
    await page.getByRole('button', { name: 'Review game for Ana Lima' }).waitFor();
    await shot(page, 'class-student-laptop');

    // Cards: the page says who has a code to lose, and asks before replacing it.
    await page.goto(`${/^\/host\/classes\/[^/]+/.exec(new URL(page.url()).pathname)![0]}/cards`);
    await page.getByText('1 of 1 student has a recovery code already').waitFor();
    expect(await page.getByRole('button', { name: 'Cards for the 0 without a code' }).isDisabled()).toBe(true);
    await checkScreen(page, shot, 'class-cards', [LAPTOP]);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Cards for everyone (1)' }).click();
    await page.locator('.cards .code').waitFor();
    expect(asked).toContain('1 of them has a recovery code already');
    const cardCode = (await page.locator('.cards .code').textContent())!.trim();
    expect(cardCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    // The phone whose code the card replaced says so.
    await mobile.reload();
    await mobile.getByText('The code this browser had was replaced').waitFor();
  });
});
