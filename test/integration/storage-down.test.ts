import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../server/src/db/client.ts';
import { freePort } from '../../server/src/db/embedded-postgres.ts';
import { createApp } from '../../server/src/http/app.ts';
import { createHttpServer } from '../../server/src/http/http-server.ts';
import { attachRealtime } from '../../server/src/realtime/socket-server.ts';

const QUIZ = '00000000-0000-4000-8000-000000000001';
const TOKEN = 'x'.repeat(43);
const password = 'a password of length';

/** Every route the server has, with a body it would accept. */
const ROUTES: [method: string, path: string, body?: object][] = [
  ['GET', '/api/auth/status'],
  ['POST', '/api/auth/setup', { email: 'a@school.test', name: 'A', password }],
  ['POST', '/api/auth/register', { email: 'b@school.test', name: 'B', password }],
  ['POST', '/api/auth/login', { email: 'a@school.test', password }],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/me'],
  ['GET', '/api/auth/sessions'],
  ['DELETE', `/api/auth/sessions/${QUIZ}`],
  ['POST', '/api/auth/logout-everywhere'],
  ['POST', '/api/auth/password', { currentPassword: password, newPassword: password }],
  ['GET', `/api/auth/links/${TOKEN}`],
  ['POST', `/api/auth/links/${TOKEN}`, { name: 'C', password }],
  ['GET', '/api/admin/instructors'],
  ['POST', '/api/admin/invites', { email: 'c@school.test' }],
  ['POST', `/api/admin/instructors/${QUIZ}/disable`],
  ['POST', `/api/admin/instructors/${QUIZ}/enable`],
  ['POST', `/api/admin/instructors/${QUIZ}/reset-password`],
  ['GET', '/api/domains'],
  ['GET', '/api/domains/sdlc/topics'],
  ['GET', '/api/questions'],
  ['GET', '/api/questions/export?domain=sdlc'],
  ['POST', '/api/questions/import', { domain: 'sdlc', questions: [] }],
  ['POST', '/api/questions', {}],
  ['GET', '/api/questions/sdlc.codebuild.001'],
  ['PATCH', '/api/questions/sdlc.codebuild.001', {}],
  ['POST', '/api/questions/sdlc.codebuild.001/archive'],
  ['POST', '/api/questions/sdlc.codebuild.001/restore'],
  ['POST', '/api/questions/sdlc.codebuild.001/copy'],
  ['GET', '/api/join-links'],
  ['POST', '/api/games', { quizId: QUIZ }],
  ['GET', '/api/games/live'],
  ['GET', '/api/games'],
  ['GET', `/api/games/${QUIZ}`],
  ['GET', `/api/games/${QUIZ}/report`],
  ['GET', '/api/quizzes'],
  ['POST', '/api/quizzes', { title: 'T', questions: [{ questionId: 'sdlc.codebuild.001' }] }],
  ['POST', '/api/quizzes/blueprint', { title: 'T', domains: ['sdlc'], count: 3 }],
  ['POST', '/api/quizzes/exam-mix', { title: 'T', count: 6 }],
  ['GET', `/api/quizzes/${QUIZ}`],
  ['PUT', `/api/quizzes/${QUIZ}`, { title: 'T', questions: [{ questionId: 'sdlc.codebuild.001' }] }],
  ['DELETE', `/api/quizzes/${QUIZ}`],
  ['GET', '/api/analytics/topics'],
  ['POST', '/api/analytics/review', { topics: ['sdlc.codebuild'], count: 3 }],
];

/** A server whose PostgreSQL is not there at all: every route and the /host handshake say so with one code. */
describe('the database unreachable', () => {
  let url: string;
  let close: () => Promise<void>;
  const logged: unknown[] = [];

  beforeAll(async () => {
    const { db, pool } = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/nothing`);
    let app: ReturnType<typeof createApp> | undefined;
    const server = createHttpServer((req, res) => app!(req, res));
    const realtime = attachRealtime(server, { db, log: (message) => logged.push(message) });
    app = createApp({ db, rooms: realtime.rooms, registration: 'open', limitStore: { pool }, log: (entry) => logged.push(entry) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await realtime.close();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    };
  });
  afterAll(() => close());

  const send = (method: string, path: string, body?: object, cookie?: string) => {
    const req = request(url)[method.toLowerCase() as 'get'](path);
    if (cookie) req.set('Cookie', cookie);
    return body ? req.send(body) : req;
  };

  it.each(ROUTES)('%s %s with a session cookie: 503 STORAGE_UNAVAILABLE', async (method, path, body) => {
    const res = await send(method, path, body, `quiz_session=${'s'.repeat(43)}`);
    expect({ status: res.status, body: res.body }).toEqual({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE', message: expect.any(String) } } });
    expect(res.headers['retry-after']).toBe('5');
  });

  it('answers the routes anyone may use without a session the same way (sign-in included)', async () => {
    const anonymous = ROUTES.filter(([, path]) => /^\/api\/(auth\/(status|setup|register|login|links)|domains)/.test(path));
    expect(anonymous).toHaveLength(8);
    for (const [method, path, body] of anonymous) {
      const res = await send(method, path, body);
      expect({ route: `${method} ${path}`, status: res.status, code: res.body.error?.code }).toEqual({ route: `${method} ${path}`, status: 503, code: 'STORAGE_UNAVAILABLE' });
    }
    // Routes that need a session say so first: nothing to ask the database.
    expect((await send('GET', '/api/quizzes')).status).toBe(401);
  });

  it('refuses the /host handshake with STORAGE_UNAVAILABLE, not UNAUTHENTICATED', async () => {
    const socket = connect(`${url}/host`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: `quiz_session=${'s'.repeat(43)}` } });
    try {
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toBe('STORAGE_UNAVAILABLE');
    } finally {
      socket.disconnect();
    }
  });

  it('reports it on /healthz and writes the reason to the log, not to the answer', async () => {
    const res = await request(url).get('/healthz').expect(503);
    expect(res.body).toEqual({ status: 'degraded', db: 'unavailable' });
    expect(logged.some((entry) => /health: db unavailable: .*127\.0\.0\.1/.test(String(entry)))).toBe(true);
  });
});
