import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTestBed } from '../support/browser.ts';
import { checkScreen, cuttableLink, fontSize, offScreen, PHONES, PROJECTORS } from '../support/screens.ts';

/**
 * Every screen of a game at phone sizes (students) and projector sizes (host), each with a
 * screenshot and axe; on the way, what a classroom hits: a 150-word exam question with a code
 * block on a 360x740 phone, choose three, a phone that loses its connection while answering
 * (once back in time, once too late), the host removing a student mid-game, a student
 * reopening the join link, and the projector's text sizes at 1920x1080.
 */

const LONG_PROMPT = `A company builds a Node.js service with AWS CodeBuild. Every build downloads the same dependencies from the public registry, which takes six minutes, and the security team now requires that builds run inside a VPC with no internet access. The team must keep builds under two minutes, avoid changing the application code, and keep the least operational overhead. The current build specification is:

\`\`\`yaml
version: 0.2
phases:
  install:
    commands:
      - npm ci
  build:
    commands:
      - npm test
      - npm run build
artifacts:
  files:
    - 'dist/**/*'
\`\`\`

The build project already uses a private subnet. Developers push several times an hour, and the security team reviews every outbound rule. The company also wants the dependency versions that were built to be traceable later. Which solution meets these requirements?`;

const LONG_OPTIONS = [
  'Create an AWS CodeArtifact repository with an upstream to the public registry, reach it through VPC endpoints, and point npm at it in the install phase',
  'Add a NAT gateway to the private subnet and cache node_modules in an Amazon S3 bucket with local caching turned off',
  'Copy the dependencies into the source repository and remove the install phase from the build specification',
  'Run the build on an Amazon EC2 instance that keeps its node_modules folder between builds and reaches the registry through a proxy',
];

/** The smallest text on the projector at 1920x1080, in CSS pixels: prose, and code, which a room reads more slowly. */
const MIN_PROSE_PX = 24;
const MIN_CODE_PX = 20;

const MULTI_PROMPT = 'Which settings make an AWS CodeBuild project run its builds inside a VPC? (Choose three.)';
const MULTI_OPTIONS = ['The VPC ID', 'At least one subnet', 'At least one security group', 'An internet gateway', 'A public IP for the build host'];

