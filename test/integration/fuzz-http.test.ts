import fc from 'fast-check';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ex from '../../server/src/http/examples.ts';
import { API_ROUTES } from '../../server/src/http/openapi.ts';
import type { RouteSpec } from '../../server/src/http/route-spec.ts';
import { expectBesideGameUnaffected, openBesideGame, type BesideGame } from '../support/beside-game.ts';
import { assertQuietly, FUZZ_SEED, hugeString, junk, nastyNumber, nastyString, nearRecord } from '../support/fuzz-arbitraries.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';
import { documentedCodes, HTTP_ERROR_STATUS, rawRequest, type RawResponse } from '../support/raw-http.ts';

/**
 * Random and malformed requests to every HTTP route (the route tables the OpenAPI document is made
 * from, so a new route is fuzzed as soon as it is documented): bodies near the valid shape and pure
 * junk, malformed JSON, wrong content types and encodings, query strings, path parameters (real
 * ids, raw text, broken percent-encoding and dot segments), with and without an instructor session
 * or a student token.
 *
 * Every answer is 2xx or 4xx, never 5xx; every 4xx is `{error: {code, message}}` as JSON with a
 * code of the API and the status that code always has, and on a documented route a code that
 * /api/openapi.json lists for that route (a malformed path parameter included). A real game
 * plays beside the fuzz and finishes with the planned scores.
 */

const NUM_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 350);
const BATCH = 4;

