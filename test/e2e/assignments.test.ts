import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTestBed } from '../support/browser.ts';
import { instructorWithClass } from '../support/instructor-screens.ts';
import { checkScreen } from '../support/screens.ts';

const LAPTOP = { width: 1280, height: 720 };
const PHONE = { width: 360, height: 740 };
const PHONES = [{ width: 320, height: 640 }, PHONE];

/**
 * Assignments and the exam simulation in Chromium, on the real server with the real banks: the
 * instructor sets a class an assignment with feedback after each question and a per-question
 * timer; a student does it on a phone, loses the connection once (the answer shows saved only
 * after the server has it), reloads while reading a feedback (shown again, the next question's
 * clock not started until they go on), and sees their score; upcoming, closed (by the instructor)
 * and timed assignments show as such, the timer moving on by the server's clock; the instructor
 * sees the progress and the CSV, and deletes one (its answers stay). Then the student takes an
 * exam simulation: answers, flags, moves back, changes an answer, jumps with the navigator,
 * continues on a second phone, reviews and submits, and reads the result; a second one warns at
 * 5 minutes and runs out of time (its deadline moved close through the database), showing the
 * result. Last, an exam simulation assigned to one chosen student: another student does not see
 * it, the chosen one starts it from the list, hears the 15-minute warning and submits it, and the
 * instructor sees the result.
 */
