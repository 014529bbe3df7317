import type { Browser } from 'playwright-core';

type Size = { width: number; height: number };

/** The first instructor (Ada, who becomes the admin) signs up in a browser of their own: its context and page. */
export async function firstInstructor(browser: Browser, baseURL: string, viewport: Size) {
  const context = await browser.newContext({ viewport, baseURL, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto('/host');
  await page.getByLabel('Email').fill('ada@school.test');
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Password').fill('analytical engine');
  await page.getByRole('button', { name: 'Create account' }).click();
  return { context, page };
}

/** The first instructor signs up and creates a class: left on the class page, with its invite link. */
export async function instructorWithClass(browser: Browser, baseURL: string, viewport: Size, className: string) {
  const { context, page } = await firstInstructor(browser, baseURL, viewport);
  await page.getByRole('link', { name: 'Classes' }).click();
  await page.getByLabel('Name').fill(className);
  await page.getByRole('button', { name: 'Create class' }).click();
  await page.getByRole('heading', { name: 'Invite link' }).waitFor();
  const invite = (await page.locator('.link a').getAttribute('href'))!;
  return { context, page, invite };
}
