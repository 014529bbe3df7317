import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimiter, RegistrationLimiter } from '../../server/src/auth/login-limiter.ts';
import { createApp } from '../../server/src/http/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const ada = { email: 'Ada@School.test', name: 'Ada Lovelace', password: 'analytical engine 1843' };
const cookieNames = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split('=')[0]);

describe('instructor accounts', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = createApp({ db: t.db, log: () => {} });
  });
  afterAll(() => t.close());

  it('offers first-run setup while no instructor exists', async () => {
    expect((await request(app).get('/api/auth/status').expect(200)).body).toEqual({ needsSetup: true, registration: 'closed' });
  });

  it('refuses a password below the minimum length', async () => {
    const res = await request(app).post('/api/auth/setup').send({ ...ada, password: 'short' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'password: must be at least 10 characters' });
  });

  it('creates the first instructor as the admin, hashes the password and signs them in with an httpOnly SameSite cookie', async () => {
    const agent = request.agent(app);
    const res = await agent.post('/api/auth/setup').send(ada).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), email: 'ada@school.test', name: 'Ada Lovelace', role: 'admin' });
    const [session, device] = res.headers['set-cookie'] as unknown as string[];
    expect(session).toMatch(/^quiz_session=[\w-]{40,};/);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    // The browser is trusted for later sign-ins to this account; the cookie goes to the sign-in routes only.
    expect(device).toMatch(/^quiz_device=[\w-]{40,};/);
    expect(device).toMatch(/Path=\/api\/auth/);
    expect(device).toMatch(/HttpOnly/);
    expect(device).toMatch(/SameSite=Strict/);
    const stored = await t.db.instructor.findUniqueOrThrow({ where: { email: 'ada@school.test' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await t.db.trustedDevice.count({ where: { instructorId: stored.id } })).toBe(1);
    expect((await agent.get('/api/me').expect(200)).body).toMatchObject({ email: 'ada@school.test', role: 'admin' });
    expect((await request(app).get('/api/auth/status')).body.needsSetup).toBe(false);
  });

  it('refuses a second setup', async () => {
    const res = await request(app).post('/api/auth/setup').send({ ...ada, email: 'eve@school.test' }).expect(409);
    expect(res.body.error.code).toBe('ALREADY_SET_UP');
  });

  it('refuses registration while it is closed', async () => {
    const res = await request(app).post('/api/auth/register').send({ ...ada, email: 'bob@school.test' }).expect(403);
    expect(res.body.error.code).toBe('REGISTRATION_CLOSED');
  });

  it('answers open registration the same whether the email is free or taken, and signs nobody in', async () => {
    const open = createApp({ db: t.db, registration: 'open', log: () => {} });
    const free = await request(open).post('/api/auth/register').send({ ...ada, email: 'bob@school.test', name: 'Bob' }).expect(202);
    const taken = await request(open).post('/api/auth/register').send({ email: 'ADA@school.test', name: 'Eve', password: 'eve takes over' }).expect(202);
    expect(taken.body).toEqual(free.body);
    expect(free.body).toEqual({ status: 'received', message: expect.any(String) });
    expect(cookieNames(free)).toEqual([]);
    expect(cookieNames(taken)).toEqual([]);
    // Bob has an account and signs in; Ada's account is as it was.
    await request(open).post('/api/auth/login').send({ email: 'bob@school.test', password: ada.password }).expect(200);
    await request(open).post('/api/auth/login').send({ email: 'ada@school.test', password: 'eve takes over' }).expect(401);
    expect((await t.db.instructor.findUniqueOrThrow({ where: { email: 'ada@school.test' } })).name).toBe('Ada Lovelace');
    expect((await t.db.instructor.findUniqueOrThrow({ where: { email: 'bob@school.test' } })).role).toBe('instructor');
  });

  it('limits open registration per address, counting concurrent requests exactly, in PostgreSQL', async () => {
    const open = createApp({ db: t.db, registration: 'open', limitStore: { pool: t.pool }, log: () => {} });
    const register = (i: number, from: string) =>
      request(open).post('/api/auth/register').set('X-Forwarded-For', from).send({ email: `bot${i}@spam.test`, name: `Bot ${i}`, password: 'bot password 123' });
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => register(i, '203.0.113.80')));
    expect(burst.filter((r) => r.status === 202)).toHaveLength(5);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused).toHaveLength(25);
    expect(refused[0]!.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.db.instructor.count({ where: { email: { endsWith: '@spam.test' } } })).toBe(5);
    // Another address is not affected; the counters are rows any node sees.
    await register(100, '198.51.100.9').expect(202);
    expect(await t.db.rateLimit.count({ where: { key: { startsWith: 'register-hour:' } } })).toBe(2);
  });

  it('answers 401 on /api/me without a session or with a forged cookie', async () => {
    expect((await request(app).get('/api/me').expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    await request(app).get('/api/me').set('Cookie', 'quiz_session=forged-token-value').expect(401);
  });

  it('signs in case-insensitively by email and out again', async () => {
    const agent = request.agent(app);
    await agent.post('/api/auth/login').send({ email: 'ADA@school.test', password: ada.password }).expect(200);
    await agent.get('/api/me').expect(200);
    await agent.post('/api/auth/logout').expect(204);
    await agent.get('/api/me').expect(401);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await request(app).post('/api/auth/login').send({ email: 'nobody@school.test', password: ada.password }).expect(401);
    const wrong = await request(app).post('/api/auth/login').send({ email: ada.email, password: 'not the password' }).expect(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect.' });
  });

  it('refuses the account and the address alike once their budget is spent, even for the right password', async () => {
    const limited = createApp({ db: t.db, loginLimiter: new LoginLimiter({ perAddress: 100, perAccountAddress: 3, perAccountUnknown: 100, perDevice: 100, windowSec: 60 }), log: () => {} });
    for (let i = 0; i < 3; i++) {
      await request(limited).post('/api/auth/login').send({ email: ada.email, password: `wrong ${i}` }).expect(401);
    }
    const res = await request(limited).post('/api/auth/login').send({ email: ada.email, password: ada.password }).expect(429);
    expect(res.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    await request(limited).post('/api/auth/login').send({ email: 'bob@school.test', password: ada.password }).expect(200);
  });

  it('limits attempts per client address across accounts', async () => {
    const limited = createApp({ db: t.db, loginLimiter: new LoginLimiter({ perAddress: 4, perAccountAddress: 100, perAccountUnknown: 100, perDevice: 100, windowSec: 60 }), log: () => {} });
    for (let i = 0; i < 4; i++) {
      await request(limited).post('/api/auth/login').send({ email: `guess${i}@school.test`, password: 'whatever12' }).expect(401);
    }
    await request(limited).post('/api/auth/login').send({ email: ada.email, password: ada.password }).expect(429);
  });

  it('refuses cross-site writes', async () => {
    const res = await request(app).post('/api/auth/login').set('Origin', 'https://evil.example').send({ email: ada.email, password: ada.password }).expect(403);
    expect(res.body.error.code).toBe('CROSS_SITE_REQUEST');
  });

  it('creates an instructor from the command line', async () => {
    const out = execFileSync(process.execPath, ['dist/scripts/instructor-create.js', '--email', 'cli@school.test', '--name', 'Cli User'], {
      env: { PATH: process.env.PATH, DATABASE_URL: t.url, INSTRUCTOR_PASSWORD: 'from the shell 123' },
      encoding: 'utf8',
    });
    expect(out).toContain('created instructor cli@school.test (Cli User)');
    expect(out).not.toContain('admin');
    await request(app).post('/api/auth/login').send({ email: 'cli@school.test', password: 'from the shell 123' }).expect(200);
  });

  it('makes the first instructor created from the command line the admin', async () => {
    const empty = await createTestDatabase();
    try {
      const out = execFileSync(process.execPath, ['dist/scripts/instructor-create.js', '--email', 'first@school.test', '--name', 'First'], {
        env: { PATH: process.env.PATH, DATABASE_URL: empty.url, INSTRUCTOR_PASSWORD: 'from the shell 123', SEED_ON_START: 'false' },
        encoding: 'utf8',
      });
      expect(out).toContain('created instructor first@school.test (First), the admin');
      expect((await empty.db.instructor.findUniqueOrThrow({ where: { email: 'first@school.test' } })).role).toBe('admin');
    } finally {
      await empty.close();
    }
  });

  it('keeps the registration limiter of the app when one is given', async () => {
    const strict = createApp({ db: t.db, registration: 'open', registrationLimiter: new RegistrationLimiter({ perAddressHour: 1, perAddressDay: 10 }), log: () => {} });
    await request(strict).post('/api/auth/register').send({ email: 'one@school.test', name: 'One', password: 'one password 1' }).expect(202);
    await request(strict).post('/api/auth/register').send({ email: 'two@school.test', name: 'Two', password: 'two password 2' }).expect(429);
    expect(await t.db.instructor.count({ where: { email: 'two@school.test' } })).toBe(0);
  });
});
