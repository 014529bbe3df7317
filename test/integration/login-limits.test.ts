import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstructor } from '../../server/src/auth/accounts.ts';
import { createDb } from '../../server/src/db/client.ts';
import { createApp } from '../../server/src/http/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const PASSWORD = 'the right password 42';

/** Statuses of a batch of answers, as "401: 5, 429: 35". */
const tally = (answers: { status: number }[]) => {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
};

/**
 * Sign-in guessing against the limits as deployed: counters in PostgreSQL (every node shares
 * them), the default budgets (30 attempts per address, 5 failures per account and address,
 * 10 per account from browsers it never signed in with, 10 per trusted browser; 15 minutes).
 * Addresses come in X-Forwarded-For from loopback, which the app trusts by default.
 */
describe('sign-in limits under attack', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let n = 0;
  /** A fresh account for each scenario, so their counters stay apart. */
  const account = async () => {
    const email = `owner${++n}@school.test`;
    await createInstructor(t.db, { email, name: `Owner ${n}`, password: PASSWORD });
    return email;
  };
  const login = (email: string, password: string, from: string, cookie?: string) => {
    const req = request(app).post('/api/auth/login').set('X-Forwarded-For', from);
    if (cookie) req.set('Cookie', cookie);
    return req.send({ email, password });
  };
  /** The owner's browser after an earlier sign-in: the trusted-browser cookie it keeps after signing out. */
  const ownersBrowser = async (email: string, from: string) => {
    const signedIn = await login(email, PASSWORD, from).expect(200);
    return (signedIn.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!).find((c) => c.startsWith('quiz_device='))!;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await createInstructor(t.db, { email: 'admin@school.test', name: 'Admin', password: PASSWORD });
    app = createApp({ db: t.db, limitStore: { pool: t.pool }, log: () => {} });
  });
  afterAll(() => t.close());

  it('attacker: 40 wrong passwords from one address get 5 checks; owner: the right password from their own address still signs in', async () => {
    const email = await account();
    const guesses = [];
    for (let i = 0; i < 40; i++) guesses.push(await login(email, `wrong password ${i}`, '203.0.113.66'));
    expect(tally(guesses)).toEqual({ 401: 5, 429: 35 });
    expect(guesses[39]!.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    // The attacker's address stays refused even with the right password.
    await login(email, PASSWORD, '203.0.113.66').expect(429);
    const owner = await login(email, PASSWORD, '198.51.100.7').expect(200);
    expect(owner.body.email).toBe(email);
  });

  it('attacker: 40 concurrent wrong passwords from one address: exactly 5 reach the password check', async () => {
    const email = await account();
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(email, `wrong ${i}`, '203.0.113.70')));
    expect(tally(burst)).toEqual({ 401: 5, 429: 35 });
    await login(email, PASSWORD, '198.51.100.8').expect(200);
  });

  it('attacker: 200 concurrent wrong passwords from 200 addresses: exactly 10 checks; owner: their browser still signs in', async () => {
    const email = await account();
    const device = await ownersBrowser(email, '198.51.100.20');
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => login(email, `wrong ${i}`, `10.0.${i >> 4}.${i & 15}`)));
    expect(tally(burst)).toEqual({ 401: 10, 429: 190 });
    // The owner in the browser they signed in with before, from their own address or another.
    await login(email, PASSWORD, '198.51.100.20', device).expect(200);
    await login(email, PASSWORD, '192.0.2.44', device).expect(200);
    // A browser the account has never seen waits, as the guesses do, until the window ends.
    const stranger = await login(email, PASSWORD, '192.0.2.45').expect(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('attacker: guesses from a browser the account trusts are limited by that browser\'s own budget', async () => {
    const email = await account();
    const device = await ownersBrowser(email, '198.51.100.30');
    // Spread over addresses, so that only the browser's budget can stop them.
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => login(email, `wrong ${i}`, `10.1.0.${i}`, device)));
    expect(tally(burst)).toEqual({ 401: 10, 429: 20 });
    // The account's budget for unknown browsers is untouched: a new browser still signs in.
    await login(email, PASSWORD, '198.51.100.31').expect(200);
  });

  it('a cookie trusted for another account counts as an unknown browser', async () => {
    const victim = await account();
    const attacker = await account();
    const attackersDevice = await ownersBrowser(attacker, '203.0.113.90');
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => login(victim, `wrong ${i}`, `10.2.0.${i}`, attackersDevice)));
    expect(tally(burst)).toEqual({ 401: 10, 429: 20 });
  });

  it('owner: a mistyped password or two, then the right one, clears the count at that address', async () => {
    const email = await account();
    for (let i = 0; i < 4; i++) await login(email, `typo ${i}`, '198.51.100.40').expect(401);
    await login(email, PASSWORD, '198.51.100.40').expect(200);
    // Five more mistakes are allowed again before the address waits.
    for (let i = 0; i < 5; i++) await login(email, `typo again ${i}`, '198.51.100.40').expect(401);
    await login(email, PASSWORD, '198.51.100.40').expect(429);
  });

  it('owner: refusals while the account is under attack do not use up their own count at their address', async () => {
    const email = await account();
    await Promise.all(Array.from({ length: 30 }, (_, i) => login(email, `wrong ${i}`, `10.3.0.${i}`)));
    // The owner, in a new browser, tries again and again while the account's budget is spent.
    for (let i = 0; i < 8; i++) await login(email, PASSWORD, '198.51.100.50').expect(429);
    const pair = await t.db.rateLimit.findUnique({ where: { key: `login-account-address:${email}|198.51.100.50` } });
    expect(pair?.points ?? 0).toBe(0);
  });

  it('holds across nodes: two apps with pools of their own over one database count one budget', async () => {
    const email = await account();
    const other = createDb(t.url);
    try {
      const second = createApp({ db: other.db, limitStore: { pool: other.pool }, log: () => {} });
      const on = (node: ReturnType<typeof createApp>, i: number) =>
        request(node).post('/api/auth/login').set('X-Forwarded-For', '203.0.113.99').send({ email, password: `wrong ${i}` });
      const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => on(i % 2 ? app : second, i)));
      expect(tally(burst)).toEqual({ 401: 5, 429: 35 });
    } finally {
      await other.db.$disconnect();
      await other.pool.end();
    }
  });

  it('gives an unknown email the same budgets as a real one (no way to tell them apart)', async () => {
    const real = await account();
    const answers = async (email: string, from: string) => {
      const out = [];
      for (let i = 0; i < 7; i++) out.push(await login(email, `wrong ${i}`, from));
      return out.map((r) => `${r.status} ${r.body.error.code}`);
    };
    expect(await answers('nobody-here@school.test', '203.0.113.101')).toEqual(await answers(real, '203.0.113.102'));
  });
});