describe('assignment and exam simulation screens', () => {
  let bed: Awaited<ReturnType<typeof startBrowserTestBed>>;
  beforeAll(async () => {
    bed = await startBrowserTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  /** The keys of an attempt's questions, in order, from the database. */
  async function keys(attemptId: string): Promise<number[][]> {
    const { rows } = await bed.sql.query(
      `SELECT q.answer FROM "AttemptItem" i JOIN "Question" q ON q.id = i."questionId" WHERE i."attemptId" = $1 ORDER BY i.position`,
      [attemptId],
    );
    return rows.map((r) => r.answer);
  }
  const attemptIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;
  const option = (page: Page, i: number) => page.locator('button.option').nth(i);
  /** As many options as the key has, not the key: the wrong ones first, then key options to make up the number. */
  const wrongFor = (key: number[], options: number) => {
    const all = [...Array(options).keys()];
    return [...all.filter((i) => !key.includes(i)), ...key].slice(0, key.length);
  };

  it('assignments done on a phone (feedback after each question, offline, reload, timer) and followed by the instructor; exam simulations submitted, timed out and assigned', { timeout: 360_000 }, async () => {
    const { server, browser, sql, shot } = bed;
    const { context: laptop, page, invite: inviteUrl } = await instructorWithClass(browser, server.url, LAPTOP, 'Cohort 7');
    page.setDefaultTimeout(15_000);
    const invite = new URL(inviteUrl).pathname;
    const classUrl = new URL(page.url()).pathname;

    /** A student's phone, joined to the class by its invite link. */
    async function joinedPhone(viewport: { width: number; height: number }, name: string) {
      const context = await browser.newContext({ viewport, baseURL: server.url, bypassCSP: true });
      const joined = await context.newPage();
      joined.setDefaultTimeout(15_000);
      await joined.goto(invite);
      await joined.getByLabel(/Your name/).fill(name);
      await joined.getByRole('button', { name: 'Join the class' }).click();
      await joined.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
      return { context, page: joined };
    }
    // A student joins, so the assignment has someone to be for.
    const { context: student, page: phone } = await joinedPhone(PHONE, 'Ana Lima');

    await page.reload();
    const form = page.getByRole('form', { name: 'New assignment' });
    await form.getByLabel('Title').fill('Week 3 drill');
    await form.getByLabel('Questions from').selectOption({ label: 'Blueprint draw' });
    await form.getByLabel('Number of questions').fill('5');
    await form.getByLabel('After each question').check();
    // A timer long enough for the offline wait below: what matters is when each question's clock starts.
    await form.getByLabel('Time limit per question').check();
    await form.getByLabel('Seconds per question').fill('300');
    await checkScreen(page, shot, 'assignment-new-laptop', [LAPTOP]);
    await form.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Assigned “Week 3 drill” (5 questions).').waitFor();
    await page.getByRole('link', { name: 'Week 3 drill' }).waitFor();
    await checkScreen(page, shot, 'assignment-list-laptop', [LAPTOP]);

    // The student's progress page lists it; they start it.
    await phone.getByRole('link', { name: 'My progress' }).click();
    const assignments = phone.getByRole('region', { name: 'Assignments' });
    await assignments.getByText('Week 3 drill', { exact: true }).waitFor();
    await assignments.getByText('Open', { exact: true }).waitFor();
    await checkScreen(phone, shot, 'assignment-list-phone', PHONES);
    await assignments.getByRole('button', { name: /^Start\W+Week 3 drill$/ }).click();
    await phone.getByText('Question 1 of 5').waitFor();
    const attemptId = attemptIdOf(phone);
    const key = await keys(attemptId);
    expect(key).toHaveLength(5);
    await checkScreen(phone, shot, 'assignment-question-phone', PHONES);

    /** Picks the key (or a wrong option) of the question on screen and submits it. */
    async function answer(position: number, right: boolean) {
      await phone.getByText(`Question ${position + 1} of 5`).waitFor();
      const options = await phone.locator('button.option').count();
      const chosen = right ? key[position]! : wrongFor(key[position]!, options);
      for (const i of chosen) await option(phone, i).click();
      await phone.getByRole('button', { name: /^Submit answer/ }).click();
    }

    await answer(0, true);
    await phone.getByRole('heading', { name: '✓ Right' }).waitFor();
    await phone.getByText('Answer saved.').waitFor();
    await checkScreen(phone, shot, 'assignment-feedback-phone', PHONES);
    await phone.getByRole('button', { name: 'Next question' }).click();
    // The next question comes from the server, which starts its clock.
    await phone.getByText('Question 2 of 5').waitFor();

    // Offline: the answer is kept and not shown as saved until the server has it.
    await student.setOffline(true);
    await answer(1, false);
    await phone.getByText('No connection. Your answer is kept').waitFor();
    expect(await phone.getByText('Answer saved.').count()).toBe(0);
    const { rows: before } = await sql.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "attemptId" = $1`, [attemptId]);
    expect(before[0].n).toBe(1);
    await shot(phone, 'assignment-offline-phone-360x740');
    await student.setOffline(false);
    await phone.getByRole('heading', { name: '✗ Not quite' }).waitFor();
    await phone.getByText('Answer saved.').waitFor();
    const { rows: stored } = await sql.query(`SELECT source, correct FROM "Answer" WHERE "attemptId" = $1 ORDER BY "answeredAt"`, [attemptId]);
    expect(stored).toEqual([{ source: 'assignment', correct: true }, { source: 'assignment', correct: false }]);
    await phone.getByRole('button', { name: 'Next question' }).click();
    await answer(2, true);
    await phone.getByRole('heading', { name: '✓ Right' }).waitFor();

    // A reload while reading the feedback shows it again; the next question's clock starts only
    // when the student goes on, as without the reload.
    const shownAt = async (position: number) =>
      (await sql.query(`SELECT "shownAt" FROM "AttemptItem" WHERE "attemptId" = $1 AND position = $2`, [attemptId, position])).rows[0].shownAt as Date | null;
    await phone.reload();
    await phone.getByRole('heading', { name: '✓ Right' }).waitFor();
    await phone.getByText('Question 3 of 5').waitFor();
    expect(await phone.getByRole('timer').count()).toBe(0);
    expect(await shownAt(3)).toBeNull();
    await checkScreen(phone, shot, 'assignment-feedback-reloaded-phone', PHONES);
    await phone.getByRole('button', { name: 'Next question' }).click();
    await phone.getByText('Question 4 of 5').waitFor();
    expect(await phone.getByRole('timer').getAttribute('aria-label')).toMatch(/^(300|299|298) seconds left$/);
    expect(await shownAt(3)).not.toBeNull();
    await answer(3, true);
    await phone.getByRole('button', { name: 'Next question' }).click();
    await answer(4, false);
    await phone.getByRole('button', { name: 'See your result' }).click();
    await phone.getByRole('heading', { name: 'Your result' }).waitFor();
    await phone.getByText('60 %').first().waitFor();
    await phone.getByText('3 of 5 right').waitFor();
    expect(await phone.getByRole('heading', { name: 'Estimated scaled score' }).count()).toBe(0);
    await checkScreen(phone, shot, 'assignment-result-phone', PHONES);
    await phone.getByRole('link', { name: '← My progress' }).click();
    await phone.getByText('3/5 right (60 %)').waitFor();

    // Upcoming, closed and timed assignments (set through the API): what the list says, and a
    // per-question timer on the server's clock that moves on by itself.
    const classId = classUrl.split('/').pop()!;
    const set = async (body: object) => {
      const response = await page.request.post(`/api/classes/${classId}/assignments`, { data: body });
      expect(response.status()).toBe(201);
      return (await response.json()) as { id: string };
    };
    const quick = { kind: 'blueprint', count: 2 };
    await set({ title: 'Next week', source: quick, opensAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    const missed = await set({ title: 'Missed one', source: quick });
    await set({ title: 'Quick fire', source: quick, questionTimeLimitSec: 10 });
    // The instructor closes one early on its page.
    await page.goto(`${classUrl}/assignments/${missed.id}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Close now' }).click();
    await page.getByText('Closed', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Close now' }).count()).toBe(0);
    await phone.reload();
    const upcoming = assignments.getByRole('listitem').filter({ hasText: 'Next week' });
    await upcoming.getByText('Upcoming', { exact: true }).waitFor();
    await upcoming.getByText(/^Opens /).waitFor();
    expect(await upcoming.getByRole('button').count()).toBe(0);
    await assignments.getByRole('listitem').filter({ hasText: 'Missed one' }).getByText('Not done before it closed.').waitFor();
    await checkScreen(phone, shot, 'assignment-states-phone', PHONES);
    await assignments.getByRole('button', { name: /^Start\W+Quick fire$/ }).click();
    await phone.getByText('Question 1 of 2').waitFor();
    const quickId = attemptIdOf(phone);
    const quickKey = await keys(quickId);
    expect(await phone.getByRole('timer').getAttribute('aria-label')).toMatch(/^(10|9) seconds left$/);
    await shot(phone, 'assignment-timer-phone-360x740');
    // Left unanswered, the first question times out on the server and the second one comes.
    await phone.getByText('Question 2 of 2').waitFor({ timeout: 20_000 });
    for (const i of quickKey[1]!) await option(phone, i).click();
    await phone.getByRole('button', { name: /^Submit answer/ }).click();
    await phone.getByRole('heading', { name: 'Your result' }).waitFor();
    await phone.getByText('1 of 2 right').waitFor();
    const { rows: quickAnswers } = await sql.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "attemptId" = $1`, [quickId]);
    expect(quickAnswers[0].n).toBe(1);
    await phone.getByRole('link', { name: '← My progress' }).click();

    // The instructor follows it: who finished, the score, the time, the CSV.
    await page.goto(classUrl);
    await page.getByRole('link', { name: 'Week 3 drill' }).click();
    await page.getByRole('heading', { name: 'Week 3 drill' }).waitFor();
    const row = page.getByRole('row', { name: /Ana Lima/ });
    await expect.poll(() => row.textContent()).toContain('Finished');
    expect(await row.textContent()).toMatch(/3\/5 · 60\s%/);
    await checkScreen(page, shot, 'assignment-progress-laptop', [LAPTOP, PHONE]);
    const csv = await page.request.get((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toContain('name,externalId,status');
    expect(lines[1]).toMatch(/^Ana Lima,,finished,submitted,5,3,5,60,/);

    // Deleting an assignment takes it off the class's list and says so; the answers given stay.
    await page.goto(classUrl);
    await page.getByRole('link', { name: 'Quick fire' }).click();
    await page.getByText('the answers they gave stay in their mastery and readiness').waitFor();
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.message()), void dialog.accept())));
    await page.getByRole('button', { name: 'Delete' }).click();
    expect(await asked).toMatch(/^Delete “Quick fire”\? .*the answers they gave stay in their mastery and readiness\.$/);
    await page.getByRole('heading', { name: 'Invite link' }).waitFor();
    await page.getByRole('link', { name: 'Week 3 drill' }).waitFor();
    expect(await page.getByRole('link', { name: 'Quick fire' }).count()).toBe(0);
    expect((await sql.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "attemptId" = $1`, [quickId])).rows[0].n).toBe(1);

    // The class lets its students start exam simulations themselves.
    await page.getByLabel('Students may start exam simulations themselves').check();
    await expect.poll(async () => (await sql.query(`SELECT "selfSimulations" FROM "Class"`)).rows[0].selfSimulations).toBe(true);
    const filtered = page.waitForResponse((r) => r.url().includes('/matrix?sources=assignment%2Csimulation') && r.ok());
    await page.getByRole('group', { name: 'Count answers from' }).getByLabel('Live games').uncheck();
    expect((await (await filtered).json()).sources).toEqual(['assignment', 'simulation']);
    await page.getByRole('region', { name: 'Students by domain' }).waitFor();
    await checkScreen(page, shot, 'class-assignments-laptop', [LAPTOP, PHONE]);

    // The exam simulation: answer, flag, go back, change an answer, jump, review, submit.
    await phone.reload();
    await assignments.getByText('Week 3 drill', { exact: true }).waitFor();
    expect(await assignments.getByText('Quick fire').count()).toBe(0);
    const simulations = phone.getByRole('region', { name: 'Exam simulation' });
    await simulations.getByRole('button', { name: 'Start an exam simulation' }).click();
    await phone.getByText('Question 1 of 75').waitFor();
    const simulationId = attemptIdOf(phone);
    const examKey = await keys(simulationId);
    expect(examKey).toHaveLength(75);
    await phone.getByRole('timer').waitFor();
    expect(await phone.getByRole('timer').textContent()).toMatch(/^(3:00:00|2:59:\d\d)$/);

    /** Chooses the key of the question on screen, or its first options. */
    async function choose(position: number, right: boolean) {
      await phone.locator('#prompt').waitFor();
      const k = examKey[position]!;
      const picks = right ? k : wrongFor(k, await phone.locator('button.option').count());
      for (const i of picks) await option(phone, i).click();
      await phone.getByText('✓ Answer saved').waitFor();
    }
    await choose(0, true);
    await checkScreen(phone, shot, 'simulation-question-phone', PHONES);
    await checkScreen(phone, shot, 'simulation-question-desktop', [LAPTOP]);
    await phone.getByRole('button', { name: 'Next →' }).click();
    await phone.getByText('Question 2 of 75').waitFor();
    await choose(1, false);
    await phone.getByRole('button', { name: 'Flag for review', pressed: false }).click();
    await phone.getByRole('button', { name: 'Flag for review', pressed: true }).waitFor();
    await phone.getByRole('button', { name: 'Next →' }).click();
    await phone.getByText('Question 3 of 75').waitFor();
    // Offline, a choice waits on screen, not saved, until the connection is back.
    await phone.locator('#prompt').waitFor();
    await student.setOffline(true);
    for (const i of examKey[2]!) await option(phone, i).click();
    await phone.getByText('Not saved yet: waiting for the connection.').waitFor();
    await phone.getByText('No connection. Your answers are kept').waitFor();
    expect((await sql.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "attemptId" = $1`, [simulationId])).rows[0].n).toBe(2);
    await shot(phone, 'simulation-offline-phone-360x740');
    await student.setOffline(false);
    await phone.getByText('✓ Answer saved').waitFor();
    expect((await sql.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "attemptId" = $1`, [simulationId])).rows[0].n).toBe(3);
    // Back to question 2 and change the answer to the key: the last choice counts.
    await phone.getByRole('button', { name: '← Previous' }).click();
    await phone.getByText('Question 2 of 75').waitFor();
    await phone.getByRole('button', { name: 'Flag for review', pressed: true }).waitFor();
    if (examKey[1]!.length > 1) for (const i of [...Array(await phone.locator('button.option').count()).keys()]) if (await option(phone, i).getAttribute('aria-pressed') === 'true') await option(phone, i).click();
    await choose(1, true);
    await expect.poll(async () => (await sql.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "attemptId" = $1 AND correct`, [simulationId])).rows[0].n).toBe(3);

    // The navigator: every question a button with its state; jump to 40.
    await phone.getByRole('button', { name: 'Questions', exact: true }).click();
    const navigator = phone.getByRole('navigation', { name: 'Questions' });
    await navigator.getByRole('button', { name: 'Question 2, answered, flagged' }).waitFor();
    expect(await navigator.getByRole('button', { name: 'Question 2, answered, flagged' }).getAttribute('aria-current')).toBe('step');
    await navigator.getByRole('button', { name: 'Question 4, unanswered' }).waitFor();
    await checkScreen(phone, shot, 'simulation-navigator-phone', PHONES);
    await navigator.getByRole('button', { name: 'Question 40, unanswered' }).click();
    await phone.getByText('Question 40 of 75').waitFor();
    await choose(39, false);
    // A reload, and another phone (by the recovery code), open the question the student was on.
    await phone.reload();
    await phone.getByText('Question 40 of 75').waitFor();
    const code: string = await phone.evaluate(() => JSON.parse(localStorage.getItem('dopquiz.classes')!)[0].recoveryCode);
    const otherPhone = await browser.newContext({ viewport: PHONES[0], baseURL: server.url, bypassCSP: true });
    const second = await otherPhone.newPage();
    second.setDefaultTimeout(15_000);
    await second.goto(`/student/recover#${code}`);
    await second.getByRole('button', { name: 'Continue' }).click();
    await second.getByRole('button', { name: 'Continue the exam simulation (4 of 75 answered)' }).click();
    await second.getByText('Question 40 of 75').waitFor();
    expect(await second.locator('button.option[aria-pressed="true"]').count()).toBe(examKey[39]!.length);
    await second.getByRole('button', { name: 'Questions', exact: true }).click();
    await second.getByRole('navigation', { name: 'Questions' }).getByRole('button', { name: 'Question 2, answered, flagged' }).waitFor();
    await otherPhone.close();

    await phone.getByRole('button', { name: 'Questions', exact: true }).click();
    await navigator.getByRole('button', { name: 'Review and submit' }).click();
    const review = phone.getByRole('region', { name: 'Review before you submit' });
    await review.getByText('4 of 75 answered · 71 not answered · 1 flagged').waitFor();
    // Question 2 is answered, so only the flagged list holds it; question 4 is among the unanswered.
    expect(await review.getByRole('button', { name: 'Go to question 2', exact: true }).count()).toBe(1);
    expect(await review.getByRole('button', { name: 'Go to question 4', exact: true }).count()).toBe(1);
    expect(await review.getByRole('button', { name: /^Go to question/ }).count()).toBe(72);
    await checkScreen(phone, shot, 'simulation-review-phone', PHONES);
    await review.getByRole('button', { name: 'Submit the exam' }).click();
    await phone.getByRole('alertdialog', { name: 'Submit the exam now?' }).getByText('71 questions are not answered').waitFor();
    await shot(phone, 'simulation-confirm-phone-360x740');
    await phone.getByRole('button', { name: 'Yes, submit' }).click();

    await phone.getByRole('heading', { name: 'Your result' }).waitFor();
    await phone.getByText('3 of 75 right').waitFor();
    await phone.getByText('4 %', { exact: true }).first().waitFor();
    const scaled = phone.getByRole('region', { name: 'Estimated scaled score' });
    // 3 of 75 is 4 % correct: 100 + 650 × 0.04 / 0.72 = 136 on the estimate's scale.
    await scaled.getByText('136', { exact: true }).waitFor();
    await scaled.getByText('below the 750 pass line').waitFor();
    await scaled.getByText('An estimate, not your exam score.').waitFor();
    const domains = phone.getByRole('region', { name: 'By domain' });
    const { rows: weights } = await sql.query(`SELECT title, "examWeightPercent" FROM "Domain" WHERE "examWeightPercent" > 0 ORDER BY number`);
    expect(await domains.getByRole('listitem').count()).toBe(weights.length);
    for (const d of weights) expect(await domains.getByRole('listitem').filter({ hasText: d.title }).textContent()).toMatch(new RegExp(`${d.examWeightPercent}\\s% of the exam`));
    // The domains' questions add up to the 75, their right answers to the 3.
    const counted = await domains.getByRole('listitem').evaluateAll((items) => items.map((li) => /(\d+)\/(\d+) right/.exec(li.textContent ?? '')!.slice(1).map(Number)));
    expect(counted.reduce((sum, [right, of]) => [sum[0]! + right!, sum[1]! + of!], [0, 0])).toEqual([3, 75]);
    const reviewed = phone.getByRole('region', { name: 'Review of every question' });
    expect(await reviewed.locator('details').count()).toBe(75);
    await reviewed.getByLabel(/Flagged \(1\)/).check();
    expect(await reviewed.locator('details').count()).toBe(1);
    const flaggedOne = reviewed.locator('summary', { hasText: /Question 2\b.*Right.*Flagged/ });
    await flaggedOne.click();
    await reviewed.getByText('Why:').waitFor();
    await reviewed.getByText('Correct answer, your choice').first().waitFor();
    await checkScreen(phone, shot, 'simulation-result-phone', PHONES);
    await checkScreen(phone, shot, 'simulation-result-desktop', [LAPTOP]);
    const { rows: ended } = await sql.query(`SELECT "endedBy", correct FROM "Attempt" WHERE id = $1`, [simulationId]);
    expect(ended[0]).toEqual({ endedBy: 'submitted', correct: 3 });

    // A second simulation runs out of time: its deadline is moved close in the database.
    await phone.getByRole('link', { name: '← My progress' }).click();
    await simulations.getByRole('button', { name: 'Start an exam simulation' }).click();
    await phone.getByText('Question 1 of 75').waitFor();
    const timedOutId = attemptIdOf(phone);
    expect(timedOutId).not.toBe(simulationId);
    const examKey2 = await keys(timedOutId);
    for (const i of examKey2[0]!) await option(phone, i).click();
    await phone.getByText('✓ Answer saved').waitFor();
    /** Moves a simulation's deadline to `after` from now, in the database. */
    const deadline = (attempt: string, after: string) => sql.query(`UPDATE "Attempt" SET "deadlineAt" = now() + interval '${after}', "endsAt" = now() + interval '${after}' WHERE id = $1`, [attempt]);
    // Crossing the 5-minute mark is said out loud.
    await deadline(timedOutId, '5 minutes 3 seconds');
    await phone.reload();
    await phone.getByRole('timer').waitFor();
    expect(await phone.getByRole('timer').textContent()).toMatch(/^5:0\d$/);
    await phone.getByRole('alert').filter({ hasText: '5 minutes left.' }).waitFor({ timeout: 10_000 });
    await deadline(timedOutId, '8 seconds');
    await phone.reload();
    await phone.getByRole('timer').waitFor();
    expect(await phone.getByRole('timer').textContent()).toMatch(/^0:0\d$/);
    await shot(phone, 'simulation-last-seconds-phone-360x740');
    await phone.getByRole('heading', { name: 'Your result' }).waitFor({ timeout: 20_000 });
    await phone.getByText(/Time ran out: submitted with the answers given/).waitFor();
    await phone.getByText('1 of 75 right').waitFor();
    const { rows: timedOut } = await sql.query(`SELECT "endedBy", correct FROM "Attempt" WHERE id = $1`, [timedOutId]);
    expect(timedOut[0]).toEqual({ endedBy: 'timeUp', correct: 1 });
    await shot(phone, 'simulation-time-up-phone-360x740');

    // An exam simulation as an assignment, for chosen students: Ana gets it, Ben (joining now) does not.
    const { context: benContext, page: ben } = await joinedPhone(PHONES[0]!, 'Ben Osei');
    await page.goto(classUrl);
    await form.getByLabel('Title').fill('Mock exam');
    await form.getByLabel('Questions from').selectOption({ label: 'Exam simulation' });
    await form.getByLabel('Chosen students').check();
    await form.getByLabel('Ana Lima').check();
    await checkScreen(page, shot, 'assignment-new-chosen-phone', PHONES);
    await form.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Assigned “Mock exam” (75 questions).').waitFor();
    await ben.getByRole('link', { name: 'My progress' }).click();
    const bensList = ben.getByRole('region', { name: 'Assignments' });
    await bensList.getByText('Week 3 drill', { exact: true }).waitFor();
    expect(await bensList.getByText('Mock exam').count()).toBe(0);
    const bens = await (await ben.request.get('/api/student/assignments', { headers: { Authorization: `Bearer ${await ben.evaluate(() => JSON.parse(localStorage.getItem('dopquiz.classes')!)[0].token)}` } })).json();
    expect(bens.assignments.map((a: { title: string }) => a.title)).not.toContain('Mock exam');
    await benContext.close();

    // Ana starts it from her list (not a self-started one) and hears the 15-minute warning.
    await phone.getByRole('link', { name: '← My progress' }).click();
    const mock = assignments.getByRole('listitem').filter({ hasText: 'Mock exam' });
    await mock.getByText('180 minutes').waitFor();
    await mock.getByRole('button', { name: /^Start\W+Mock exam$/ }).click();
    await phone.getByText('Question 1 of 75').waitFor();
    const mockId = attemptIdOf(phone);
    expect((await sql.query(`SELECT kind::text, "assignmentId" IS NOT NULL AS assigned FROM "Attempt" WHERE id = $1`, [mockId])).rows[0]).toEqual({ kind: 'simulation', assigned: true });
    const mockKey = await keys(mockId);
    for (const i of mockKey[0]!) await option(phone, i).click();
    await phone.getByText('✓ Answer saved').waitFor();
    await deadline(mockId, '15 minutes 3 seconds');
    await phone.reload();
    await phone.getByRole('timer').waitFor();
    expect(await phone.getByRole('timer').textContent()).toMatch(/^15:0\d$/);
    await phone.getByRole('alert').filter({ hasText: '15 minutes left.' }).waitFor({ timeout: 10_000 });
    expect(await phone.getByRole('alert').filter({ hasText: /^\s*5 minutes left\./ }).count()).toBe(0);
    await checkScreen(phone, shot, 'simulation-15-minutes-phone', PHONES);
    await phone.getByRole('button', { name: 'Questions', exact: true }).click();
    await navigator.getByRole('button', { name: 'Review and submit' }).click();
    await review.getByRole('button', { name: 'Submit the exam' }).click();
    await phone.getByRole('button', { name: 'Yes, submit' }).click();
    await phone.getByRole('heading', { name: 'Your result' }).waitFor();
    await phone.getByText('1 of 75 right').waitFor();

    // The instructor's table lists only the chosen student, finished, with the estimate.
    await page.goto(classUrl);
    await page.getByRole('link', { name: 'Mock exam' }).click();
    await page.getByRole('heading', { name: 'Mock exam' }).waitFor();
    const students = page.getByRole('region', { name: "Students' progress" });
    await expect.poll(() => students.getByRole('row', { name: /Ana Lima/ }).textContent()).toContain('Finished');
    // 1 of 75 right on the estimate's scale: 100 + 650 × (1/75) / 0.72.
    expect(await students.getByRole('row', { name: /Ana Lima/ }).textContent()).toContain(`${Math.round(100 + (650 * (1 / 75)) / 0.72)}`);
    expect(await students.getByRole('row', { name: /Ben Osei/ }).count()).toBe(0);

    await laptop.close();
    await student.close();
  });
});
