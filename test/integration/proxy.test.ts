import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { PASSWORD } from '../support/http.ts';
import { answerAsTheAppDoes, call, next } from '../support/live-server.ts';
import { startProxy } from '../support/nginx.ts';

const QUESTION_ID = 'sdlc.codebuild.001';
/** Connections a node admits from one address, here: every client of the test comes from loopback. */
const PER_ADDRESS = 40;

/**
 * The deployable topology without Docker: two nodes sharing PostgreSQL and Redis behind the
 * deployment's own nginx.conf (sticky by address, WebSocket upgrades passed through), with
 * clients that connect the way browsers do: long-polling first, then upgraded.
 */
describe('two nodes behind the nginx proxy', () => {
  let cluster: Cluster;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let cookie: string;
  let right: number[];
  const sockets: Socket[] = [];

  /** A browser-like client of a room through the proxy: polling first, reconnecting by itself. */
  function open(namespace: '/host' | '/play', room: string, withCookie = false): Socket {
    const socket = connect(`${proxy.url}${namespace}`, {
      forceNew: true,
      query: { room },
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      extraHeaders: withCookie ? { cookie } : undefined,
    });
    sockets.push(socket);
    return socket;
  }

  const upgraded = (socket: Socket) =>
    socket.io.engine?.transport.name === 'websocket' ? Promise.resolve() : new Promise<void>((resolve) => socket.io.engine.once('upgrade', () => resolve()));

  async function openGame(title: string) {
    const agent = request.agent(proxy.url);
    const quiz = await agent.post('/api/quizzes').set('Cookie', cookie).send({ title, questions: [{ questionId: QUESTION_ID, timeLimitSec: 120 }] }).expect(201);
    const game = await agent.post('/api/games').set('Cookie', cookie).send({ quizId: quiz.body.id }).expect(201);
    const code = game.body.code as string;
    const host = open('/host', code, true);
    expect(await call(host, 'host:attach', { code })).toMatchObject({ ok: true });
    const students: { socket: Socket; token: string }[] = [];
    for (const nickname of ['Ana', 'Ben', 'Cy', 'Dee']) {
      const socket = open('/play', code);
      const joined = await call(socket, 'player:join', { code, nickname });
      expect(joined).toMatchObject({ ok: true });
      students.push({ socket, token: joined.rejoinToken });
    }
    return { code, gameId: game.body.gameId as string, host, students };
  }

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, redis: true, leaseMs: 1_500, env: { MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS) } });
    proxy = await startProxy(cluster.nodes.map((node) => node.url));
    const setup = await request(proxy.url).post('/api/auth/setup').send({ email: 'host@school.test', name: 'Host', password: PASSWORD }).expect(201);
    cookie = setup.headers['set-cookie']![0]!.split(';')[0]!;
    const client = new pg.Client({ connectionString: cluster.databaseUrl });
    await client.connect();
    right = (await client.query<{ answer: number[] }>('SELECT answer FROM "Question" WHERE id = $1', [QUESTION_ID]).finally(() => client.end())).rows[0]!.answer;
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await proxy?.stop();
    await cluster?.close();
  });

  it('serves the app and the API, and plays a game over sockets upgraded from long-polling', { timeout: 60_000 }, async () => {
    const page = await request(proxy.url).get('/').expect(200);
    expect(page.text).toContain('<div id="app"');
    await request(proxy.url).get('/healthz').expect(200);

    const { host, students } = await openGame('Through the proxy');
    await Promise.all([host, ...students.map((s) => s.socket)].map(upgraded));
    for (const socket of [host, ...students.map((s) => s.socket)]) expect(socket.io.engine.transport.name).toBe('websocket');

    const shown = students.map((s) => next(s.socket, 'game:question', (v) => v.index === 0));
    expect(await call(host, 'host:start')).toEqual({ ok: true });
    await Promise.all(shown);
    const reveals = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'reveal'));
    for (const { socket } of students) expect(await call(socket, 'player:answer', { questionIndex: 0, choices: right })).toEqual({ ok: true, questionIndex: 0 });
    for (const view of await Promise.all(reveals)) expect(view.result).toMatchObject({ correct: true });
  });

  /** Which node answers a long-polling handshake through the proxy, for a room. */
  async function handshake(room: string, spoofed?: string): Promise<{ status: number; node: string | null }> {
    const url = `${proxy.url}/socket.io/?EIO=4&transport=polling&room=${room}`;
    const res = await fetch(url, { headers: spoofed ? { 'x-forwarded-for': spoofed } : {} });
    const body = await res.text();
    // Close the session at once (an engine.io close packet), so it holds no place meanwhile.
    if (res.ok) await fetch(`${url}&sid=${JSON.parse(body.slice(1)).sid}`, { method: 'POST', body: '1' }).then((r) => r.text());
    return { status: res.status, node: res.headers.get('x-served-by') };
  }
  const servedBy = async (room: string) => (await handshake(room)).node;

  it('keeps a room on one node and spreads the rooms of one address over the nodes', async () => {
    const codes = ['AAAAAA', 'BBBBBB', 'CCCCCC', 'DDDDDD', 'EEEEEE', 'FFFFFF', 'GGGGGG', 'HHHHHH', 'JJJJJJ', 'KKKKKK'];
    const nodes = await Promise.all(codes.map((code) => servedBy(code)));
    expect(new Set(nodes)).toEqual(new Set(['node-a', 'node-b']));
    for (const [i, code] of codes.entries()) expect(await servedBy(code)).toBe(nodes[i]);
    // A client's long-polling requests carry its room, so they all reach the node it handshook with.
    const socket = connect(`${proxy.url}/play`, { forceNew: true, transports: ['polling'], query: { room: codes[0]! } });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect((await call(socket, 'player:join', { code: codes[0], nickname: 'Poll' })).error.code).toBe('ROOM_NOT_FOUND');
    socket.disconnect();
  });

  it('counts the real client, whatever X-Forwarded-For it sends', { timeout: 60_000 }, async () => {
    // Through the proxy every client here is 127.0.0.1. Were the header believed, each of these
    // would be an address of its own and all would connect.
    const room = 'SPOOFS';
    const home = await servedBy(room);
    const spoofers = Array.from({ length: PER_ADDRESS + 10 }, (_, i) => {
      const socket = connect(`${proxy.url}/play`, {
        forceNew: true,
        reconnection: false,
        transports: ['websocket'],
        query: { room },
        extraHeaders: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      sockets.push(socket);
      return new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
    });
    try {
      const admitted = (await Promise.all(spoofers)).filter(Boolean).length;
      expect(admitted).toBeLessThanOrEqual(PER_ADDRESS);
      expect(admitted).toBeGreaterThan(0);
      expect(home).toMatch(/^node-[ab]$/);
      // nginx sends nothing to a node for 5 s after one failed request to it (max_fails=1), which
      // a burst of refused upgrades can trip: only an answer of the node that counted them counts.
      let probe = { status: 0, node: null as string | null };
      await expect
        .poll(async () => ((probe = await handshake(room, '203.0.113.77')), probe.status === 403 || probe.node === home), { timeout: 15_000, interval: 500 })
        .toBe(true);
      expect(probe).toEqual({ status: 403, node: null });
    } finally {
      for (const socket of sockets.splice(-spoofers.length)) socket.disconnect();
    }
  });

  it('sends everyone to the other node when theirs dies, and the game goes on', { timeout: 60_000 }, async () => {
    const { code, gameId, host, students } = await openGame('Node down');
    await Promise.all([host, ...students.map((s) => s.socket)].map(upgraded));
    // The node the room's clients are on dies (whether it also owns the room is up to the
    // round-robin that opened it: either the other node takes the room over, or it forwards).
    const served = await servedBy(code);
    const doomed = cluster.nodes.find((_, i) => `node-${String.fromCharCode(97 + i)}` === served)!;
    expect(doomed).toBeDefined();

    expect(await call(host, 'host:start')).toEqual({ ok: true });
    const [ana, ben, cy, dee] = students as [(typeof students)[number], (typeof students)[number], (typeof students)[number], (typeof students)[number]];
    for (const { socket } of [ana, ben]) expect((await call(socket, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);

    // Every client reconnects through the proxy by itself, and then rejoins as the web app does.
    const back = [host, ...students.map((s) => s.socket)].map((socket) => next(socket, 'connect', () => true, 20_000));
    expect(await doomed.stop('SIGKILL')).toBeNull();
    await Promise.all(back);
    expect(await call(host, 'host:attach', { code })).toMatchObject({ ok: true, view: { phase: 'question', progress: { answered: 2, total: 4 } } });
    for (const [i, student] of students.entries()) {
      const rejoined = await call(student.socket, 'player:rejoin', { code, token: student.token });
      expect(rejoined, JSON.stringify(rejoined)).toMatchObject({ ok: true, view: { phase: 'question', answered: i < 2 } });
    }

    const reveals = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'reveal'));
    for (const { socket } of [cy, dee]) {
      const answered = await answerAsTheAppDoes(socket, { questionIndex: 0, choices: right });
      expect(answered, JSON.stringify(answered)).toMatchObject({ ok: true });
    }
    for (const view of await Promise.all(reveals)) expect(view.reveal).toMatchObject({ answeredCount: 4 });

    const client = new pg.Client({ connectionString: cluster.databaseUrl });
    await client.connect();
    const stored = await client.query('SELECT count(*)::int AS n FROM "Answer" WHERE "gameId" = $1', [gameId]).finally(() => client.end());
    expect(stored.rows[0].n).toBe(4);
  });
});
