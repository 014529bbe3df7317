import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBesideGameUnaffected, openBesideGame, type BesideGame } from '../support/beside-game.ts';
import { assertQuietly, FUZZ_SEED, hugeString, junk, nastyNumber, nastyString, nearRecord } from '../support/fuzz-arbitraries.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';
import { documentedCodes, HTTP_ERROR_STATUS, rawRequest, type RawResponse } from '../support/raw-http.ts';

/**
 * Random and malformed requests to every HTTP route: bodies near the valid shape and pure junk,
 * malformed JSON, wrong content types and encodings, query strings, path parameters (raw, with
 * broken percent-encoding and dot segments), with and without an instructor session.
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

type Route = { method: string; path: string; anonymous?: boolean; body?: fc.Arbitrary<unknown>; query?: string[] };

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

const ROUTES: Route[] = [
  { method: 'GET', path: '/healthz', query: ['verbose'] },
  { method: 'GET', path: '/api/domains' },
  { method: 'GET', path: '/api/domains/:id/topics' },
  { method: 'GET', path: '/api/auth/status' },
  { method: 'POST', path: '/api/auth/setup', anonymous: true, body: nearRecord({ email: fc.oneof(fc.emailAddress(), nastyString), name: title, password: fc.oneof(nastyString, hugeString(5_000)) }) },
  { method: 'POST', path: '/api/auth/register', anonymous: true, body: nearRecord({ email: fc.emailAddress(), name: title, password: nastyString }) },
  { method: 'POST', path: '/api/auth/login', anonymous: true, body: nearRecord({ email: fc.oneof(fc.emailAddress(), nastyString, hugeString(5_000)), password: fc.oneof(nastyString, hugeString(100_000)) }) },
  { method: 'POST', path: '/api/auth/logout', anonymous: true, body: junk },
  { method: 'GET', path: '/api/me' },
  { method: 'POST', path: '/api/auth/password', body: nearRecord({ currentPassword: fc.oneof(nastyString, hugeString(5_000)), newPassword: fc.oneof(nastyString, hugeString(5_000)) }) },
  { method: 'GET', path: '/api/auth/sessions' },
  { method: 'DELETE', path: '/api/auth/sessions/:uuid' },
  // Anonymous: with the fuzzer's session it would end that session, and the rest would only test sign-in.
  { method: 'POST', path: '/api/auth/logout-everywhere', anonymous: true, body: junk },
  { method: 'GET', path: '/api/auth/links/:id' },
  { method: 'POST', path: '/api/auth/links/:id', anonymous: true, body: nearRecord({ name: title, password: nastyString }) },
  { method: 'GET', path: '/api/admin/instructors' },
  { method: 'POST', path: '/api/admin/invites', body: nearRecord({ email: fc.oneof(fc.emailAddress(), nastyString) }) },
  { method: 'POST', path: '/api/admin/instructors/:uuid/disable', body: junk },
  { method: 'POST', path: '/api/admin/instructors/:uuid/enable', body: junk },
  { method: 'POST', path: '/api/admin/instructors/:uuid/reset-password', body: junk },
  { method: 'GET', path: '/api/questions', query: ['domain', 'topic', 'type', 'difficulty', 'q', 'source', 'archived', 'page', 'pageSize'] },
  { method: 'GET', path: '/api/questions/export', query: ['domain', 'source'] },
  {
    method: 'POST',
    path: '/api/questions/import',
    body: nearRecord({ domain: fc.oneof(fc.constantFrom('sdlc', 'config'), nastyString), questions: fc.oneof(fc.array(nearRecord({ id: questionId }).chain((id) => question.map((q) => ({ ...id, ...q }))), { maxLength: 4 }), junk) }),
  },
  { method: 'POST', path: '/api/questions', body: question },
  { method: 'GET', path: '/api/questions/:qid' },
  { method: 'PATCH', path: '/api/questions/:qid', body: question },
  { method: 'POST', path: '/api/questions/:qid/archive', body: junk },
  { method: 'POST', path: '/api/questions/:qid/restore', body: junk },
  { method: 'POST', path: '/api/questions/:qid/copy', body: junk },
  { method: 'GET', path: '/api/quizzes' },
  { method: 'POST', path: '/api/quizzes', body: quizBody },
  { method: 'POST', path: '/api/quizzes/blueprint', body: blueprint },
  { method: 'POST', path: '/api/quizzes/exam-mix', body: nearRecord({ title, count: fc.oneof(fc.integer({ min: 0, max: 120 }), nastyNumber), difficulty, timeLimitSec: timeLimit }) },
  { method: 'GET', path: '/api/quizzes/:uuid' },
  { method: 'PUT', path: '/api/quizzes/:uuid', body: quizBody },
  { method: 'DELETE', path: '/api/quizzes/:uuid' },
  { method: 'POST', path: '/api/games', body: fc.oneof(nearRecord({ quizId: uuidish, settings }), nearRecord({ blueprint, settings })) },
  { method: 'GET', path: '/api/games/live' },
  { method: 'GET', path: '/api/games' },
  { method: 'GET', path: '/api/games/:uuid' },
  { method: 'GET', path: '/api/games/:uuid/report', query: ['format', 'table'] },
  { method: 'GET', path: '/api/analytics/topics', query: ['from', 'to', 'format'] },
  { method: 'POST', path: '/api/analytics/review', body: nearRecord({ topics: fc.oneof(fc.array(topicId, { maxLength: 4 }), junk), gameId: uuidish, count: fc.oneof(fc.integer({ min: 0, max: 120 }), nastyNumber), title, settings }) },
];

/** Path segments: real ids, random text (encoded), and raw strings that are not valid URL encoding. */
const segment = (kind: 'id' | 'qid' | 'uuid') =>
  fc.oneof(
    { arbitrary: kind === 'qid' ? questionId : kind === 'uuid' ? uuidish : fc.constantFrom('sdlc', 'config', 'nope'), weight: 4 },
    { arbitrary: nastyString.filter((s) => s.length > 0).map(enc), weight: 3 },
    { arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '..', '.', '%2e%2e', '%2F..%2F', 'a;b', '%FF%FE', '%uD800', '~', "'", '"', '<x>'), weight: 2 },
    { arbitrary: hugeString(3_000).map(enc), weight: 1 },
  );

