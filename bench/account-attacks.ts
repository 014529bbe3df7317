/**
 * Attacks on instructor accounts and on the error answers, rerun black-box against a fresh server
 * process: sign-in lockout and its race, logout against a live host socket, open registration,
 * look-alike nicknames, search wildcards and import refusals, and the answers given while the
 * database or Redis is down. Prints one line per figure (the numbers in docs/reliability.md).
 *
 *   npx tsx bench/account-attacks.ts
 *
 * It starts an embedded PostgreSQL in a temporary folder (so it can stop it), a server on it
 * with REGISTRATION=open, then a second server in Redis mode on a redis-server of its own port.
 * Addresses are told to the server in X-Forwarded-For (it trusts loopback, as by default); every
 * request goes to 127.0.0.1. Accounts are created straight in the database, so each attack has
 * an account of its own. Not part of `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { createInstructor } from '../server/src/auth/accounts.ts';
import { createDb } from '../server/src/db/client.ts';
import { ensureDatabase, freePort, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '../server/src/db/embedded-postgres.ts';
import { call, connected, sleep } from './sockets.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const READY = /ready in [\d.]+ s: (http:\/\/localhost:(\d+))/;
const PASSWORD = 'the right password 42';

type Server = { url: string; child: ChildProcess; output: () => string; stop(): Promise<void> };

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[2]));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Ready to accept connections') && resolve());
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

type Answer = { status: number; body: any; cookie?: string };

/** One JSON request from the address `from` (told in X-Forwarded-For). */
async function http(base: string, method: string, route: string, options: { body?: unknown; from?: string; cookie?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.from) headers['x-forwarded-for'] = options.from;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(`${base}${route}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and empty bodies stay text.
  }
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('='));
  return { status: response.status, body, cookie: cookies.length ? cookies.join('; ') : undefined };
}

const tally = (answers: Answer[]) => {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = `${a.status}${a.body?.error?.code ? ` ${a.body.error.code}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n} × ${key}`).join(', ');
};

const login = (base: string, email: string, password: string, from: string, cookie?: string) =>
  http(base, 'POST', '/api/auth/login', { body: { email, password }, from, cookie });

function report(label: string, value: string) {
  console.log(`${label}: ${value}`);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-attacks-'));
  let postgres: EmbeddedServer = await startEmbeddedPostgres(path.join(dir, 'pg'));
  await ensureDatabase(postgres.adminUrl, 'quiz');
  const databaseUrl = withDatabase(postgres.adminUrl, 'quiz');
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  let redis: ChildProcess | undefined;
  try {
    const server = await startServer({ DATABASE_URL: databaseUrl, REGISTRATION: 'open' });
    servers.push(server);
    const base = server.url;
    const { db, pool } = createDb(databaseUrl);
    const account = async (name: string) => {
      const email = `${name}@school.test`;
      await createInstructor(db, { email, name, password: PASSWORD });
      return email;
    };
    // The first instructor, through first-run setup as a person would.
    const setup = await http(base, 'POST', '/api/auth/setup', { body: { email: 'ada@school.test', name: 'Ada', password: PASSWORD } });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
    const adaCookie = setup.cookie!;

    // 1. Lockout: 40 wrong passwords from one address, then the right one from another.
    const lockoutEmail = await account('lockout');
    const wrong40: Answer[] = [];
    for (let i = 0; i < 40; i++) wrong40.push(await login(base, lockoutEmail, `wrong password ${i}`, '203.0.113.66'));
    report('lockout: 40 wrong passwords in turn from 203.0.113.66', tally(wrong40));
    report('lockout: then the right password from 198.51.100.7', tally([await login(base, lockoutEmail, PASSWORD, '198.51.100.7')]));
    report('lockout: and the right password from 203.0.113.66', tally([await login(base, lockoutEmail, PASSWORD, '203.0.113.66')]));

    // 2. The race: 40 wrong passwords at once from one address; 200 at once from 200 addresses.
    const raceEmail = await account('race');
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(base, raceEmail, `wrong ${i}`, '203.0.113.70')));
    report('race: 40 concurrent wrong passwords from one address (401 = reached the password check)', tally(burst));
    const rotateEmail = await account('rotate');
    // The owner signed in from this browser last week (and signed out again).
    const earlier = await login(base, rotateEmail, PASSWORD, '198.51.100.20');
    const ownerBrowser = earlier.cookie?.split('; ').filter((c) => !c.startsWith('quiz_session=')).join('; ');
    const rotating = await Promise.all(Array.from({ length: 200 }, (_, i) => login(base, rotateEmail, `wrong ${i}`, `10.${(i >> 8) & 255}.${i & 255}.9`)));
    report('race: 200 concurrent wrong passwords from 200 addresses', tally(rotating));
    report('race: then the owner, in the browser they signed in with before, from their address', tally([await login(base, rotateEmail, PASSWORD, '198.51.100.20', ownerBrowser || undefined)]));
    report('race: and the owner in a new browser from a new address', tally([await login(base, rotateEmail, PASSWORD, '198.51.100.21')]));

    // 3. Logout against a host socket attached before it.
    const hostEmail = await account('host');
    const signedIn = await login(base, hostEmail, PASSWORD, '198.51.100.30');
    const cookie = signedIn.cookie!;
    const quiz = await http(base, 'POST', '/api/quizzes', { cookie, body: { title: 'One', questions: [{ questionId: 'sdlc.codebuild.001' }] } });
    const game = await http(base, 'POST', '/api/games', { cookie, body: { quizId: quiz.body.id } });
    const host = await connected(`${base}/host`, { cookie });
    sockets.push(host);
    await call(host, 'host:attach', { code: game.body.code });
    const gone = new Promise<string>((resolve) => host.once('disconnect', (reason) => resolve(reason)));
    await http(base, 'POST', '/api/auth/logout', { cookie });
    const after = await Promise.race([gone.then((reason) => `disconnected (${reason})`), sleep(2_000).then(() => 'still connected after 2 s')]);
    report('logout: the host socket attached before POST /api/auth/logout', after);
    if (host.connected) report('logout: host:lock on it', JSON.stringify(await call(host, 'host:lock', { locked: true })));
    const again = await connected(`${base}/host`, { cookie }).then((s) => (sockets.push(s), 'connected'), (e: Error) => `refused ${e.message}`);
    report('logout: a new /host handshake with the old cookie', again);

    // 4. Open registration from one address, and whether it tells taken emails.
    const started = performance.now();
    const registrations: Answer[] = [];
    for (let i = 0; i < 300; i++) {
      registrations.push(await http(base, 'POST', '/api/auth/register', { from: '203.0.113.80', body: { email: `bot${i}@spam.test`, name: `Bot ${i}`, password: 'bot password 123' } }));
    }
    const created = (await db.instructor.count({ where: { email: { endsWith: '@spam.test' } } }));
    report(`registration: ${registrations.length} requests from one address in ${((performance.now() - started) / 1000).toFixed(1)} s`, `${tally(registrations)}; accounts created: ${created}`);
    const taken = await http(base, 'POST', '/api/auth/register', { from: '203.0.113.81', body: { email: 'ada@school.test', name: 'Eve', password: 'eve password 123' } });
    const free = await http(base, 'POST', '/api/auth/register', { from: '203.0.113.81', body: { email: 'new@school.test', name: 'New', password: 'new password 123' } });
    report('registration: a taken email / a free one', `${tally([taken])} ${JSON.stringify(taken.body)} / ${tally([free])} ${JSON.stringify(free.body)}`);

    // 5. Look-alike nicknames, and what reaches the CSV export.
    const lookalikes = ['Ana\u200B', '\u200BAna', '\u0410na', '\uFF21\uFF4E\uFF41', 'Ana\uFE0F', 'A\u0301na', '\u202EanA'];
    const nickQuiz = await http(base, 'POST', '/api/quizzes', { cookie: adaCookie, body: { title: 'Nicknames', questions: [{ questionId: 'sdlc.codebuild.001' }] } });
    const nickGame = await http(base, 'POST', '/api/games', { cookie: adaCookie, body: { quizId: nickQuiz.body.id } });
    const adaHost = await connected(`${base}/host`, { cookie: adaCookie });
    sockets.push(adaHost);
    await call(adaHost, 'host:attach', { code: nickGame.body.code });
    const ana = await connected(`${base}/play`);
    sockets.push(ana);
    await call(ana, 'player:join', { code: nickGame.body.code, nickname: 'Ana' });
    const joins: string[] = [];
    for (const nickname of lookalikes) {
      const student = await connected(`${base}/play`);
      sockets.push(student);
      const ack = await call(student, 'player:join', { code: nickGame.body.code, nickname });
      joins.push(`${JSON.stringify(nickname)} ${ack.ok ? `accepted as ${JSON.stringify(ack.view?.you?.nickname)}` : ack.error.code}`);
    }
    report('nicknames: with "Ana" in the room', joins.join('; '));
    await call(adaHost, 'host:end');
    const csv = await http(base, 'GET', `/api/games/${nickGame.body.gameId}/report?format=csv&table=students`, { cookie: adaCookie });
    const rows = String(csv.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
    report('nicknames: CSV rows', `${rows.length}: ${JSON.stringify(rows.map((r) => r.split(',')[1]))}; Cyrillic А: ${/\u0410/.test(String(csv.body))}; U+202E: ${/\u202E/.test(String(csv.body))}`);

    // 6. Search wildcards and import refusals.
    const all = await http(base, 'GET', '/api/questions?pageSize=1', { cookie: adaCookie });
    for (const q of ['%', '_', 'codebuild%']) {
      const found = await http(base, 'GET', `/api/questions?pageSize=1&q=${encodeURIComponent(q)}`, { cookie: adaCookie });
      report(`search: q=${q}`, `${found.body.total} of ${all.body.total} questions`);
    }
    const own = await http(base, 'POST', '/api/questions/import', {
      cookie: adaCookie,
      body: { domain: 'sdlc', questions: [{ id: 'sdlc.codebuild.private-ada-1', topic: 'sdlc.codebuild', type: 'single', prompt: 'Ada private question about CodeBuild?', options: ['A', 'B', 'C', 'D'], answer: [1], explanation: 'Because CodeBuild runs the build.', difficulty: 2, timeLimitSec: 30 }] },
    });
    const bobCookie = (await login(base, await account('bob'), PASSWORD, '198.51.100.40')).cookie!;
    const importAs = (id: string) =>
      http(base, 'POST', '/api/questions/import', {
        cookie: bobCookie,
        body: { domain: 'sdlc', questions: [{ id, topic: 'sdlc.codebuild', type: 'single', prompt: `Bob's question about CodeBuild ${id}?`, options: ['A', 'B', 'C', 'D'], answer: [0], explanation: 'Because CodeBuild runs the build.', difficulty: 2, timeLimitSec: 30 }] },
      });
    const overAdas = await importAs('sdlc.codebuild.private-ada-1');
    const overNone = await importAs('sdlc.codebuild.nobody-has-1');
    report(`import: Ada's own import ${own.status}; Bob imports Ada's id`, `${overAdas.status} ${JSON.stringify(overAdas.body)}`);
    report('import: Bob imports an id nobody has', `${overNone.status} ${JSON.stringify(overNone.body)}`);

    // 7. Errors: /healthz, and the database down.
    report('health: /healthz with everything up', JSON.stringify((await http(base, 'GET', '/healthz')).body));
    const reconnecting = await login(base, hostEmail, PASSWORD, '198.51.100.31');
    await db.$disconnect();
    await pool.end();
    await postgres.stop();
    const down = await http(base, 'GET', '/healthz');
    report('database down: /healthz', `${down.status} ${JSON.stringify(down.body)}`);
    const loginDown = await login(base, 'ada@school.test', PASSWORD, '198.51.100.50');
    report('database down: POST /api/auth/login', `${loginDown.status} ${JSON.stringify(loginDown.body)}`);
    const meDown = await http(base, 'GET', '/api/me', { cookie: adaCookie });
    report('database down: GET /api/me with a session', `${meDown.status} ${JSON.stringify(meDown.body)}`);
    const handshake = await connected(`${base}/host`, { cookie: reconnecting.cookie! }).then((s) => (sockets.push(s), 'connected'), (e: Error) => `refused ${e.message}`);
    report('database down: a reconnecting host (valid session)', handshake);
    postgres = await startEmbeddedPostgres(path.join(dir, 'pg'), { port: postgres.port });
    for (let i = 0; i < 40 && (await http(base, 'GET', '/healthz')).status !== 200; i++) await sleep(250);
    report('database back: /healthz', JSON.stringify((await http(base, 'GET', '/healthz')).body));
    await server.stop();

    // 8. Redis mode: /healthz while Redis is down.
    const redisPort = await freePort();
    redis = await startRedis(redisPort);
    const clustered = await startServer({ DATABASE_URL: databaseUrl, REDIS_URL: `redis://127.0.0.1:${redisPort}`, SEED_ON_START: 'false' });
    servers.push(clustered);
    report('redis mode: /healthz with Redis up', `${(await http(clustered.url, 'GET', '/healthz')).status} ${JSON.stringify((await http(clustered.url, 'GET', '/healthz')).body)}`);
    const exited = new Promise((resolve) => redis!.once('exit', resolve));
    redis.kill('SIGKILL');
    await exited;
    redis = undefined;
    await sleep(500);
    const redisDown = await http(clustered.url, 'GET', '/healthz');
    report('redis mode: /healthz with Redis killed', `${redisDown.status} ${JSON.stringify(redisDown.body)}`);
    const gameDown = await http(clustered.url, 'POST', '/api/games', { cookie: adaCookie, body: { quizId: nickQuiz.body.id } });
    report('redis mode: POST /api/games with Redis killed', `${gameDown.status} ${JSON.stringify(gameDown.body)}`);
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const server of servers) await server.stop().catch(() => undefined);
    redis?.kill('SIGKILL');
    await postgres.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