/** encodeURIComponent that also takes lone surrogates (as %ED%A0%80, which is not valid UTF-8). */
function enc(text: string): string {
  return Array.from(text, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}

type Route = { method: string; path: string; caller: RouteSpec['caller']; anonymous?: boolean };

const settings = nearRecord({ streakBonus: fc.boolean(), accuracyOnly: fc.boolean(), podiumSize: fc.constantFrom(3, 4, 5, 6, 0), showLeaderboard: fc.boolean() });
const difficulty = nearRecord({ min: fc.integer({ min: 0, max: 4 }), max: fc.integer({ min: 0, max: 4 }) });
const title = fc.oneof(nastyString, fc.string({ minLength: 1, maxLength: 120 }), hugeString(2_000));
const timeLimit = fc.oneof(fc.integer({ min: 0, max: 300 }), nastyNumber);
const questionId = fc.oneof(fc.constantFrom('sdlc.codebuild.001', 'sdlc.codebuild.002', 'OWN_QUESTION', 'sdlc.nope.001'), nastyString);
const topicId = fc.oneof(fc.constantFrom('sdlc.codebuild', 'sdlc.codecommit', 'config.nope'), nastyString);
const question = nearRecord({
  topic: topicId,
  type: fc.oneof(fc.constantFrom('single', 'multiple', 'truefalse', 'SINGLE'), nastyString),
  prompt: fc.oneof(nastyString, hugeString(20_000)),
  options: fc.oneof(fc.array(nastyString, { maxLength: 8 }), junk),
  answer: fc.oneof(fc.array(fc.integer({ min: -1, max: 9 }), { maxLength: 5 }), junk),
  explanation: fc.oneof(nastyString, hugeString(20_000)),
  difficulty: fc.oneof(fc.integer({ min: 0, max: 4 }), nastyNumber),
  timeLimitSec: timeLimit,
});
const quizBody = nearRecord({
  title,
  shuffleOptions: fc.oneof(fc.boolean(), junk),
  questions: fc.oneof(
    fc.array(nearRecord({ questionId, timeLimitSec: timeLimit, doublePoints: fc.boolean() }), { maxLength: 5 }),
    fc.array(fc.constant({ questionId: 'sdlc.codebuild.001' }), { minLength: 101, maxLength: 120 }),
    junk,
  ),
});
const blueprint = nearRecord({
  title,
  domains: fc.oneof(fc.array(fc.oneof(fc.constantFrom('sdlc', 'config', 'resilience'), nastyString), { maxLength: 9 }), junk),
  topics: fc.oneof(fc.array(topicId, { maxLength: 5 }), junk),
  types: fc.oneof(fc.array(fc.constantFrom('single', 'multiple', 'truefalse', 'x'), { maxLength: 4 }), junk),
  difficulty,
  count: fc.oneof(fc.integer({ min: -1, max: 120 }), nastyNumber),
  timeLimitSec: timeLimit,
});
const uuidish = fc.oneof(fc.constantFrom('OWN_QUIZ', 'BESIDE_QUIZ', 'BESIDE_GAME'), fc.uuid(), nastyString);

/**
 * Bodies written near the valid shape where the fields' values matter; every other route's body is
 * drawn near its documented example (\`nearExample\`), so a new route is fuzzed without a line here.
 */
const BODIES: Record<string, fc.Arbitrary<unknown>> = {
  'POST /api/auth/setup': nearRecord({ email: fc.oneof(fc.emailAddress(), nastyString), name: title, password: fc.oneof(nastyString, hugeString(5_000)) }),
  'POST /api/auth/register': nearRecord({ email: fc.emailAddress(), name: title, password: nastyString }),
  'POST /api/auth/login': nearRecord({ email: fc.oneof(fc.emailAddress(), nastyString, hugeString(5_000)), password: fc.oneof(nastyString, hugeString(100_000)) }),
  // Never the example's password: a change would only test the password, and end nothing else.
  'POST /api/auth/password': nearRecord({ currentPassword: fc.oneof(nastyString, hugeString(5_000)), newPassword: fc.oneof(nastyString, hugeString(5_000)) }),
  'POST /api/auth/links/:token': nearRecord({ name: title, password: nastyString }),
  'POST /api/admin/invites': nearRecord({ email: fc.oneof(fc.emailAddress(), nastyString) }),
  'POST /api/questions/import': nearRecord({ domain: fc.oneof(fc.constantFrom('sdlc', 'config'), nastyString), questions: fc.oneof(fc.array(nearRecord({ id: questionId }).chain((id) => question.map((q) => ({ ...id, ...q }))), { maxLength: 4 }), junk) }),
  'POST /api/questions': question,
  'PATCH /api/questions/:id': question,
  'POST /api/quizzes': quizBody,
  'PUT /api/quizzes/:id': quizBody,
  'POST /api/quizzes/blueprint': blueprint,
  'POST /api/quizzes/exam-mix': nearRecord({ title, count: fc.oneof(fc.integer({ min: 0, max: 120 }), nastyNumber), difficulty, timeLimitSec: timeLimit }),
  'POST /api/games': fc.oneof(nearRecord({ quizId: uuidish, settings }), nearRecord({ blueprint, settings }), nearRecord({ quizId: uuidish, class: nearRecord({ id: fc.constantFrom('REAL_CLASS'), guests: fc.constantFrom('admit', 'refuse'), renaming: fc.boolean() }) })),
  'POST /api/analytics/review': nearRecord({ topics: fc.oneof(fc.array(topicId, { maxLength: 4 }), junk), gameId: uuidish, count: fc.oneof(fc.integer({ min: 0, max: 120 }), nastyNumber), title, settings }),
};

/**
 * Routes sent without the fuzzer's credentials: with them they would end the instructor session
 * or the student identity the rest of the fuzz uses (or only ever test sign-in).
 */
const ANONYMOUS = new Set(['POST /api/auth/setup', 'POST /api/auth/register', 'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/logout-everywhere', 'POST /api/auth/links/:token', 'POST /api/student/logout']);

/** Extra query keys a route does not document (it must ignore them or refuse them cleanly). */
const EXTRA_QUERY: Record<string, string[]> = { 'GET /healthz': ['verbose'] };

/** Text standing for ids the fuzz creates before it starts (replaced in paths and bodies). */
const REAL = /OWN_QUESTION|OWN_QUIZ|BESIDE_QUIZ|BESIDE_GAME|REAL_CLASS|REAL_MEMBER|REAL_ASSIGNMENT|REAL_ATTEMPT|REAL_INVITE/g;
/** The documented examples' ids stand for the real ones too, so an example body reaches real rows. */
const EXAMPLE_IDS: Record<string, string> = { [ex.IDS.quiz]: 'OWN_QUIZ', [ex.IDS.game]: 'BESIDE_GAME', [ex.IDS.class]: 'REAL_CLASS', [ex.IDS.member]: 'REAL_MEMBER', [ex.IDS.assignment]: 'REAL_ASSIGNMENT', [ex.IDS.attempt]: 'REAL_ATTEMPT' };

const EXAMPLE_ID = new RegExp(Object.keys(EXAMPLE_IDS).join('|'), 'g');

/**
 * Well-formed values of a path parameter, real ones first (\`REAL\`): by name, and for \`:id\` and
 * \`:token\` by the collection the path names. Undefined for a parameter nobody described: a test
 * below asks for a line here.
 */
function realValues(path: string, name: string): string[] | undefined {
  const collection = path.split('/')[2];
  if (name === 'memberId') return ['REAL_MEMBER'];
  if (name === 'assignmentId') return ['REAL_ASSIGNMENT'];
  if (name === 'attemptId') return ['REAL_ATTEMPT'];
  if (name === 'position') return ['0', '1', '999', '1000', '-1'];
  if (name === 'token') return collection === 'student' ? ['REAL_INVITE', 'A'.repeat(22)] : ['x'.repeat(43)];
  if (name !== 'id') return undefined;
  const byCollection: Record<string, string[]> = {
    classes: ['REAL_CLASS'],
    quizzes: ['OWN_QUIZ', 'BESIDE_QUIZ'],
    games: ['BESIDE_GAME'],
    questions: ['OWN_QUESTION', 'sdlc.codebuild.001', 'sdlc.codebuild.002', 'sdlc.nope.001'],
    domains: ['sdlc', 'config', 'nope'],
    auth: ['00000000-0000-4000-8000-000000000000'],
    admin: ['00000000-0000-4000-8000-000000000000'],
  };
  return collection === undefined ? undefined : byCollection[collection];
}

/** A body near a documented example: each field the example's value, junk, or missing; nested records alike. */
function nearExample(example: unknown): fc.Arbitrary<unknown> {
  if (example === null || typeof example !== 'object' || Array.isArray(example) || example instanceof Date) return fc.oneof({ arbitrary: fc.constant(example), weight: 3 }, { arbitrary: junk, weight: 1 });
  return nearRecord(Object.fromEntries(Object.entries(example).map(([key, value]) => [key, nearExample(value)])));
}

const keyOf = (spec: Pick<RouteSpec, 'method' | 'path'>) => `${spec.method.toUpperCase()} ${spec.path}`;

/** Every documented route (the OpenAPI document's tables), with its parameters, query keys and body. */
const ROUTES = API_ROUTES.map((spec) => {
  const key = keyOf(spec);
  const params = spec.params ? Object.keys(spec.params.shape) : [];
  return {
    route: { method: spec.method.toUpperCase(), path: spec.path, caller: spec.caller, anonymous: ANONYMOUS.has(key) } satisfies Route,
    params,
    query: [...(spec.query ? Object.keys(spec.query.shape) : []), ...(EXTRA_QUERY[key] ?? [])],
    body: BODIES[key] ?? (spec.body ? nearExample(spec.body.example) : undefined),
  };
});

/** Path segments: real ids, random text (encoded), and raw strings that are not valid URL encoding. */
const segment = (values: string[]) =>
  fc.oneof(
    { arbitrary: fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 3 }, { arbitrary: uuidish, weight: 1 }), weight: 5 },
    { arbitrary: nastyString.filter((s) => s.length > 0).map(enc), weight: 3 },
    { arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '..', '.', '%2e%2e', '%2F..%2F', 'a;b', '%FF%FE', '%uD800', '~', "'", '"', '<x>'), weight: 2 },
    { arbitrary: hugeString(3_000).map(enc), weight: 1 },
  );