const queryString = (keys: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...(keys.length ? keys : ['x'])), fc.constantFrom('a[b]', 'a[]', '__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]'), nastyString),
        fc.oneof(nastyString, fc.constantFrom('json', 'csv', 'students', 'questions', 'mine', 'seed', 'all', 'true', '1', '0', '-1', '999999999999', '2026-01-01', '2026-13-45', 'single', 'sdlc'), hugeString(1_000)),
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
const bodyFor = (route: Route): fc.Arbitrary<Body> =>
  fc.oneof(
    { arbitrary: (route.body ?? junk).map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) ?? 'null' })), weight: 8 },
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
  ...ROUTES.map((route) =>
    fc.record({
      route: fc.constant({ method: route.method, path: route.path, anonymous: route.anonymous } as Route),
      params: fc.tuple(segment('id'), segment('qid'), segment('uuid')),
      query: route.query ? fc.option(queryString(route.query), { freq: 3 }) : fc.option(queryString([]), { freq: 6 }),
      body: route.method === 'GET' || route.method === 'DELETE' ? fc.option(bodyFor(route), { freq: 6 }) : bodyFor(route),
      session: fc.constantFrom<'fuzzer' | 'none' | 'forged'>('fuzzer', 'fuzzer', 'fuzzer', 'fuzzer', 'none', 'forged'),
    }),
  ),
  // Methods and paths nobody serves.
  fc.record({
    route: fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), fc.oneof(nastyString.map(enc), fc.constantFrom('domains', 'auth', 'quizzes/x/y', 'games/live/x', 'questions/a/b/c'))).map(([method, rest]): Route => ({ method, path: `/api/${rest}` })),
    params: fc.constant(['', '', ''] as [string, string, string]),
    query: fc.constant(null),
    body: fc.option(bodyFor({ method: 'POST', path: '' })),
    session: fc.constant<'fuzzer'>('fuzzer'),
  }),
);