describe('every screen at phone and projector size', () => {
  let bed: Awaited<ReturnType<typeof startBrowserTestBed>>;
  let link: Awaited<ReturnType<typeof cuttableLink>>;
  beforeAll(async () => {
    bed = await startBrowserTestBed();
    link = await cuttableLink(Number(new URL(bed.server.url).port));
  }, 120_000);
  afterAll(async () => {
    await link?.close();
    await bed?.close();
  });
  const shot = (page: Page, name: string) => bed.shot(page, name);

  async function newPage(viewport: { width: number; height: number }, baseURL = bed.server.url): Promise<{ context: BrowserContext; page: Page }> {
    // axe is injected as a script tag, which the app's Content-Security-Policy would refuse.
    const context = await bed.browser.newContext({ viewport, baseURL, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (dialog) => void dialog.accept());
    return { context, page };
  }

  it('a game played through every screen, with the checks a classroom needs', async () => {
    const { context: hostContext, page: host } = await newPage(PROJECTORS[0]!);
    const request = hostContext.request;
    expect((await request.post('/api/auth/setup', { data: { email: 'ada@school.test', name: 'Ada Lovelace', password: 'analytical engine' } })).status()).toBe(201);
    const write = async (data: object) => {
      const res = await request.post('/api/questions', { data: { topic: 'sdlc.codebuild', difficulty: 3, timeLimitSec: 120, ...data } });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const ids = [
      await write({ type: 'single', prompt: LONG_PROMPT, options: LONG_OPTIONS, answer: [0], explanation: 'CodeArtifact caches packages **inside** the VPC through endpoints; a NAT gateway would open the internet path the security team forbids.' }),
      await write({ type: 'multiple', prompt: MULTI_PROMPT, options: MULTI_OPTIONS, answer: [0, 1, 2], explanation: 'A VPC build needs the `vpcId`, subnets and security groups; it never gets a public IP.' }),
      await write({ type: 'single', prompt: 'Which file tells CodeBuild how to run a build?', options: ['buildspec.yml', 'appspec.yml', 'template.yml', 'taskdef.json'], answer: [0], explanation: 'The build specification is `buildspec.yml`.', difficulty: 1 }),
      await write({ type: 'truefalse', prompt: 'CodeBuild can cache dependencies in Amazon S3 between builds.', options: ['True', 'False'], answer: [0], explanation: 'S3 caching keeps files such as `node_modules` between builds.', difficulty: 1 }),
    ];
    // Question 2 opens with a reading time before its answers open.
    const quiz = await request.post('/api/quizzes', {
      data: { title: 'CodeBuild in a VPC', questions: ids.map((questionId, i) => ({ questionId, ...(i === 1 ? { readingSec: 3 } : {}) })) },
    });
    expect(quiz.status()).toBe(201);
    const game = await request.post('/api/games', { data: { quizId: ((await quiz.json()) as { id: string }).id } });
    const { code } = (await game.json()) as { code: string };

    // The projector's lobby: readable from the back row at 1920x1080.
    await host.goto(`/host/game/${code}`);
    await host.getByRole('button', { name: 'Start game' }).waitFor();
    expect(await fontSize(host, '.lobby .code')).toBeGreaterThanOrEqual(120);
    expect(await fontSize(host, '.lobby .url')).toBeGreaterThanOrEqual(40);
    expect(await host.locator('.lobby .url').textContent()).toContain(`/join/${code}`);

    // Students: Ana and Ben on phones, Cleo on a phone whose link the test can cut.
    const { page: ana } = await newPage(PHONES[1]!);
    await ana.goto(`/join/${code}`);
    await ana.getByLabel('Nickname').waitFor();
    await checkScreen(ana, shot, 'phone-join', PHONES);
    await ana.getByLabel('Nickname').fill('Ana');
    await ana.getByRole('button', { name: 'Join' }).click();
    await ana.getByRole('heading', { name: "You're in!" }).waitFor();
    await checkScreen(ana, shot, 'phone-lobby', PHONES);

    // Reopening the join link goes straight back to the seat, not to an empty form.
    await ana.goto(`/join/${code}`);
    await ana.getByRole('heading', { name: "You're in!" }).waitFor();
    expect(new URL(ana.url()).pathname).toBe('/play');

    const { page: ben } = await newPage(PHONES[1]!);
    const { page: cleo } = await newPage(PHONES[1]!, link.url);
    for (const [page, name] of [[ben, 'Ben'], [cleo, 'Cleo']] as const) {
      await page.goto(`/join/${code}`);
      await page.getByLabel('Nickname').fill(name);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('heading', { name: "You're in!" }).waitFor();
    }
    await host.getByRole('heading', { name: 'Players (3)' }).waitFor();
    await checkScreen(host, shot, 'projector-lobby', PROJECTORS);
    await host.getByRole('button', { name: 'Lock joining' }).click();
    await host.getByText('Joining is locked').waitFor();
    expect(await host.getByText('Join at').count()).toBe(0);
    await checkScreen(host, shot, 'projector-lobby-locked', PROJECTORS.slice(0, 1));
    await host.getByRole('button', { name: 'Start game' }).click();

    // Question 1: 150 words and a YAML block on a 360x740 phone.
    await ana.locator('#prompt .hljs').waitFor();
    const minis = ana.getByRole('group', { name: 'Answer buttons' }).getByRole('button');
    expect(await minis.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const box = (await minis.nth(i).boundingBox())!;
      expect(box.y + box.height, `answer button ${i} is on the screen`).toBeLessThanOrEqual(740);
      expect(box.y).toBeGreaterThanOrEqual(0);
    }
    const code_block = await ana.locator('#prompt pre').evaluate((el) => ({ scroll: el.scrollWidth, box: el.clientWidth }));
    expect(code_block.box).toBeLessThanOrEqual(360);
    await checkScreen(ana, shot, 'phone-question-long', PHONES);
    // The full text of every option is there too, a scroll away.
    for (const option of LONG_OPTIONS) await ana.getByRole('button', { name: new RegExp(option.slice(0, 40)) }).scrollIntoViewIfNeeded();

    // The projector's question at 1920x1080.
    await host.setViewportSize(PROJECTORS[0]!);
    await host.locator('.question .prompt .hljs').waitFor();
    // 150 words, a YAML block and four long options fit the screen whole, at sizes a room can read.
    const WHOLE_QUESTION = ['.question', '.question .prompt', '.question .prompt pre', '.question .options li', '.question .countdown', '.stage .controls'];
    for (const size of PROJECTORS) {
      await host.setViewportSize(size);
      await expect.poll(() => offScreen(host, WHOLE_QUESTION), { message: `the long question at ${size.width}x${size.height}` }).toEqual({ pageHeight: size.height, screenHeight: size.height, hidden: [] });
    }
    await host.setViewportSize(PROJECTORS[0]!);
    await expect.poll(() => offScreen(host, WHOLE_QUESTION)).toMatchObject({ hidden: [] });
    // The text is fitted again after the resize: wait for it to settle at the larger screen.
    await expect.poll(() => fontSize(host, '.question .prompt'), { timeout: 10_000 }).toBeGreaterThanOrEqual(MIN_PROSE_PX);
    await expect.poll(() => fontSize(host, '.question .prompt pre'), { timeout: 10_000 }).toBeGreaterThanOrEqual(MIN_CODE_PX);
    await expect.poll(() => fontSize(host, '.question .options li'), { timeout: 10_000 }).toBeGreaterThanOrEqual(MIN_PROSE_PX);
    expect(await fontSize(host, '.question .countdown .seconds')).toBeGreaterThanOrEqual(64);
    await checkScreen(host, shot, 'projector-question', PROJECTORS);

    // The host's player list during the game.
    await host.getByRole('button', { name: /^Players \(3\)/ }).click();
    const roster = host.getByRole('region', { name: /Players \(3\)/ });
    await roster.waitFor();

    // Cleo's Wi-Fi drops; she taps C while offline; it is kept, then counts once she is back.
    link.cut();
    await cleo.getByText('Connection lost').waitFor();
    await roster.getByRole('listitem').filter({ hasText: 'Cleo' }).getByText('dropped').waitFor();
    await cleo.locator('.options .option').nth(2).click();
    await cleo.getByText('No connection. Your answer is kept').waitFor();
    expect(await cleo.locator('.options .option').nth(2).getAttribute('aria-pressed')).toBe('true');
    await checkScreen(cleo, shot, 'phone-answer-offline', PHONES.slice(1, 2));
    link.restore();
    await cleo.getByText('Answer saved: it counts.').waitFor({ timeout: 20_000 });
    await roster.getByRole('listitem').filter({ hasText: 'Cleo' }).getByText('answered').waitFor();

    // Ana answers with the compact button that stayed in view.
    await ana.getByRole('button', { name: 'Answer B (diamond)' }).click();
    await ana.getByText('Answer saved: it counts.').waitFor();
    await checkScreen(ana, shot, 'phone-answered', PHONES);
    await roster.getByRole('listitem').filter({ hasText: 'Ana' }).getByText('answered').waitFor();
    await checkScreen(host, shot, 'projector-question-roster', PROJECTORS);

    // The host removes Ben mid-question; his phone says so.
    await roster.getByRole('button', { name: 'Remove Ben' }).click();
    await ben.getByText('The host removed you from this game.').waitFor();
    await checkScreen(ben, shot, 'phone-removed', PHONES);
    await host.getByRole('heading', { name: 'Players (2)' }).waitFor();

    // Everyone left has answered: the host closes the question; the reveal names the topic.
    await host.getByRole('button', { name: 'Close question' }).click();
    await host.getByRole('list', { name: 'How the class answered' }).waitFor();
    const { rows: topic } = await bed.sql.query<{ title: string }>(`SELECT title FROM "Topic" WHERE id = 'sdlc.codebuild'`);
    await host.locator('.reveal .topic').getByText(topic[0]!.title).waitFor();
    expect(await host.locator('.reveal').textContent()).not.toContain('sdlc.codebuild');
    for (const size of PROJECTORS) {
      await host.setViewportSize(size);
      await expect.poll(() => offScreen(host, ['.reveal', '.reveal .chart li', '.reveal .explanation', '.stage .controls']), { message: `the reveal at ${size.width}x${size.height}` })
        .toEqual({ pageHeight: size.height, screenHeight: size.height, hidden: [] });
    }
    await checkScreen(host, shot, 'projector-reveal', PROJECTORS);
    await ana.getByRole('heading', { name: 'Not this time' }).waitFor();
    await checkScreen(ana, shot, 'phone-result', PHONES);
    await cleo.getByRole('heading', { name: 'Not this time' }).waitFor();
    const { rows: stored } = await bed.sql.query<{ nickname: string; chosen: number[] }>(
      `SELECT p.nickname, a.chosen FROM "Answer" a JOIN "Player" p ON p.id = a."playerId" ORDER BY p.nickname`,
    );
    expect(stored).toEqual([{ nickname: 'Ana', chosen: [1] }, { nickname: 'Cleo', chosen: [2] }]);

    await host.getByRole('button', { name: 'Next', exact: true }).click();
    await host.getByRole('heading', { name: 'Leaderboard' }).waitFor();
    await checkScreen(host, shot, 'projector-leaderboard', PROJECTORS);
    await ana.getByRole('heading', { name: 'Leaderboard' }).waitFor();
    await checkScreen(ana, shot, 'phone-leaderboard', PHONES);
    await host.getByRole('button', { name: 'Next question' }).click();

    // Question 2: three seconds to read first; the answers are shown but cannot be chosen yet.
    await ana.getByText('Choose 3.').waitFor();
    await ana.getByText('Reading time: the answers open when the bar runs out.').waitFor();
    expect(await ana.locator('.options .option').first().isDisabled()).toBe(true);
    await host.locator('.question .countdown').getByText('Reading time').waitFor();
    await checkScreen(ana, shot, 'phone-question-reading', PHONES.slice(1, 2));
    await checkScreen(host, shot, 'projector-question-reading', PROJECTORS.slice(0, 1));
    await ana.getByText('Reading time: the answers open when the bar runs out.').waitFor({ state: 'detached' });
    await host.locator('.question .countdown').getByText('Reading time').waitFor({ state: 'detached' });

    // Then choose three of five on a phone; the counter and Submit stay in view.
    for (const i of [0, 1, 2]) await ana.locator('.options .option').nth(i).click();
    await ana.locator('.options .option').nth(3).click();
    await ana.getByText('You can choose 3.').waitFor();
    expect(await ana.locator('.options .option').nth(3).getAttribute('aria-pressed')).toBe('false');
    const submit = ana.getByRole('button', { name: 'Submit 3/3' });
    const box = (await submit.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(740);
    await checkScreen(ana, shot, 'phone-question-choose-three', PHONES);
    await submit.click();
    await ana.getByText('Answer saved: it counts.').waitFor();

    // Cleo drops again and answers; the host closes the question before she is back.
    link.cut();
    await cleo.getByText('Connection lost').waitFor();
    for (const i of [0, 1, 2]) await cleo.locator('.options .option').nth(i).click();
    await cleo.getByRole('button', { name: 'Submit 3/3' }).click();
    await cleo.getByText('No connection. Your answer is kept').waitFor();
    await host.getByRole('button', { name: 'Close question' }).click();
    await host.getByRole('list', { name: 'How the class answered' }).waitFor();
    link.restore();
    await cleo.getByRole('heading', { name: 'Too late' }).waitFor({ timeout: 20_000 });
    await cleo.getByText('the question closed while you were offline').waitFor();
    await checkScreen(cleo, shot, 'phone-result-too-late', PHONES.slice(1, 2));
    await ana.getByRole('heading', { name: 'Correct!' }).waitFor();

    await host.getByRole('button', { name: 'Next', exact: true }).click();
    await host.getByRole('button', { name: 'Next question' }).click();
    // Question 3: Ana answers, then the host skips it; her phone says her answer did not count.
    await ana.getByText('Question 3 of 4').waitFor();
    await ana.locator('.options .option').first().click();
    await ana.getByText('Answer saved: it counts.').waitFor();
    await host.getByRole('button', { name: 'Skip question' }).click();
    await ana.getByText('The host skipped question 3, so nobody scored it and your answer did not count.').waitFor();
    await cleo.getByText('The host skipped question 3, so nobody scored it.').waitFor();
    await checkScreen(ana, shot, 'phone-question-after-skip', PHONES.slice(1, 2));
    for (const page of [ana, cleo]) {
      await page.getByText('Question 4 of 4').waitFor();
      await page.locator('.options .option').first().click();
    }
    await host.getByRole('list', { name: 'How the class answered' }).waitFor();
    await host.getByRole('button', { name: 'Next', exact: true }).click();
    await host.getByRole('button', { name: 'Show podium' }).click();

    // The podium: stands for 1-2-3, the winner shown last.
    await host.locator('.stand.place-1.shown').waitFor();
    await checkScreen(host, shot, 'projector-podium', PROJECTORS);
    await ana.getByRole('heading', { name: 'Final results' }).waitFor();
    await checkScreen(ana, shot, 'phone-podium', PHONES);

    // The instructor's other screens, on a laptop or projector and on a phone.
    const WIDE_AND_PHONE = [PROJECTORS[1]!, PROJECTORS[0]!, PHONES[2]!];
    await host.getByRole('link', { name: 'Game report' }).click();
    await host.getByRole('heading', { name: 'Report: CodeBuild in a VPC' }).waitFor();
    await host.getByText(/Draws \d+ of the/).waitFor();
    await checkScreen(host, shot, 'instructor-report', WIDE_AND_PHONE);
    for (const [path, heading, name] of [
      ['/host', 'Your quizzes', 'instructor-dashboard'],
      ['/host/bank', 'Question bank', 'instructor-bank'],
      ['/host/bank/new', 'Write a question', 'instructor-editor'],
      ['/host/quizzes/new', 'New quiz', 'instructor-quiz-builder'],
      ['/host/analytics', 'Topic mastery', 'instructor-mastery'],
    ] as const) {
      await host.goto(path);
      await host.getByRole('heading', { name: heading, exact: true }).waitFor();
      await host.waitForLoadState('networkidle');
      await checkScreen(host, shot, name, WIDE_AND_PHONE);
    }
    const { page: stranger } = await newPage(PROJECTORS[1]!);
    await stranger.goto('/host');
    await stranger.getByRole('heading', { name: 'Instructor sign-in' }).waitFor();
    await checkScreen(stranger, shot, 'instructor-sign-in', WIDE_AND_PHONE);
  }, 300_000);
});
