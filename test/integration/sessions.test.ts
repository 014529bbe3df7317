import { execFileSync } from 'node:child_process';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { housekeep, startHousekeeping } from '../../server/src/auth/housekeeping.ts';
import { PASSWORD } from '../support/http.ts';
import { call, startLiveServer, type LiveServer } from '../support/live-server.ts';

type Instructor = Awaited<ReturnType<LiveServer['instructor']>>;

/** Resolves with the reason once the socket is disconnected (by the server). */
const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));
const connectedOrRefused = (socket: Socket) =>
  new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  });

/** Sessions end when they should, and take their live host sockets with them. */
describe('instructor sessions', () => {
  let server: LiveServer;
  let n = 0;

  beforeAll(async () => {
    server = await startLiveServer();
  });
  afterAll(() => server.close());

  /** A new instructor signed in once (cookie A) and a second session of theirs (cookie B). */
  async function twoSessions() {
    const first: Instructor = await server.instructor();
    const email = (await first.agent.get('/api/me').expect(200)).body.email as string;
    const second = request.agent(server.url);
    const res = await second.post('/api/auth/login').set('User-Agent', `Second browser ${++n}`).send({ email, password: PASSWORD }).expect(200);
    return { first, email, second, secondCookie: (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]! };
  }

  /** A host socket attached to a new room of the instructor (so it is in use, not just open). */
  async function attachedHost(agent: request.Agent, cookie: string) {
    const quiz = await agent.post('/api/quizzes').send({ title: 'Sessions', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201);
    const { code } = (await agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body as { code: string };
    const host = server.host(cookie);
    expect(await call(host, 'host:attach', { code })).toMatchObject({ ok: true });
    return { host, code };
  }

  it('logout ends that session\'s host sockets at once, and only that session\'s', async () => {
    const { first, second, secondCookie } = await twoSessions();
    const { host, code } = await attachedHost(first.agent, first.cookie);
    const otherHost = server.host(secondCookie);
    expect(await call(otherHost, 'host:attach', { code })).toMatchObject({ ok: true });

    const gone = disconnected(host);
    await first.agent.post('/api/auth/logout').expect(204);
    expect(await gone).toBe('io server disconnect');
    // It cannot come back with the old cookie; the other session drives the room on.
    expect(await connectedOrRefused(server.host(first.cookie))).toBe('UNAUTHENTICATED');
    expect(otherHost.connected).toBe(true);
    expect(await call(otherHost, 'host:lock', { locked: true })).toEqual({ ok: true });
    await second.get('/api/me').expect(200);
  });

  it('changing the password ends the other sessions and their sockets; this one goes on', async () => {
    const { first, email, second, secondCookie } = await twoSessions();
    const { host: otherHost } = await attachedHost(second, secondCookie);
    const mine = server.host(first.cookie);
    expect(await connectedOrRefused(mine)).toBe('connected');

    const wrong = await first.agent.post('/api/auth/password').send({ currentPassword: 'not it at all', newPassword: 'a brand new password' }).expect(400);
    expect(wrong.body.error.code).toBe('WRONG_PASSWORD');
    const short = await first.agent.post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
    expect(short.body.error.code).toBe('VALIDATION_FAILED');
    await second.get('/api/me').expect(200);

    const gone = disconnected(otherHost);
    await first.agent.post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'a brand new password' }).expect(204);
    expect(await gone).toBe('io server disconnect');
    await second.get('/api/me').expect(401);
    await first.agent.get('/api/me').expect(200);
    expect(mine.connected).toBe(true);
    await request(server.url).post('/api/auth/login').send({ email, password: PASSWORD }).expect(401);
    await request(server.url).post('/api/auth/login').send({ email, password: 'a brand new password' }).expect(200);
  });

  it('guessing the password in use through a session is limited like sign-in', async () => {
    const { first } = await twoSessions();
    const tries = [];
    for (let i = 0; i < 7; i++) tries.push((await first.agent.post('/api/auth/password').send({ currentPassword: `guess ${i}`, newPassword: 'whatever password' })).status);
    expect(tries).toEqual([400, 400, 400, 400, 400, 429, 429]);
  });

  it('lists the instructor\'s sessions, ends one by its id, and signs out everywhere', async () => {
    const { first, second, secondCookie } = await twoSessions();
    const list = await first.agent.get('/api/auth/sessions').expect(200);
    expect(list.body).toHaveLength(2);
    const [current, other] = [list.body.find((s: { current: boolean }) => s.current), list.body.find((s: { current: boolean }) => !s.current)];
    expect(other).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), userAgent: expect.stringMatching(/^Second browser/), address: '127.0.0.1', createdAt: expect.any(String), lastSeenAt: expect.any(String), expiresAt: expect.any(String) });
    expect(current.id).not.toBe(other.id);
    // The id is not the stored hash, and nobody else can end the session by it.
    expect(await server.db.session.count({ where: { id: other.id } })).toBe(0);
    const stranger = await server.instructor();
    await stranger.agent.delete(`/api/auth/sessions/${other.id}`).expect(404);
    await second.get('/api/me').expect(200);

    const { host: otherHost } = await attachedHost(second, secondCookie);
    const gone = disconnected(otherHost);
    await first.agent.delete(`/api/auth/sessions/${other.id}`).expect(204);
    expect(await gone).toBe('io server disconnect');
    await second.get('/api/me').expect(401);
    expect((await first.agent.get('/api/auth/sessions').expect(200)).body.map((s: { id: string }) => s.id)).toEqual([current.id]);

    // Everywhere: this session too, and its sockets.
    const third = await twoSessions();
    const hosts = [server.host(third.first.cookie), server.host(third.secondCookie)];
    for (const socket of hosts) expect(await connectedOrRefused(socket)).toBe('connected');
    const closed = hosts.map(disconnected);
    const everywhere = await third.first.agent.post('/api/auth/logout-everywhere').expect(204);
    expect(everywhere.headers['set-cookie']![0]).toMatch(/^quiz_session=;/);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    await third.first.agent.get('/api/me').expect(401);
    await third.second.get('/api/me').expect(401);
    // Other instructors are untouched.
    await stranger.agent.get('/api/me').expect(200);
  });

  it('housekeeping purges what has expired and closes host sockets whose session ended behind the server\'s back', async () => {
    const { first, email } = await twoSessions();
    const instructor = await server.db.instructor.findUniqueOrThrow({ where: { email } });
    const past = new Date(Date.now() - 1000);
    await server.db.session.create({ data: { id: 'expired-session', instructorId: instructor.id, expiresAt: past } });
    await server.db.trustedDevice.create({ data: { id: 'expired-device', instructorId: instructor.id, expiresAt: past } });
    await server.db.accountLink.create({ data: { id: 'expired-link', purpose: 'invite', email: 'late@school.test', createdById: instructor.id, expiresAt: past } });
    await server.db.rateLimit.create({ data: { key: 'login-address:expired', points: 3, expire: BigInt(past.getTime()) } });
    await server.db.rateLimit.create({ data: { key: 'login-address:current', points: 3, expire: BigInt(Date.now() + 60_000) } });

    const host = server.host(first.cookie);
    expect(await connectedOrRefused(host)).toBe('connected');
    const gone = disconnected(host);
    // The session is deleted the way the shell's password reset does it: no socket is told.
    await server.db.session.deleteMany({ where: { instructorId: instructor.id, expiresAt: { gt: new Date() } } });
    const done = await housekeep({ db: server.db, hostSessions: { ids: server.realtime.hostSessionIds, disconnect: server.realtime.disconnectSessions } });
    expect(done).toMatchObject({ sessions: 1, devices: 1, links: 1, limits: 1, sockets: 1 });
    expect(await gone).toBe('io server disconnect');
    expect(await server.db.session.count({ where: { id: 'expired-session' } })).toBe(0);
    expect(await server.db.rateLimit.count({ where: { key: 'login-address:current' } })).toBe(1);
  });

  it('runs housekeeping on a schedule', async () => {
    const instructor = await server.instructor();
    await server.db.session.create({ data: { id: 'expires-soon', instructorId: instructor.id, expiresAt: new Date(Date.now() - 1) } });
    const rounds = startHousekeeping({ db: server.db, everyMs: 50 });
    try {
      for (let i = 0; i < 200 && (await server.db.session.count({ where: { id: 'expires-soon' } })); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await server.db.session.count({ where: { id: 'expires-soon' } })).toBe(0);
      // Later rounds take what expires later.
      await server.db.session.create({ data: { id: 'expires-later', instructorId: instructor.id, expiresAt: new Date(Date.now() - 1) } });
      for (let i = 0; i < 200 && (await server.db.session.count({ where: { id: 'expires-later' } })); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await server.db.session.count({ where: { id: 'expires-later' } })).toBe(0);
    } finally {
      rounds.stop();
    }
  });

  it('resets a password from the shell: the new one works, the old one and every session do not', async () => {
    const { first, email, second } = await twoSessions();
    const databaseUrl = server.databaseUrl;
    const out = execFileSync(process.execPath, ['dist/scripts/instructor-reset-password.js', '--email', email.toUpperCase()], {
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, INSTRUCTOR_PASSWORD: 'reset from the shell', SEED_ON_START: 'false' },
      encoding: 'utf8',
    });
    expect(out).toContain(`password set for ${email}`);
    expect(out).toContain('2 session(s) ended');
    await first.agent.get('/api/me').expect(401);
    await second.get('/api/me').expect(401);
    await request(server.url).post('/api/auth/login').send({ email, password: PASSWORD }).expect(401);
    await request(server.url).post('/api/auth/login').send({ email, password: 'reset from the shell' }).expect(200);

    const unknown = (() => {
      try {
        execFileSync(process.execPath, ['dist/scripts/instructor-reset-password.js', '--email', 'nobody@school.test'], {
          env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, INSTRUCTOR_PASSWORD: 'reset from the shell', SEED_ON_START: 'false' },
          encoding: 'utf8',
          stdio: 'pipe',
        });
        return 'exit 0';
      } catch (error) {
        return `exit ${(error as { status: number }).status}: ${(error as { stderr: string }).stderr.trim()}`;
      }
    })();
    expect(unknown).toBe('exit 1: error: no instructor with the email nobody@school.test');
  });
});
