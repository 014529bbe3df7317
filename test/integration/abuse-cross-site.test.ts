import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_PAYLOADS } from '../../server/src/protocol.ts';
import { bankRow } from '../support/bank-fixtures.ts';
import { PASSWORD } from '../support/http.ts';
import { call, startLiveServer, type LiveServer } from '../support/live-server.ts';
import { rawRequest } from '../support/raw-http.ts';

/**
 * Cross-site abuse: a page on another site cannot make a signed-in instructor's browser change
 * anything (every state-changing route answers 403 CROSS_SITE_REQUEST and writes nothing), cannot
 * open the /host socket with the instructor's cookie (the same rule: WebSocket and long-polling), and students cannot drive a room with host
 * events (live-refusals.test.ts tried host:next and host:kick; here every host event, also from a
 * /play socket that carries an instructor cookie).
 */

const own = (n: number, extra: Record<string, unknown> = {}) =>
  bankRow({ id: `sdlc.codebuild.x${String(n).padStart(2, '0')}`, prompt: `Cross-site check question ${n}: which service compiles code?`, ...extra });

describe('cross-site requests and host commands from students', () => {
  let server: LiveServer;
  let ada: Awaited<ReturnType<LiveServer['instructor']>>;
  let questionId: string;
  let quizId: string;
  let bobId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startLiveServer();
    ada = await server.instructor();
    const { id: _id, ...fields } = own(1);
    questionId = (await ada.agent.post('/api/questions').send(fields).expect(201)).body.id;
    quizId = (await ada.agent.post('/api/quizzes').send({ title: 'Mine', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201)).body.id;
    // Ada set the server up, so she is the admin; Bob is the instructor her admin routes act on.
    bobId = (await server.instructor()).id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server.close();
  });

  /** Every state-changing route, with a body that succeeds when sent from the same site. */
  const writes = (): { method: string; path: string; body?: unknown; ok: number[] }[] => [
    { method: 'POST', path: '/api/auth/setup', body: { email: 'eve@evil.example', name: 'Eve', password: PASSWORD }, ok: [409] },
    { method: 'POST', path: '/api/auth/register', body: { email: 'eve@evil.example', name: 'Eve', password: PASSWORD }, ok: [403] },
    { method: 'POST', path: '/api/auth/login', body: { email: 'host1@school.test', password: PASSWORD }, ok: [200] },
    { method: 'POST', path: '/api/questions', body: (({ id: _id, ...q }) => q)(own(2)), ok: [201] },
    { method: 'POST', path: '/api/questions/import', body: { domain: 'sdlc', questions: [own(3)] }, ok: [201] },
    { method: 'PATCH', path: `/api/questions/${questionId}`, body: { prompt: 'Changed by a cross-site page: which service compiles code?' }, ok: [200] },
    { method: 'POST', path: `/api/questions/${questionId}/archive`, ok: [200] },
    { method: 'POST', path: `/api/questions/${questionId}/restore`, ok: [200] },
    { method: 'POST', path: `/api/questions/${questionId}/copy`, ok: [201] },
    { method: 'POST', path: '/api/quizzes', body: { title: 'Planted', questions: [{ questionId: 'sdlc.codebuild.002' }] }, ok: [201] },
    { method: 'POST', path: '/api/quizzes/blueprint', body: { title: 'Planted', domains: ['sdlc'], count: 3 }, ok: [201] },
    { method: 'POST', path: '/api/quizzes/exam-mix', body: { title: 'Planted', count: 6 }, ok: [201] },
    { method: 'PUT', path: `/api/quizzes/${quizId}`, body: { title: 'Renamed', questions: [{ questionId: 'sdlc.codebuild.003' }] }, ok: [200] },
    { method: 'POST', path: '/api/games', body: { quizId }, ok: [201] },
    { method: 'POST', path: '/api/analytics/review', body: { topics: ['sdlc.codebuild'], count: 3 }, ok: [201] },
    { method: 'DELETE', path: `/api/quizzes/${quizId}`, ok: [204] },
    { method: 'POST', path: '/api/auth/password', body: { currentPassword: PASSWORD, newPassword: PASSWORD }, ok: [204] },
    { method: 'DELETE', path: '/api/auth/sessions/00000000-0000-4000-8000-000000000000', ok: [404] },
    { method: 'POST', path: `/api/auth/links/${'x'.repeat(43)}`, body: { name: 'Eve', password: PASSWORD }, ok: [404] },
    { method: 'POST', path: '/api/admin/invites', body: { email: 'invited@school.test' }, ok: [201] },
    { method: 'POST', path: `/api/admin/instructors/${bobId}/disable`, ok: [204] },
    { method: 'POST', path: `/api/admin/instructors/${bobId}/enable`, ok: [204] },
    { method: 'POST', path: `/api/admin/instructors/${bobId}/reset-password`, ok: [201] },
    { method: 'POST', path: '/api/auth/logout-everywhere', ok: [204] },
    { method: 'POST', path: '/api/auth/logout', ok: [204] },
  ];

  const CROSS_SITE: Record<string, Record<string, string>> = {
    'Origin of another site': { origin: 'https://evil.example' },
    'Origin: null (sandboxed frame, file:)': { origin: 'null' },
    'same host, another port': { origin: 'http://127.0.0.1:1' },
    'look-alike host': { origin: 'http://127.0.0.1.evil.example' },
    'no Origin, Sec-Fetch-Site: cross-site': { 'sec-fetch-site': 'cross-site' },
  };

  async function snapshot() {
    const [quizzes, questions, games, sessions, quiz, question, instructors, links] = await Promise.all([
      server.db.quiz.count(),
      server.db.question.count(),
      server.db.game.count(),
      server.db.session.count(),
      server.db.quiz.findUnique({ where: { id: quizId }, include: { questions: true } }),
      server.db.question.findUnique({ where: { id: questionId } }),
      server.db.instructor.findMany({ select: { id: true, passwordHash: true, disabledAt: true }, orderBy: { id: 'asc' } }),
      server.db.accountLink.count(),
    ]);
    return { quizzes, questions, games, sessions, quiz, question, instructors, links, live: server.rooms.ofInstructor(ada.id).length };
  }

  it('refuses every state-changing route from another site with 403 CROSS_SITE_REQUEST and changes nothing', async () => {
    const before = await snapshot();
    for (const route of writes()) {
      for (const [name, headers] of Object.entries(CROSS_SITE)) {
        const res = await rawRequest(server.url, {
          method: route.method,
          path: route.path,
          headers: { cookie: ada.cookie, 'content-type': 'application/json', ...headers },
          body: route.body === undefined ? undefined : JSON.stringify(route.body),
        });
        expect({ route: `${route.method} ${route.path}`, name, status: res.status, body: res.json }).toEqual({
          route: `${route.method} ${route.path}`,
          name,
          status: 403,
          body: { error: { code: 'CROSS_SITE_REQUEST', message: expect.any(String) } },
        });
      }
    }
    expect(await snapshot()).toEqual(before);
    // The session the forged requests carried still works (logout was refused too).
    expect((await rawRequest(server.url, { method: 'GET', path: '/api/me', headers: { cookie: ada.cookie } })).status).toBe(200);
  });

  it('accepts the same requests from the same site (so the 403 above is the Origin check, nothing else)', async () => {
    const sameSite = { origin: server.url, 'sec-fetch-site': 'same-origin' };
    for (const route of writes()) {
      const res = await rawRequest(server.url, {
        method: route.method,
        path: route.path,
        headers: { cookie: ada.cookie, 'content-type': 'application/json', ...sameSite },
        body: route.body === undefined ? undefined : JSON.stringify(route.body),
      });
      expect({ route: `${route.method} ${route.path}`, status: res.status, text: res.status >= 400 ? res.text : '' }).toMatchObject({
        route: `${route.method} ${route.path}`,
        status: expect.toSatisfy((s: number) => route.ok.includes(s)),
      });
    }
    // The last one signed Ada out.
    expect((await rawRequest(server.url, { method: 'GET', path: '/api/me', headers: { cookie: ada.cookie } })).status).toBe(401);
    ada = await server.instructor();
  });

  it('lets another site read public GET routes only without CORS headers, so its page cannot read the answer', async () => {
    for (const path of ['/api/domains', '/api/me', '/api/quizzes']) {
      const res = await rawRequest(server.url, { method: 'GET', path, headers: { cookie: ada.cookie, origin: 'https://evil.example' } });
      expect(res.status).toBeLessThan(500);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  // ---------- /host handshake ----------

  function hostSocket(headers: Record<string, string>, transport: 'websocket' | 'polling' = 'websocket') {
    const socket = connect(`${server.url}/host`, { transports: [transport], forceNew: true, reconnection: false, extraHeaders: headers });
    sockets.push(socket);
    return new Promise<{ connected: true } | { error: string }>((resolve) => {
      socket.once('connect', () => resolve({ connected: true }));
      socket.once('connect_error', (error: Error) => resolve({ error: error.message }));
    });
  }

  it('refuses the /host handshake from another site even with a valid instructor cookie', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:1', 'http://127.0.0.1.evil.example', 'not a url']) {
      expect({ origin, outcome: await hostSocket({ cookie: ada.cookie, origin }) }).toEqual({ origin, outcome: { error: 'CROSS_SITE_REQUEST' } });
    }
    // No Origin, but the browser says the request is another site's (as the HTTP writes are judged).
    expect(await hostSocket({ cookie: ada.cookie, 'sec-fetch-site': 'cross-site' })).toEqual({ error: 'CROSS_SITE_REQUEST' });
    // Same site, and no Origin at all (not a browser): the cookie decides.
    expect(await hostSocket({ cookie: ada.cookie, origin: server.url })).toEqual({ connected: true });
    expect(await hostSocket({ cookie: ada.cookie, 'sec-fetch-site': 'same-origin' })).toEqual({ connected: true });
    expect(await hostSocket({ cookie: ada.cookie })).toEqual({ connected: true });
  });

  it('judges a long-polling /host handshake by the same rule (a same-origin browser GET carries no Origin)', async () => {
    const polling = (headers: Record<string, string>) => hostSocket(headers, 'polling');
    expect(await polling({ cookie: ada.cookie, 'sec-fetch-site': 'same-origin' })).toEqual({ connected: true });
    expect(await polling({ cookie: ada.cookie, origin: 'https://evil.example' })).toEqual({ error: 'CROSS_SITE_REQUEST' });
    expect(await polling({ cookie: ada.cookie, 'sec-fetch-site': 'cross-site' })).toEqual({ error: 'CROSS_SITE_REQUEST' });
  });

  it('refuses the /host handshake with a forged or signed-out session', async () => {
    expect(await hostSocket({ cookie: 'quiz_session=forged-token-forged-token-forged' })).toEqual({ error: 'UNAUTHENTICATED' });
    const bob = await server.instructor();
    await bob.agent.post('/api/auth/logout').expect(204);
    expect(await hostSocket({ cookie: bob.cookie })).toEqual({ error: 'UNAUTHENTICATED' });
  });

  // ---------- host commands from students ----------

  it('answers every host event from a student with UNKNOWN_COMMAND, even with an instructor cookie, and the room does not change', async () => {
    const quiz = await ada.agent.post('/api/quizzes').send({ title: 'Students are not hosts', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201);
    const { code } = (await ada.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body as { code: string };
    const host = server.host(ada.cookie);
    const before = await call(host, 'host:attach', { code });

    const plain = server.player();
    const withCookie = connect(`${server.url}/play`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: ada.cookie } });
    sockets.push(withCookie);
    const joined = await call(plain, 'player:join', { code, nickname: 'Mallory' });
    expect(joined.ok).toBe(true);
    expect((await call(withCookie, 'player:join', { code, nickname: 'Trudy' })).ok).toBe(true);

    const valid: Record<string, unknown> = {
      'host:attach': { code },
      'host:kick': { playerId: joined.playerId },
      'host:lock': { locked: true },
    };
    for (const student of [plain, withCookie]) {
      for (const event of Object.keys(HOST_PAYLOADS)) {
        expect({ event, ack: await call(student, event, valid[event] ?? {}) }).toEqual({
          event,
          ack: { ok: false, error: { code: 'UNKNOWN_COMMAND', message: expect.any(String) } },
        });
      }
    }
    const after = await call(host, 'host:attach', { code });
    expect(after.view).toMatchObject({ phase: 'lobby', locked: false, index: -1 });
    expect(after.roster.players.map((p: { nickname: string }) => p.nickname).sort()).toEqual(['Mallory', 'Trudy']);
    expect(after.view).toEqual(before.view);
  });
});