const queryString = (keys: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...(keys.length ? keys : ['x'])), fc.constantFrom('a[b]', 'a[]', '__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]'), nastyString),
        fc.oneof(nastyString, fc.constantFrom('json', 'csv', 'students', 'questions', 'mine', 'seed', 'all', 'true', '1', '0', '-1', '999999999999', '2026-01-01', '2026-13-45', 'single', 'sdlc', 'live', 'assignment,simulation', 'live,nope', 'live,'), hugeString(1_000)),
        fc.boolean(),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.map(([k, v, raw]) => (raw ? rawish(`${k}=${v}`) : `${enc(k)}=${enc(v)}`)).join('&'));

/** Leaves `%`, brackets and quotes raw (broken escapes reach the server) but escapes what HTTP cannot carry. */
function rawish(text: string): string {
  return Array.from(text, (ch) => {
    if (/^[\x21-\x7e]$/.test(ch) && ch !== '#') return ch;
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80'; // a lone surrogate
    }
  }).join('');
}

type Body = { contentType?: string; encoding?: string; body?: string | Buffer };
const bodyFor = (near: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<Body> =>
  fc.oneof(
    { arbitrary: (near ?? junk).map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) ?? 'null' })), weight: 8 },
    { arbitrary: junk.map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) ?? '' })), weight: 2 },
    {
      arbitrary: fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"a":1}}', "{'a':1}", '\u0000', ' ', '{"__proto__":{"polluted":1}}', 'NaN', '1e99999', '"\\ud800"', '{"a":"\\x"}', '\uFEFF{}', '').map((text): Body => ({ contentType: 'application/json', body: text })),
      weight: 3,
    },
    {
      arbitrary: fc.constantFrom(
        { contentType: 'text/plain', body: '{"title":"x"}' },
        { contentType: 'application/x-www-form-urlencoded', body: 'title=x&questions[0][questionId]=sdlc.codebuild.001&__proto__[polluted]=1' },
        { contentType: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--xyz--' },
        { contentType: 'application/json; charset=utf-16', body: '{}' },
        { contentType: 'application/json; charset=latin1', body: '{}' },
        { contentType: 'application/json', encoding: 'gzip', body: '{}' },
        { contentType: 'application/json', encoding: 'br', body: '{}' },
        { contentType: 'application/json', encoding: 'x-nope', body: '{}' },
        { contentType: 'application/xml', body: '<a/>' },
        { contentType: 'application/vnd.api+json', body: '{}' },
        { contentType: '', body: '{}' },
        { contentType: 'application/json', body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]) },
        {},
      ) as fc.Arbitrary<Body>,
      weight: 3,
    },
    { arbitrary: hugeString(400_000).map((s) => ({ contentType: 'application/json', body: JSON.stringify({ title: s, prompt: s.slice(0, 1000) }) })), weight: 1 },
  );

