import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '../../server/src/db/embedded-postgres.ts';
import { call, next } from '../support/live-server.ts';
import { answerUntilAccepted, openOneQuestionGame, socketOpener } from '../support/process-game.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * PostgreSQL goes away mid-game (a server this test started itself, never the machine's): no
 * answer is acknowledged unless stored, the server stays up and says so on /healthz, and the
 * game goes on by itself once the database is back.
 */
describe('a database outage mid-game', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-outage-'));
  let postgres: EmbeddedServer;
  let server: ServerProcess;
  const clients = socketOpener(() => server.url);

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres(path.join(dir, 'data'));
    await ensureDatabase(postgres.adminUrl, 'quiz');
    server = await startServer({ DATABASE_URL: withDatabase(postgres.adminUrl, 'quiz') });
  }, 120_000);
  afterAll(async () => {
    clients.closeAll();
    await server?.stop();
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('judges answers that arrive while PostgreSQL stalls by their arrival: accepted, with their arrival response time', { timeout: 120_000 }, async () => {
    const { cookie, gameId, right, ana, ben } = await openOneQuestionGame(server.url, clients.open, 'sdlc.codebuild.003', { timeLimitSec: 10, readingSec: 0 });
    const opened = Date.now();
    const at = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms - (Date.now() - opened)));
    const postgresProcesses = () => {
      const postmaster = fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]!;
      const children = execFileSync('pgrep', ['-P', postmaster], { encoding: 'utf8' }).split('\n').filter(Boolean);
      return [postmaster, ...children].map(Number);
    };

    await at(500);
    const stalled = postgresProcesses();
    for (const pid of stalled) process.kill(pid, 'SIGSTOP');
    let anaAck: Promise<any>;
    let benAck: Promise<any>;
    try {
      await at(2_600);
      anaAck = call(ana, 'player:answer', { questionIndex: 0, choices: right });
      await at(3_600);
      benAck = call(ben, 'player:answer', { questionIndex: 0, choices: right });
      // The question's 10 s run out while the database is stopped.
      await at(12_000);
    } finally {
      for (const pid of stalled) process.kill(pid, 'SIGCONT');
    }
    // An answer whose write waited too long is refused STORAGE_UNAVAILABLE; the app sends it
    // again, and the retry keeps the moment the first one arrived, even past the deadline.
    for (const [socket, ack] of [[ana, anaAck!], [ben, benAck!]] as const) {
      const first = await ack;
      if (!first.ok) expect(first.error.code).toBe('STORAGE_UNAVAILABLE');
      const final = first.ok ? first : await answerUntilAccepted(socket, { questionIndex: 0, choices: right });
      if (!final.ok) console.log(JSON.stringify(final));
      expect(final).toEqual({ ok: true, questionIndex: 0 });
    }

    const game = (await request(server.url).get(`/api/games/${gameId}`).set('Cookie', cookie).expect(200)).body;
    const responseMs = Object.fromEntries(game.players.map((p: any) => [p.nickname, p.answers[0]?.responseMs]));
    // Stamped when they reached the server (2.6 s and 3.6 s after the question opened, give or
    // take the network), not when the database let them through (after 12 s).
    expect(responseMs.Ana).toBeGreaterThan(2_300);
    expect(responseMs.Ana).toBeLessThan(3_300);
    expect(responseMs.Ben).toBeGreaterThan(3_300);
    expect(responseMs.Ben).toBeLessThan(4_300);
    for (const player of game.players) {
      expect(player.answers).toEqual([expect.objectContaining({ position: 0, correct: true, chosen: right })]);
      expect(player.score).toBe(player.answers[0].points);
    }
  });

  it('refuses to acknowledge answers it cannot store, reports the outage, and recovers on its own', { timeout: 120_000 }, async () => {
    const { cookie, gameId, right, ana, ben } = await openOneQuestionGame(server.url, clients.open);

    await postgres.stop();
    const refused = await call(ana, 'player:answer', { questionIndex: 0, choices: right });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    const health = await request(server.url).get('/healthz').expect(503);
    expect(health.body).toEqual({ status: 'degraded', db: 'unavailable' });
    expect(server.child.exitCode).toBeNull();

    postgres = await startEmbeddedPostgres(path.join(dir, 'data'), { port: postgres.port });
    // The client retries while the question is open, as the web app does.
    expect(await answerUntilAccepted(ana, { questionIndex: 0, choices: right })).toEqual({ ok: true, questionIndex: 0 });
    const reveal = new Promise<any>((resolve) => ben.on('game:view', (v: any) => v.phase === 'reveal' && resolve(v)));
    expect((await call(ben, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);
    expect((await reveal).reveal.answeredCount).toBe(2);
    await request(server.url).get('/healthz').expect(200);

    const stored = await request(server.url).get(`/api/games/${gameId}/report`).set('Cookie', cookie).expect(200);
    expect(stored.body.summary).toMatchObject({ answered: 2, correct: 2 });
  });

  it('announces a question that opens during the outage and stores it before any of its answers', { timeout: 120_000 }, async () => {
    const { cookie, gameId, right, host, ana, ben } = await openOneQuestionGame(server.url, clients.open, 'sdlc.codebuild.002', { start: false });

    await postgres.stop();
    const question = new Promise<any>((resolve) => ana.once('game:question', resolve));
    expect(await call(host, 'host:start')).toEqual({ ok: true });
    expect(await question).toMatchObject({ index: 0 });
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: right })).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });

    postgres = await startEmbeddedPostgres(path.join(dir, 'data'), { port: postgres.port });
    expect(await answerUntilAccepted(ana, { questionIndex: 0, choices: right })).toEqual({ ok: true, questionIndex: 0 });
    // The start was stored on the way: the game is running from its snapshot of the open question.
    const report = await request(server.url).get(`/api/games/${gameId}/report`).set('Cookie', cookie).expect(200);
    expect(report.body.game).toMatchObject({ status: 'running' });
    expect(report.body.game.startedAt).toEqual(expect.any(String));
    const reveal = new Promise<any>((resolve) => ben.on('game:view', (v: any) => v.phase === 'reveal' && resolve(v)));
    expect((await call(ben, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);
    expect((await reveal).reveal.answeredCount).toBe(2);
  });

  it('resumes at the step before a question that was announced but not stored when it was killed', { timeout: 120_000 }, async () => {
    const { cookie, code, right, host, tokens } = await openOneQuestionGame(server.url, clients.open, 'sdlc.codebuild.003', { start: false });
    await postgres.stop();
    expect(await call(host, 'host:start')).toEqual({ ok: true });
    expect(await server.stop('SIGKILL')).toBeNull();
    postgres = await startEmbeddedPostgres(path.join(dir, 'data'), { port: postgres.port });
    server = await startServer({ DATABASE_URL: withDatabase(postgres.adminUrl, 'quiz') });

    // Back in the lobby: the question was never stored, so neither was any answer to it.
    const hostAgain = clients.open('/host', { cookie });
    expect(await call(hostAgain, 'host:attach', { code })).toMatchObject({ ok: true, view: { phase: 'lobby' }, roster: { players: [{ nickname: 'Ana' }, { nickname: 'Ben' }] } });
    const students = [clients.open('/play'), clients.open('/play')];
    for (const [i, token] of [tokens.ana, tokens.ben].entries()) {
      expect(await call(students[i]!, 'player:rejoin', { code, token })).toMatchObject({ ok: true, view: { phase: 'lobby' } });
    }
    // The host opens it again, and the game goes on.
    const shown = students.map((socket) => next(socket, 'game:question', (v) => v.index === 0));
    expect(await call(hostAgain, 'host:start')).toEqual({ ok: true });
    await Promise.all(shown);
    const reveal = next(students[1]!, 'game:view', (v) => v.phase === 'reveal');
    for (const socket of students) expect(await call(socket, 'player:answer', { questionIndex: 0, choices: right })).toEqual({ ok: true, questionIndex: 0 });
    expect((await reveal).reveal.answeredCount).toBe(2);
  });
  it('answers 503 STORAGE_UNAVAILABLE on every kind of request while the database is down, never 500 or UNAUTHENTICATED', { timeout: 120_000 }, async () => {
    const { cookie } = await openOneQuestionGame(server.url, clients.open, 'sdlc.codebuild.004', { start: false });
    // Healthy first, so that the outage below is a change the health check logs.
    await request(server.url).get('/healthz').expect(200);
    await postgres.stop();

    const storageDown = { error: { code: 'STORAGE_UNAVAILABLE', message: expect.any(String) } };
    const login = await request(server.url).post('/api/auth/login').send({ email: 'ada@school.test', password: 'analytical engine' }).expect(503);
    expect(login.body).toEqual(storageDown);
    expect(login.headers['retry-after']).toBe('5');
    expect((await request(server.url).get('/api/me').set('Cookie', cookie).expect(503)).body).toEqual(storageDown);
    expect((await request(server.url).get('/api/auth/status').expect(503)).body).toEqual(storageDown);
    expect((await request(server.url).get('/api/quizzes').set('Cookie', cookie).expect(503)).body).toEqual(storageDown);
    expect((await request(server.url).post('/api/auth/logout').set('Cookie', cookie).expect(503)).body).toEqual(storageDown);
    // A host reconnecting with a good session is told the storage is down, not that it is signed out.
    const host = clients.open('/host', { cookie });
    const refused = await new Promise<Error>((resolve) => host.once('connect_error', resolve));
    expect(refused.message).toBe('STORAGE_UNAVAILABLE');
    // The details are in the log only.
    expect((await request(server.url).get('/healthz').expect(503)).text).not.toMatch(/127\.0\.0\.1|reach/);
    // The log line may reach the test's pipe after the response does.
    await expect.poll(() => server.output(), { timeout: 5_000 }).toMatch(/health: db unavailable: .*Can't reach database server at 127\.0\.0\.1:\d+/);
    expect(server.output()).toContain('storage unavailable: POST /api/auth/login');
    expect(server.child.exitCode).toBeNull();

    postgres = await startEmbeddedPostgres(path.join(dir, 'data'), { port: postgres.port });
    // Back: the same session works again, and the host gets in.
    let me = await request(server.url).get('/api/me').set('Cookie', cookie);
    for (let i = 0; i < 40 && me.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      me = await request(server.url).get('/api/me').set('Cookie', cookie);
    }
    expect(me.status).toBe(200);
    const again = clients.open('/host', { cookie });
    await new Promise<void>((resolve, reject) => {
      again.once('connect', resolve);
      again.once('connect_error', reject);
    });
  });
});
