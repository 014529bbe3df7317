import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTestBed } from '../support/browser.ts';
import { firstInstructor } from '../support/instructor-screens.ts';
import { checkScreen, PHONES } from '../support/screens.ts';

const LAPTOP = { width: 1280, height: 900 };

/**
 * The account screens in Chromium: the admin invites an instructor (who creates the account
 * from the link in another browser), sees them in the list, disables and enables them, resets
 * their password (the link sets a new one); an instructor changes their password, sees where
 * they are signed in, signs one session out and then signs out everywhere. Each screen passes
 * axe and fits a phone; what the screens say happened is checked in the database.
 */
describe('account screens', () => {
  let bed: Awaited<ReturnType<typeof startBrowserTestBed>>;
  beforeAll(async () => {
    bed = await startBrowserTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  it('invite, disable, enable and reset as the admin; password and sessions as an instructor', { timeout: 180_000 }, async () => {
    const { server, browser, sql, shot } = bed;
    // First run: the account created here is the admin.
    const { context: admin, page } = await firstInstructor(browser, server.url, LAPTOP);
    await page.getByRole('link', { name: 'Instructors' }).click();
    await page.getByRole('heading', { name: 'Instructors' }).waitFor();

    // Invite Bob; he opens the link in his own browser.
    await page.getByLabel('Email').fill('bob@school.test');
    await page.getByRole('button', { name: 'Make an invitation link' }).click();
    const invitation = await page.getByLabel(/^Link/).inputValue();
    expect(invitation).toMatch(new RegExp(`^${server.url}/host/invite/[\\w-]{40,}$`));
    await checkScreen(page, shot, 'accounts-admin', [LAPTOP, ...PHONES]);

    const bobsBrowser = await browser.newContext({ viewport: PHONES[1], baseURL: server.url, bypassCSP: true });
    const bob = await bobsBrowser.newPage();
    bob.setDefaultTimeout(10_000);
    await bob.goto(invitation);
    await bob.getByText('bob@school.test').waitFor();
    await checkScreen(bob, shot, 'accounts-invite', PHONES);
    await bob.getByLabel('Your name').fill('Bob');
    await bob.getByLabel('Password', { exact: true }).fill('bob password 1');
    await bob.getByLabel('Password again').fill('bob password 1');
    await bob.getByRole('button', { name: 'Create account' }).click();
    await bob.getByRole('heading', { name: 'Your quizzes' }).waitFor();
    expect((await sql.query(`SELECT role FROM "Instructor" WHERE email = 'bob@school.test'`)).rows).toEqual([{ role: 'instructor' }]);
    // Bob is no admin: no Instructors link for him.
    expect(await bob.getByRole('link', { name: 'Instructors' }).count()).toBe(0);

    // Ada disables Bob: his open page is signed out at the next request; enabling lets him in again.
    await page.reload();
    const bobsRow = page.getByRole('row', { name: /bob@school\.test/ });
    await expect.poll(() => bobsRow.getByRole('cell', { name: 'Active' }).count()).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await bobsRow.getByRole('button', { name: 'Disable Bob' }).click();
    await bobsRow.getByRole('cell', { name: 'Disabled' }).waitFor();
    expect((await sql.query(`SELECT count(*)::int AS n FROM "Session" s JOIN "Instructor" i ON i.id = s."instructorId" WHERE i.email = 'bob@school.test'`)).rows[0].n).toBe(0);
    await bobsRow.getByRole('button', { name: 'Enable Bob' }).click();
    await bobsRow.getByRole('cell', { name: 'Active' }).waitFor();

    // Ada resets Bob's password; the link sets a new one.
    page.once('dialog', (dialog) => void dialog.accept());
    await bobsRow.getByRole('button', { name: 'Reset the password of Bob' }).click();
    await page.getByRole('heading', { name: 'Password reset for bob@school.test' }).waitFor();
    const resetLink = await page.getByLabel(/^Link/).inputValue();
    await bob.goto(resetLink);
    await bob.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await bob.getByLabel('Password', { exact: true }).fill('bob password 2');
    await bob.getByLabel('Password again').fill('bob password 2');
    await bob.getByRole('button', { name: 'Set password' }).click();
    await bob.getByRole('heading', { name: 'Your quizzes' }).waitFor();

    // Bob, signed in twice (his phone and a laptop), changes his password on the laptop.
    const laptopContext = await browser.newContext({ viewport: LAPTOP, baseURL: server.url, bypassCSP: true });
    const laptop = await laptopContext.newPage();
    laptop.setDefaultTimeout(10_000);
    await laptop.goto('/host');
    await laptop.getByLabel('Email').fill('bob@school.test');
    await laptop.getByLabel('Password').fill('bob password 2');
    await laptop.getByRole('button', { name: 'Sign in' }).click();
    await laptop.getByRole('link', { name: 'Account' }).click();
    await laptop.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
    await expect.poll(() => laptop.getByRole('row').count()).toBe(3);
    await checkScreen(laptop, shot, 'accounts-account', [LAPTOP, ...PHONES]);

    await laptop.getByLabel('Current password').fill('bob password 2');
    await laptop.getByLabel('New password', { exact: true }).fill('bob password 3');
    await laptop.getByLabel('New password again').fill('bob password 3');
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await laptop.getByText('Password changed. Your other sessions are signed out.').waitFor();
    await expect.poll(() => laptop.getByRole('row').count()).toBe(2);
    // The phone's session is gone: its next request finds it signed out.
    await bob.reload();
    await bob.getByRole('heading', { name: 'Instructor sign-in' }).waitFor();

    // Sign out everywhere from the laptop.
    laptop.once('dialog', (dialog) => void dialog.accept());
    await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    await laptop.getByRole('heading', { name: 'Instructor sign-in' }).waitFor();
    expect((await sql.query(`SELECT count(*)::int AS n FROM "Session" s JOIN "Instructor" i ON i.id = s."instructorId" WHERE i.email = 'bob@school.test'`)).rows[0].n).toBe(0);
    await checkScreen(laptop, shot, 'accounts-signin', PHONES);

    await Promise.all([admin.close(), bobsBrowser.close(), laptopContext.close()]);
  });
});