const request = fc.oneof(
  ...ROUTES.map(({ route, params, query, body }) =>
    fc.record({
      route: fc.constant(route),
      params: fc.tuple(...params.map((name) => segment(realValues(route.path, name) ?? []))),
      query: query.length ? fc.option(queryString(query), { freq: 3 }) : fc.option(queryString([]), { freq: 6 }),
      body: route.method === 'GET' || route.method === 'DELETE' ? fc.option(bodyFor(body), { freq: 6 }) : bodyFor(body),
      session: fc.constantFrom<'fuzzer' | 'none' | 'forged'>('fuzzer', 'fuzzer', 'fuzzer', 'fuzzer', 'none', 'forged'),
    }),
  ),
  // Methods and paths nobody serves.
  fc.record({
    route: fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), fc.oneof(nastyString.map(enc), fc.constantFrom('domains', 'auth', 'quizzes/x/y', 'games/live/x', 'questions/a/b/c', 'student/attempts', 'classes/x/y/z/w'))).map(([method, rest]): Route => ({ method, path: `/api/${rest}`, caller: 'anyone' })),
    params: fc.constant([] as string[]),
    query: fc.constant(null),
    body: fc.option(bodyFor(undefined)),
    session: fc.constant<'fuzzer'>('fuzzer'),
  }),
);

