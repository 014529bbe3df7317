import net from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_BODY_LIMIT } from '../../server/src/http/app.ts';
import { DEFAULT_REALTIME_LIMITS } from '../../server/src/realtime/limits.ts';
import { call, next, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';
import { rawRequest } from '../support/raw-http.ts';

/**
 * Size limits: HTTP bodies over 512 KB are refused with 413 PAYLOAD_TOO_LARGE on every route that
 * takes a body (also when gzip hides the size, or the client only announces it); Socket.IO messages
 * over 16 KiB close that one socket and nothing else. live-refusals.test.ts already shows a 40 KB
 * join closing a /play socket; this file adds the boundary, /host, binary attachments and the
 * neighbours that must stay connected.
 */

const LIMIT_BYTES = 512 * 1024;
const MAX_MESSAGE = DEFAULT_REALTIME_LIMITS.maxPayloadBytes;

const BODY_ROUTES: [string, string][] = [
  ['POST', '/api/auth/setup'],
  ['POST', '/api/auth/register'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/logout'],
  ['POST', '/api/questions'],
  ['POST', '/api/questions/import'],
  ['PATCH', '/api/questions/sdlc.codebuild.001'],
  ['POST', '/api/questions/sdlc.codebuild.001/copy'],
  ['POST', '/api/quizzes'],
  ['POST', '/api/quizzes/blueprint'],
  ['POST', '/api/quizzes/exam-mix'],
  ['PUT', '/api/quizzes/00000000-0000-4000-8000-000000000000'],
  ['POST', '/api/games'],
  ['POST', '/api/analytics/review'],
];

/** A JSON document of exactly `bytes` bytes. */
const jsonOf = (bytes: number) => {
  const frame = '{"title":""}';
  return `{"title":"${'x'.repeat(bytes - frame.length)}"}`;
};

describe('payload size limits', () => {
  let server: LiveServer;
  let host: Instructor;
  let correct: number[];

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
    correct = (await server.db.question.findUniqueOrThrow({ where: { id: 'sdlc.codebuild.001' } })).answer;
  });
  afterAll(() => server.close());

  const tooLarge = { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } };

  it('uses the documented limits', () => {
    expect(JSON_BODY_LIMIT).toBe('512kb');
    expect(MAX_MESSAGE).toBe(16 * 1024);
  });

  it.each(BODY_ROUTES)('%s %s: a body over 512 KB gets 413 PAYLOAD_TOO_LARGE, signed in or not', async (method, path) => {
    for (const cookie of [host.cookie, undefined]) {
      const res = await rawRequest(server.url, {
        method,
        path,
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: jsonOf(LIMIT_BYTES + 1),
      });
      expect(res.status).toBe(413);
      expect(res.json).toEqual(tooLarge);
    }
  });

  /** A quiz body sent as is, signed in as the host. */
  const postQuiz = (body: string) =>
    rawRequest(server.url, { method: 'POST', path: '/api/quizzes', headers: { 'content-type': 'application/json', cookie: host.cookie }, body });

  it('takes a body of exactly 512 KB (then validates it: 400, not 413)', async () => {
    const res = await postQuiz(jsonOf(LIMIT_BYTES));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a gzip body that inflates past the limit (a small "zip bomb") with 413', async () => {
    const bomb = gzipSync(Buffer.from(jsonOf(5 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(20_000);
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/quizzes',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', cookie: host.cookie },
      body: bomb,
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual(tooLarge);
  });

  it('refuses a 20 MB body with 413 without keeping it (read and dropped, then refused)', async () => {
    // body-parser refuses on the announced length but drains the request before answering, so
    // the answer comes once the client has sent everything (see docs/reliability.md).
    const res = await postQuiz(jsonOf(20 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(res.json).toEqual(tooLarge);
    expect((await rawRequest(server.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it('refuses a body nested 100,000 deep with 400, and one with a NUL at the bottom naming where it starts', async () => {
    const nested = (inner: string) => `{"title":${'['.repeat(100_000)}${inner}${']'.repeat(100_000)}}`;
    for (const [inner, message] of [
      ['"fine"', /title/],
      ['"bad\\u0000"', /^title\.0\.0\.0\.0\.0…: text must not contain NUL/],
    ] as const) {
      const res = await postQuiz(nested(inner));
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
    }
  });

  it('answers headers over 16 KB and requests that are not HTTP with the JSON error shape', async () => {
    const res = await rawRequest(server.url, { method: 'GET', path: '/api/domains', headers: { cookie: `quiz_session=${'x'.repeat(30_000)}` } });
    expect(res.status).toBe(431);
    expect(res.json).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('headers are too large') } });

    const { port } = new URL(server.url);
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP.' } });
    expect((await rawRequest(server.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  // ---------- Socket.IO ----------

  async function openLimitsRoom() {
    const { code, hostSocket } = await openRoom(server, host, [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 60 }], 'Limits');
    const fair = server.player();
    expect((await call(fair, 'player:join', { code, nickname: 'Fair' })).ok).toBe(true);
    return { code, hostSocket, fair };
  }

  const connected = (socket: Socket) => (socket.connected ? Promise.resolve() : new Promise<void>((resolve) => socket.once('connect', () => resolve())));
  const closed = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));
  /**
   * The WebSocket frame socket.io writes for a socket's first emit(event, payload, ack) on /play:
   * engine.io message `4`, socket.io event `2`, namespace, ack id 0, then the JSON array.
   */
  const packetBytes = (event: string, payload: unknown) => Buffer.byteLength(`42/play,0${JSON.stringify([event, payload])}`);
  /** A nickname that makes the player:join packet exactly `bytes` long. */
  const joinOf = (code: string, bytes: number) => {
    const base = packetBytes('player:join', { code, nickname: '' });
    return { code, nickname: 'x'.repeat(bytes - base) };
  };

  it('/play: a message of exactly 16 KiB is answered; one byte more closes that socket only, and the game plays on', async () => {
    const { code, hostSocket, fair } = await openLimitsRoom();
    const hostCut: string[] = [];
    hostSocket.on('disconnect', (reason: string) => hostCut.push(reason));
    fair.on('disconnect', (reason: string) => hostCut.push(`fair: ${reason}`));

    const atLimit = server.player();
    await connected(atLimit);
    const payload = joinOf(code, MAX_MESSAGE);
    expect(packetBytes('player:join', payload)).toBe(MAX_MESSAGE);
    expect(await call(atLimit, 'player:join', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(atLimit.connected).toBe(true);

    const over = server.player();
    await connected(over);
    const cut = closed(over);
    over.emit('player:join', joinOf(code, MAX_MESSAGE + 1), () => {});
    expect(await cut).toBe('transport close');
    expect(atLimit.connected).toBe(true);

    // The same client may reconnect (it is a new socket) and the room is as it was.
    const again = server.player();
    expect((await call(again, 'player:join', { code, nickname: 'Again' })).ok).toBe(true);
    const question = next(fair, 'game:question');
    expect(await call(hostSocket, 'host:start')).toEqual({ ok: true });
    await question;
    expect(await call(fair, 'player:answer', { questionIndex: 0, choices: correct })).toEqual({ ok: true, questionIndex: 0 });
    expect(hostCut).toEqual([]);
  });

  it('/host: an oversized host message closes that host socket; the instructor\'s other host socket and the players stay', async () => {
    const { code, hostSocket, fair } = await openLimitsRoom();
    const second = server.host(host.cookie);
    expect((await call(second, 'host:attach', { code })).ok).toBe(true);
    const kept: string[] = [];
    hostSocket.on('disconnect', (reason: string) => kept.push(`host: ${reason}`));
    fair.on('disconnect', (reason: string) => kept.push(`fair: ${reason}`));

    const cut = closed(second);
    second.emit('host:attach', { code: 'x'.repeat(MAX_MESSAGE + 100) }, () => {});
    expect(await cut).toBe('transport close');

    const question = next(fair, 'game:question');
    expect(await call(hostSocket, 'host:start')).toEqual({ ok: true });
    await question;
    expect(kept).toEqual([]);
  });

  it('a message with one binary attachment over 16 KiB closes the socket', async () => {
    const { code } = await openLimitsRoom();
    const sender = server.player();
    await connected(sender);
    const cut = closed(sender);
    sender.emit('player:join', { code, nickname: Buffer.alloc(MAX_MESSAGE + 1, 1) }, () => {});
    expect(await cut).toBe('transport close');
  });

  it('any binary attachment closes the socket, even many small ones adding up past 16 KiB; others play on', async () => {
    // Socket.IO sends each attachment as a frame of its own, so only refusing binary altogether
    // keeps a message within the limit. The protocol has no binary data.
    const { code, fair } = await openLimitsRoom();
    const many = server.player();
    const one = server.player();
    await Promise.all([connected(many), connected(one)]);
    const cuts = [closed(many), closed(one)];
    many.emit('player:join', { code, nickname: Array.from({ length: 8 }, () => Buffer.alloc(MAX_MESSAGE - 1024, 7)) }, () => {});
    one.emit('player:join', { code, nickname: Buffer.from('Eve') }, () => {});
    expect(await Promise.all(cuts)).toEqual(['transport close', 'transport close']);
    expect(fair.connected).toBe(true);
    expect((await call(server.player(), 'player:join', { code, nickname: 'Later' })).ok).toBe(true);
  });

  it('/host: a flooding host socket is refused with RATE_LIMITED and then cut off, like a student', async () => {
    const { code, hostSocket } = await openLimitsRoom();
    const flooder = server.host(host.cookie);
    expect((await call(flooder, 'host:attach', { code })).ok).toBe(true);
    const cut = closed(flooder);
    const answers: string[] = [];
    for (let i = 0; i < 100; i++) flooder.emit('host:lock', { locked: false }, (a: { ok: boolean; error?: { code: string } }) => answers.push(a.error?.code ?? 'ok'));
    expect(await cut).toBe('io server disconnect');
    expect(answers).toContain('RATE_LIMITED');
    expect(hostSocket.connected).toBe(true);
    expect(await call(hostSocket, 'host:lock', { locked: true })).toEqual({ ok: true });
  });
});
