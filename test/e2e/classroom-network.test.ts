import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebClient } from '../support/browser.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { PASSWORD } from '../support/http.ts';
import { call, next } from '../support/live-server.ts';
import { buildSchoolNetwork, type SchoolNetwork } from '../support/school-network.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * The product where it is used: the server on the teacher's machine, started as `npm start`
 * does (all interfaces, plain HTTP); the students on other network hosts behind the school's
 * NAT, so the server sees one address for the whole class; one classroom on a slow, lossy link.
 * Students are real Chromium phones and socket.io clients (63 in all), opening the join link the
 * lobby shows. Then an address tries to exhaust the server's connections while the game runs.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const QUESTIONS = ['sdlc.codebuild.001', 'sdlc.codebuild.002', 'sdlc.codebuild.003'];
/** Connections the server takes from one address here: the school needs 63 + 3 browsers. */
const PER_ADDRESS = 150;

type Told = { nickname: string; playerId: string; accepted: number[]; refused: string[]; podiumScore: number | null; refusedSecondJoin: string | null; mistyped: string[] };

describe('a class on the school network', () => {
  let school: SchoolNetwork;
  let server: ServerProcess;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let sql: pg.Client;
  const browsers: Browser[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    buildWebClient();
    fs.mkdirSync(SHOTS, { recursive: true });
    school = await buildSchoolNetwork({ lossyLink: { delayMs: 120, jitterMs: 20, lossPercent: 3, rateKbit: 1000 } });
    database = await createEmptyDatabase();
    // As `npm start` runs it: every interface, plain HTTP.
    server = await startServer({ DATABASE_URL: database.url, HOST: '0.0.0.0', MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS) });
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    console.log(`classroom B's link: ${school.impairment}`);
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(browsers.map((browser) => browser.close()));
    await sql?.end();
    await server?.stop();
    await database?.drop();
    school?.remove();
  });

  /** A Chromium running on a classroom host (its own network namespace). */
  async function classroomBrowser(ns: string) {
    const browser = await chromium.launch({ executablePath: school.wrapper(ns, CHROMIUM), args: CHROMIUM_ARGS });
    browsers.push(browser);
    return browser;
  }

  /** Students as socket.io clients on a classroom host; resolves with what the server told each. */
  function classroomStudents(ns: string, plan: Record<string, unknown>) {
    const child = school.node(ns, 'test/support/school-students.ts', [JSON.stringify(plan)]);
    let joined = 0;
    const allJoined = new Promise<void>((resolve) => {
      child.on('message', (m: { type: string }) => {
        if (m.type === 'joined' && ++joined === (plan.nicknames as string[]).length) resolve();
      });
    });
    const done = new Promise<Told[]>((resolve, reject) => {
      child.on('message', (m: { type: string; results?: Told[] }) => m.type === 'done' && resolve(m.results!));
      child.once('exit', (code) => code !== 0 && reject(new Error(`students on ${ns} exited with ${code}`)));
    });
    return { allJoined, done, stop: () => child.kill() };
  }

  async function phone(browser: Browser, viewport: { width: number; height: number }, joinUrl: string, nickname: string, options: { mistype?: string } = {}) {
    const page = await (await browser.newContext({ viewport, isMobile: true, hasTouch: true })).newPage();
    page.setDefaultTimeout(30_000);
    const response = await page.goto(joinUrl);
    // Over plain HTTP the browser must not be sent to HTTPS (it would load no script at all).
    expect(response!.headers()['strict-transport-security']).toBeUndefined();
    expect(response!.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
    await page.getByRole('heading', { name: 'Join a game' }).waitFor();
    if (options.mistype) {
      const code = await page.getByLabel('Room code').inputValue();
      await page.getByLabel('Room code').fill(options.mistype);
      await page.getByLabel('Nickname').fill(nickname);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('alert').filter({ hasText: /No game with this code/ }).waitFor();
      await page.getByLabel('Room code').fill(code);
    }
    await page.getByLabel('Nickname').fill(nickname);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('heading', { name: "You're in!" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    return page;
  }

  it('plays a whole game with 63 students behind one address, one link slow and lossy; the database holds what they were told', { timeout: 300_000 }, async () => {
    // The teacher, on the server machine itself, opens a game at http://localhost.
    const local = `http://localhost:${server.port}`;
    const agent = request.agent(local);
    const setup = await agent.post('/api/auth/setup').send({ email: 'teacher@school.test', name: 'Teacher', password: PASSWORD }).expect(201);
    const cookie = setup.headers['set-cookie']![0]!.split(';')[0]!;
    const quiz = await agent.post('/api/quizzes').send({ title: 'On the school network', questions: QUESTIONS.map((questionId) => ({ questionId, timeLimitSec: 90 })) }).expect(201);
    const game = (await agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body;
    // The link is never one that only works on the teacher's machine.
    expect(new URL(game.joinUrl).hostname).not.toMatch(/^(localhost|127\.|\[::1\])/);
    const schoolUrl = `http://${school.serverAddress}:${server.port}`;
    expect(game.joinUrls).toContain(`${schoolUrl}/join/${game.code}`);

    // The lobby on the projector: the teacher picks the school's network, the QR code follows.
    const projector = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    browsers.push(projector);
    const lobbyContext = await projector.newContext({ viewport: { width: 1920, height: 1080 } });
    await lobbyContext.addCookies([{ name: cookie.split('=')[0]!, value: cookie.split('=').slice(1).join('='), url: local }]);
    const lobby = await lobbyContext.newPage();
    await lobby.goto(`${local}/host/game/${game.code}`);
    await lobby.getByTestId('join-address').selectOption(schoolUrl);
    await expect.poll(() => lobby.getByTestId('join-url').textContent()).toBe(`${schoolUrl}/join/${game.code}`);
    await lobby.getByRole('img', { name: new RegExp(`QR code that opens ${schoolUrl}/join/${game.code}`) }).waitFor();
    await lobby.screenshot({ path: path.join(SHOTS, 'network-projector-lobby.png') });
    const joinUrl = (await lobby.getByTestId('join-url').textContent())!;

    // Phones in both classrooms open that link.
    const roomA = await classroomBrowser(school.classrooms.a);
    const roomB = await classroomBrowser(school.classrooms.b);
    const phones: [string, Page][] = [];
    phones.push(['Ana', await phone(roomA, { width: 360, height: 740 }, joinUrl, 'Ana', { mistype: 'ZZZZZZ' })]);
    phones.push(['Ben', await phone(roomA, { width: 320, height: 640 }, joinUrl, 'Ben')]);
    phones.push(['Cleo', await phone(roomB, { width: 390, height: 844 }, joinUrl, 'Cleo')]);
    await phones[0]![1].screenshot({ path: path.join(SHOTS, 'network-phone-lobby.png') });

    // And 60 more students as socket.io clients: ten mistype the code twice, one taps Join twice.
    const base = { url: schoolUrl, code: game.code, wrongCode: 'ZZZZZZ' };
    const classA = classroomStudents(school.classrooms.a, { ...base, nicknames: Array.from({ length: 40 }, (_, i) => `A${i}`), mistype: 10, doubleTap: true });
    const classB = classroomStudents(school.classrooms.b, { ...base, nicknames: Array.from({ length: 20 }, (_, i) => `B${i}`), mistype: 0, doubleTap: false });
    await Promise.all([classA.allJoined, classB.allJoined]);

    const host = connect(`http://127.0.0.1:${server.port}/host`, { forceNew: true, transports: ['websocket'], extraHeaders: { cookie }, query: { room: game.code } });
    sockets.push(host);
    const attached = await call(host, 'host:attach', { code: game.code });
    expect(attached.roster.players).toHaveLength(63);

    for (let q = 0; q < QUESTIONS.length; q++) {
      const everyoneIn = next(host, 'host:progress', (p) => p.index === q && p.answered === 63, 60_000);
      const revealed = next(host, 'host:view', (v) => v.phase === 'reveal' && v.index === q, 60_000);
      expect(await call(host, q === 0 ? 'host:start' : 'host:next')).toEqual({ ok: true });
      for (const [i, [, page]] of phones.entries()) {
        await page.getByText(`Question ${q + 1} of ${QUESTIONS.length}`).waitFor();
        await page.locator('.options .option').nth((i + q) % 4).click();
      }
      if (q === 0) await phones[2]![1].screenshot({ path: path.join(SHOTS, 'network-phone-question-lossy.png') });
      // Everyone answered: the question closes by itself.
      await Promise.all([everyoneIn, revealed]);
      for (const [, page] of phones) await page.getByRole('heading', { name: /Correct!|Not this time/ }).waitFor();
      expect(await call(host, 'host:next')).toEqual({ ok: true }); // reveal -> leaderboard
    }
    expect(await call(host, 'host:next')).toEqual({ ok: true }); // leaderboard -> podium

    const told = [...(await classA.done), ...(await classB.done)];
    const { rows: players } = await sql.query<{ id: string; nickname: string; score: number; answers: number }>(
      `SELECT p.id, p.nickname, p.score, (SELECT count(*)::int FROM "Answer" a WHERE a."playerId" = p.id) AS answers
         FROM "Player" p JOIN "Game" g ON g.id = p."gameId" WHERE g."roomCode" = $1`,
      [game.code],
    );
    expect(players).toHaveLength(63);
    // The socket.io students: every accepted answer stored, every final score the stored one.
    for (const student of told) {
      const row = players.find((p) => p.id === student.playerId)!;
      expect(row.nickname).toBe(student.nickname);
      expect(student.refused).toEqual([]);
      expect(student.accepted.length).toBe(QUESTIONS.length);
      expect(row.answers).toBe(QUESTIONS.length);
      expect(student.podiumScore).toBe(row.score);
    }
    expect(told.filter((s) => s.mistyped.length).map((s) => s.mistyped)).toEqual(Array(10).fill(['ROOM_NOT_FOUND', 'ROOM_NOT_FOUND']));
    expect(told.find((s) => s.nickname === 'A0')!.refusedSecondJoin).toBe('ALREADY_JOINED');
    // The phones: what the podium screen says is what is stored.
    for (const [nickname, page] of phones) {
      await page.getByRole('heading', { name: 'Final results' }).waitFor();
      const stored = players.find((p) => p.nickname === nickname)!;
      expect(stored.answers).toBe(QUESTIONS.length);
      expect(await page.locator('.standing').textContent()).toContain(`with ${stored.score} points`);
    }
    await phones[0]![1].screenshot({ path: path.join(SHOTS, 'network-phone-podium.png') });
  });

  it('keeps the game and /healthz going while one address opens connections up to the cap and past it', { timeout: 180_000 }, async () => {
    const local = `http://127.0.0.1:${server.port}`;
    const agent = request.agent(local);
    await agent.post('/api/auth/login').send({ email: 'teacher@school.test', password: PASSWORD }).expect(200);
    const quiz = await agent.post('/api/quizzes').send({ title: 'Under attack', questions: QUESTIONS.map((questionId) => ({ questionId, timeLimitSec: 90 })) }).expect(201);
    const game = (await agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body;
    const schoolUrl = `http://${school.serverAddress}:${server.port}`;
    const students = classroomStudents(school.classrooms.a, { url: schoolUrl, code: game.code, wrongCode: 'ZZZZZZ', nicknames: Array.from({ length: 20 }, (_, i) => `S${i}`), mistype: 0, doubleTap: false });
    await students.allJoined;
    const cookie = (await agent.post('/api/auth/login').send({ email: 'teacher@school.test', password: PASSWORD }).expect(200)).headers['set-cookie']![0]!.split(';')[0]!;
    const host = connect(`${local}/host`, { forceNew: true, transports: ['websocket'], extraHeaders: { cookie }, query: { room: game.code } });
    sockets.push(host);
    expect((await call(host, 'host:attach', { code: game.code })).ok).toBe(true);
    const firstReveal = next(host, 'host:view', (v) => v.phase === 'reveal' && v.index === 0, 60_000);
    expect(await call(host, 'host:start')).toEqual({ ok: true });

    // Another host of the network (here: the loopback address) opens idle sockets past its cap.
    const attempts = PER_ADDRESS + 100;
    const idle = await Promise.all(
      Array.from({ length: attempts }, () => {
        const socket = connect(`${local}/play`, { forceNew: true, reconnection: false, transports: ['websocket'] });
        sockets.push(socket);
        return new Promise<boolean>((resolve) => {
          socket.once('connect', () => resolve(true));
          socket.once('connect_error', () => resolve(false));
        });
      }),
    );
    const admitted = idle.filter(Boolean).length;
    // The host's own connection shares the address, so the idle ones get at most the rest.
    expect(admitted).toBeLessThanOrEqual(PER_ADDRESS - 1);
    expect(admitted).toBeGreaterThan(PER_ADDRESS - 10);
    expect((await request(local).get('/healthz').expect(200)).body.status).toBe('ok');

    // The game goes on to the podium, every answer stored.
    for (let q = 0; q < QUESTIONS.length; q++) {
      const revealed = q === 0 ? firstReveal : next(host, 'host:view', (v) => v.phase === 'reveal' && v.index === q, 60_000);
      if (q > 0) expect(await call(host, 'host:next')).toEqual({ ok: true });
      await revealed;
      expect(await call(host, 'host:next')).toEqual({ ok: true });
    }
    expect(await call(host, 'host:next')).toEqual({ ok: true });
    const told = await students.done;
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Answer" a JOIN "Game" g ON g.id = a."gameId" WHERE g."roomCode" = $1`, [game.code]);
    expect(rows[0]!.n).toBe(20 * QUESTIONS.length);
    expect(told.every((s) => s.podiumScore !== null && s.refused.length === 0)).toBe(true);
    expect((await request(local).get('/healthz').expect(200)).body.status).toBe('ok');
  });
});
