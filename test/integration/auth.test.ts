import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { createApp } from '../../server/src/http/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const ada = { email: 'Ada@School.test', name: 'Ada Lovelace', password: 'analytical engine 1843' };

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

  it('creates the first instructor, hashes the password and signs them in with an httpOnly SameSite cookie', async () => {
    const agent = request.agent(app);
    const res = await agent.post('/api/auth/setup').send(ada).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), email: 'ada@school.test', name: 'Ada Lovelace' });
    const cookie = res.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^quiz_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const stored = await t.db.instructor.findUniqueOrThrow({ where: { email: 'ada@school.test' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await agent.get('/api/me').expect(200)).body.email).toBe('ada@school.test');
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

  it('lets others register when registration is open', async () => {
    const open = createApp({ db: t.db, registration: 'open', log: () => {} });
    await request(open).post('/api/auth/register').send({ ...ada, email: 'bob@school.test', name: 'Bob' }).expect(201);
    const again = await request(open).post('/api/auth/register').send({ ...ada, email: 'BOB@school.test', name: 'Bob' }).expect(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
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

  it('locks an account after repeated failures, even for the right password', async () => {
    const limited = createApp({ db: t.db, loginLimiter: new LoginLimiter({ perIp: 100, perAccount: 3, windowSec: 60 }), log: () => {} });
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
    const limited = createApp({ db: t.db, loginLimiter: new LoginLimiter({ perIp: 4, perAccount: 100, windowSec: 60 }), log: () => {} });
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
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/instructor-create.ts', '--email', 'cli@school.test', '--name', 'Cli User'], {
      env: { PATH: process.env.PATH, DATABASE_URL: t.url, INSTRUCTOR_PASSWORD: 'from the shell 123' },
      encoding: 'utf8',
    });
    expect(out).toContain('created instructor cli@school.test (Cli User)');
    await request(app).post('/api/auth/login').send({ email: 'cli@school.test', password: 'from the shell 123' }).expect(200);
  });
});