describe('fuzzing the HTTP API', () => {
  let server: LiveServer;
  let beside: BesideGame;
  let fuzzer: Awaited<ReturnType<LiveServer['instructor']>>;
  const ids: Record<string, string> = {};
  const seen: { status: number; code?: string; method: string; path: string }[] = [];

  beforeAll(async () => {
    server = await startLiveServer();
    beside = await openBesideGame(server);
    fuzzer = await server.instructor();
    ids.OWN_QUESTION = (await fuzzer.agent.post('/api/questions/sdlc.codebuild.001/copy').expect(201)).body.id;
    ids.OWN_QUIZ = (await fuzzer.agent.post('/api/quizzes').send({ title: 'Mine', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201)).body.id;
    ids.BESIDE_QUIZ = beside.quizId;
    ids.BESIDE_GAME = beside.gameId;
  }, 60_000);
  afterAll(() => server?.close());
  afterAll(() => {
    if (!process.env.FUZZ_STATS) return;
    const counts = new Map<string, number>();
    for (const { status, code } of seen) counts.set(`${status} ${code ?? ''}`, (counts.get(`${status} ${code ?? ''}`) ?? 0) + 1);
    console.log([...counts].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  });

  const substitute = (text: string) => text.replace(/OWN_QUESTION|OWN_QUIZ|BESIDE_QUIZ|BESIDE_GAME/g, (name) => ids[name]!);

  function judge(method: string, path: string, headers: Record<string, string>, res: RawResponse) {
    const context = `${method} ${path.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, context).toBeGreaterThanOrEqual(200);
    expect(res.status, context).toBeLessThan(500);
    expect(res.status < 300 || res.status >= 400, context).toBe(true);
    if (res.status < 400) return void seen.push({ status: res.status, method, path });
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
    seen.push({ status: res.status, code, method, path });
  }

  it(`answers ${NUM_RUNS * BATCH} random requests with 2xx or a stable 4xx error; the game beside finishes as planned`, async () => {
    const fuzz = assertQuietly(fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(
          batch.map(async ({ route, params, query, body, session }) => {
            const path = rawish(substitute(
              route.path.replace(':id', params[0]).replace(':qid', params[1]).replace(':uuid', params[2]) + (query ? `?${query}` : ''),
            ));
            const headers: Record<string, string> = {};
            if (!route.anonymous && session === 'fuzzer') headers.cookie = fuzzer.cookie;
            if (session === 'forged') headers.cookie = `quiz_session=${enc('forged-' + params[1])}`;
            if (body?.contentType) headers['content-type'] = body.contentType;
            if (body?.encoding) headers['content-encoding'] = body.encoding;
            const payload = typeof body?.body === 'string' ? substitute(body.body) : body?.body;
            const res = await rawRequest(server.url, { method: route.method, path, headers, body: payload });
            judge(route.method, path, headers, res);
          }),
        );
      }),
      { seed: FUZZ_SEED, numRuns: NUM_RUNS, endOnFailure: true },
    ));
    const podium = beside.play(60);
    await Promise.all([fuzz, podium]);
    await expectBesideGameUnaffected(beside, await podium);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The fuzz reached past the validation into the use cases.
    const statuses = new Set(seen.map((s) => s.status));
    for (const status of [200, 400, 401, 404]) expect(statuses, `never saw ${status}`).toContain(status);
    const codes = new Set(seen.map((s) => s.code));
    for (const code of ['VALIDATION_FAILED', 'INVALID_JSON', 'UNAUTHENTICATED', 'NOT_FOUND', 'QUIZ_NOT_FOUND', 'IMPORT_INVALID']) expect(codes, `never saw ${code}`).toContain(code);
    // The fuzzing instructor's session survived (logout was only ever sent without it).
    expect((await fuzzer.agent.get('/api/me')).status).toBe(200);
    expect((await rawRequest(server.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  }, 180_000);
});