describe('fuzzing the HTTP API', () => {
  let server: LiveServer;
  let beside: BesideGame;
  let fuzzer: Awaited<ReturnType<LiveServer['instructor']>>;
  let studentToken: string;
  const ids: Record<string, string> = {};
  const seen: { status: number; code?: string; route: string }[] = [];

  beforeAll(async () => {
    server = await startLiveServer();
    beside = await openBesideGame(server);
    fuzzer = await server.instructor();
    ids.OWN_QUESTION = (await fuzzer.agent.post('/api/questions/sdlc.codebuild.001/copy').expect(201)).body.id;
    ids.OWN_QUIZ = (await fuzzer.agent.post('/api/quizzes').send({ title: 'Mine', questions: [{ questionId: 'sdlc.codebuild.001' }, { questionId: 'sdlc.codebuild.002' }] }).expect(201)).body.id;
    ids.BESIDE_QUIZ = beside.quizId;
    ids.BESIDE_GAME = beside.gameId;
    // A class with a roster member, a student who joined by its link, an assignment and the student's attempt.
    const created = (await fuzzer.agent.post('/api/classes').send({ name: 'Fuzzed class', selfSimulations: true }).expect(201)).body as { id: string; inviteUrl: string };
    ids.REAL_CLASS = created.id;
    ids.REAL_INVITE = created.inviteUrl.split('/c/')[1]!;
    ids.REAL_MEMBER = (await fuzzer.agent.post(`/api/classes/${created.id}/members`).send({ name: 'Rosa' }).expect(201)).body.id;
    studentToken = (await supertest(server.url).post(`/api/student/invite/${ids.REAL_INVITE}/join`).send({ name: 'Sam' }).expect(201)).body.token;
    ids.REAL_ASSIGNMENT = (await fuzzer.agent.post(`/api/classes/${created.id}/assignments`).send({ title: 'Fuzzed homework', source: { kind: 'quiz', quizId: ids.OWN_QUIZ }, feedback: 'each' }).expect(201)).body.id;
    ids.REAL_ATTEMPT = (await supertest(server.url).post(`/api/student/assignments/${ids.REAL_ASSIGNMENT}/attempt`).set('Authorization', `Bearer ${studentToken}`).expect(201)).body.id;
  }, 60_000);
  afterAll(() => server?.close());
  afterAll(() => {
    if (!process.env.FUZZ_STATS) return;
    const counts = new Map<string, number>();
    for (const { status, code, route } of seen) {
      const key = process.env.FUZZ_STATS === 'routes' ? `${route} ${status} ${code ?? ''}` : `${status} ${code ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    console.log([...counts].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  });

  const substitute = (text: string) => text.replace(EXAMPLE_ID, (id) => EXAMPLE_IDS[id]!).replace(REAL, (name) => ids[name]!);

  it('has well-formed values for every path parameter of every documented route', () => {
    const missing = ROUTES.flatMap(({ route, params }) => params.filter((name) => !realValues(route.path, name)?.length).map((name) => `${route.method} ${route.path} :${name}`));
    expect(missing, 'add the parameter to realValues()').toEqual([]);
    expect(ROUTES.length).toBe(API_ROUTES.length);
  });

  function judge(route: Route, path: string, headers: Record<string, string>, res: RawResponse) {
    const { method } = route;
    const template = `${method} ${route.path}`;
    const context = `${method} ${path.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, context).toBeGreaterThanOrEqual(200);
    expect(res.status, context).toBeLessThan(500);
    expect(res.status < 300 || res.status >= 400, context).toBe(true);
    if (res.status < 400) return void seen.push({ status: res.status, route: template });
    if (res.status === 431) {
      // Node's HTTP parser refuses a request line + headers (here: a forged cookie) over 16 KiB before Express sees it.
      const headerBytes = path.length + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
      expect(headerBytes, context).toBeGreaterThan(16 * 1024);
    }
    expect(String(res.headers['content-type']), context).toMatch(/^application\/json/);
    expect(res.json, context).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    const code = res.json.error.code as string;
    expect(Object.keys(HTTP_ERROR_STATUS), context).toContain(code);
    const status = HTTP_ERROR_STATUS[code];
    if (status !== 'any4xx') expect(res.status, context).toBe(status);
    // A documented route answers only with the codes /api/openapi.json lists for it.
    const documented = documentedCodes(method, path);
    if (documented) expect([...documented], context).toContain(code);
    seen.push({ status: res.status, code, route: template });
  }

  it(`answers ${NUM_RUNS * BATCH} random requests to every route with 2xx or a stable 4xx error; the game beside finishes as planned`, async () => {
    const fuzz = assertQuietly(fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(
          batch.map(async ({ route, params, query, body, session }) => {
            let index = 0;
            const path = rawish(substitute(route.path.replace(/:\w+/g, () => params[index++]!) + (query ? `?${query}` : '')));
            const headers: Record<string, string> = {};
            if (route.caller === 'student') {
              if (!route.anonymous && session === 'fuzzer') headers.authorization = `Bearer ${studentToken}`;
              if (session === 'forged') headers.authorization = `Bearer ${enc('forged-' + (params[0] ?? 'token'))}`;
            } else {
              if (!route.anonymous && session === 'fuzzer') headers.cookie = fuzzer.cookie;
              if (session === 'forged') headers.cookie = `quiz_session=${enc('forged-' + (params[0] ?? 'session'))}`;
            }
            if (body?.contentType) headers['content-type'] = body.contentType;
            if (body?.encoding) headers['content-encoding'] = body.encoding;
            const payload = typeof body?.body === 'string' ? substitute(body.body) : body?.body;
            const res = await rawRequest(server.url, { method: route.method, path, headers, body: payload });
            judge(route, path, headers, res);
          }),
        );
      }),
      { seed: FUZZ_SEED, numRuns: NUM_RUNS, endOnFailure: true },
    ));
    const podium = beside.play(60);
    await Promise.all([fuzz, podium]);
    await expectBesideGameUnaffected(beside, await podium);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Every documented route was fuzzed, and the fuzz reached past the validation into the use cases.
    const fuzzed = new Set(seen.map((s) => s.route));
    expect(API_ROUTES.map(keyOf).filter((route) => !fuzzed.has(route)), 'routes the fuzz never sent').toEqual([]);
    const statuses = new Set(seen.map((s) => s.status));
    for (const status of [200, 400, 401, 404]) expect(statuses, `never saw ${status}`).toContain(status);
    const codes = new Set(seen.map((s) => s.code));
    for (const code of ['VALIDATION_FAILED', 'INVALID_JSON', 'UNAUTHENTICATED', 'STUDENT_UNKNOWN', 'NOT_FOUND', 'QUIZ_NOT_FOUND', 'CLASS_NOT_FOUND', 'IMPORT_INVALID']) expect(codes, `never saw ${code}`).toContain(code);
    // Past validation on the newer routes too: class, student and assignment routes answered 2xx.
    const answered = new Set(seen.filter((s) => s.status < 300).map((s) => s.route));
    for (const prefix of ['GET /api/classes/:id', 'POST /api/classes/:id/', 'GET /api/student/', 'POST /api/student/']) {
      expect([...answered].some((route) => route.startsWith(prefix)), `no 2xx from ${prefix}…`).toBe(true);
    }
    // The fuzzing instructor's session survived (logout was only ever sent without it).
    expect((await fuzzer.agent.get('/api/me')).status).toBe(200);
    expect((await rawRequest(server.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  }, 240_000);
});
