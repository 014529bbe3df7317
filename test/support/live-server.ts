import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp, type AppDeps } from '../../server/src/http/app.ts';
import type { Ack, AttachedAck, RosterChanges, RosterEntry } from '../../server/src/protocol.ts';
import { RosterCopy } from '../../web/src/lib/host-roster.ts';
import { createHttpServer } from '../../server/src/http/http-server.ts';
import type { RoomTimings } from '../../server/src/rooms/room-types.ts';
import type { ConnectionCaps, RealtimeLimits } from '../../server/src/realtime/limits.ts';
import { attachRealtime } from '../../server/src/realtime/socket-server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { PASSWORD } from './http.ts';

export type LiveServer = Awaited<ReturnType<typeof startLiveServer>>;

/** The real HTTP + Socket.IO server on a port of its own, over a fresh seeded database. */
export async function startLiveServer(
  options: {
    timings?: Partial<RoomTimings>;
    limits?: Partial<RealtimeLimits>;
    connectionCaps?: Partial<ConnectionCaps>;
    roomCapacity?: number;
    /** More of the HTTP app's dependencies (join links, say). */
    app?: Partial<AppDeps>;
  } = {},
) {
  const clock = { offsetMs: 0 };
  const t: TestDatabase = await createTestDatabase({ seed: true });
  let app: ReturnType<typeof createApp> | undefined;
  const server = createHttpServer((req, res) => app!(req, res));
  const realtime = attachRealtime(server, {
    db: t.db,
    timings: options.timings,
    limits: options.limits,
    connectionCaps: options.connectionCaps,
    now: () => Date.now() + clock.offsetMs,
    log: () => {},
  });
  app = createApp({ db: t.db, rooms: realtime.rooms, roomCapacity: options.roomCapacity, endSockets: realtime.disconnectSessions, log: () => {}, ...options.app });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  let instructors = 0;

  const open = (namespace: string, extraHeaders?: Record<string, string>) => {
    const socket = connect(`${url}${namespace}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders });
    sockets.push(socket);
    return socket;
  };

  return {
    url,
    /** Move the rooms' clock forward to make deadlines pass. */
    clock,
    db: t.db,
    databaseUrl: t.url,
    rooms: realtime.rooms,
    realtime,
    connectionCount: () => realtime.connectionCount,
    /** Signs a new instructor in; returns their HTTP agent and session cookie. */
    async instructor() {
      const n = ++instructors;
      const email = `host${n}@school.test`;
      const agent = request.agent(url);
      const status = await agent.get('/api/auth/status');
      const body = { email, name: `Host ${n}`, password: PASSWORD };
      const res = status.body.needsSetup
        ? await agent.post('/api/auth/setup').send(body).expect(201)
        : await (async () => {
            const { createInstructor } = await import('../../server/src/auth/accounts.ts');
            await createInstructor(t.db, body);
            return agent.post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
          })();
      const cookie = res.headers['set-cookie']![0]!.split(';')[0]!;
      return { agent, cookie, id: res.body.id as string };
    },
    host: (cookie: string) => open('/host', { cookie }),
    player: () => open('/play'),
    /** A client with headers of its own (e.g. X-Forwarded-For, as a proxy would add). */
    socket: (namespace: string, headers: Record<string, string>) => open(namespace, headers),
    async close() {
      for (const socket of sockets) socket.disconnect();
      await realtime.close();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}

export type Instructor = Awaited<ReturnType<LiveServer['instructor']>>;
export type QuizItem = { questionId: string; timeLimitSec: number; readingSec?: number; doublePoints?: boolean };

/** Saves a quiz of these questions for the instructor, opens its lobby and attaches a host socket to it. */
export async function openRoom(server: LiveServer, host: Instructor, questions: QuizItem[], title = 'Room') {
  const quiz = await host.agent.post('/api/quizzes').send({ title, questions }).expect(201);
  const { code, gameId } = (await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body as { code: string; gameId: string };
  const hostSocket = server.host(host.cookie);
  const roster = await attachWithRoster(hostSocket, code);
  return { code, gameId, hostSocket, roster };
}

export type WatchedRoster = Awaited<ReturnType<typeof attachWithRoster>>;

/**
 * Attaches a host socket and keeps its roster as the web client does (the whole roster from the
 * ack, then the `host:roster` changes; a gap in them attaches again).
 */
export async function attachWithRoster(hostSocket: Socket, code: string) {
  const copy = new RosterCopy();
  const attach = async () => {
    const have = copy.digest();
    const attached = await call<Ack<AttachedAck>>(hostSocket, 'host:attach', { code, ...(have ? { have } : {}) });
    if (!attached.ok) throw new Error(`host:attach refused: ${JSON.stringify(attached)}`);
    copy.reset(attached.roster);
    return attached;
  };
  const attached = await attach();
  const watchers = new Set<() => void>();
  hostSocket.on('host:roster', (changes: RosterChanges) => {
    if (copy.apply(changes)) for (const watcher of watchers) watcher();
    else void attach().then(() => watchers.forEach((watcher) => watcher()));
  });
  return {
    view: attached.view,
    players: () => copy.list(),
    /** Resolves with the roster once it satisfies `match`. */
    until(match: (players: RosterEntry[]) => boolean, timeoutMs = 10_000): Promise<RosterEntry[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!match(copy.list())) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve(copy.list());
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`roster never matched within ${timeoutMs} ms: ${JSON.stringify(copy.list())}`));
        }, timeoutMs);
        watchers.add(check);
        check();
      });
    },
  };
}

/** Emits with an ack and resolves with the ack's payload. */
export function call<T = any>(socket: Socket, event: string, payload: unknown = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 10_000);
    socket.emit(event, payload, (response: T) => {
      clearTimeout(timer);
      resolve(response);
    });
  });
}

/**
 * Sends an answer the way the web app does while its socket stays connected: a refusal that
 * means "nothing was stored, retry" (docs/protocol.md: a busy server, or a room moving to
 * another node) is sent again a moment later; any other answer is returned as it came.
 */
export async function answerAsTheAppDoes(socket: Socket, payload: { questionIndex: number; choices: number[] }, attempts = 10): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    const ack = await call(socket, 'player:answer', payload);
    if (ack.ok || ack.error.code !== 'STORAGE_UNAVAILABLE' || attempt === attempts) return ack;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Resolves with the next `event` whose payload satisfies `match`. */
export function next<T = any>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Records every event a socket receives, in order. */
export function record(socket: Socket): { event: string; payload: any }[] {
  const log: { event: string; payload: any }[] = [];
  socket.onAny((event, payload) => log.push({ event, payload }));
  return log;
}

/**
 * Opens question `index` (host:start for the first, host:next after), sends each student's
 * answer, closes the question early when someone stays silent, and waits for the reveal.
 */
export async function askQuestion(host: Socket, index: number, answers: [Socket, number[]][], everyone: Socket[]): Promise<void> {
  const shown = everyone.map((socket) => next(socket, 'game:question', (v) => v.index === index));
  const opened = await call(host, index === 0 ? 'host:start' : 'host:next');
  if (!opened.ok) throw new Error(`question ${index} did not open: ${JSON.stringify(opened)}`);
  await Promise.all(shown);
  const revealed = next(host, 'host:view', (v) => v.phase === 'reveal' && v.index === index);
  for (const [socket, choices] of answers) {
    const ack = await call(socket, 'player:answer', { questionIndex: index, choices });
    if (!ack.ok) throw new Error(`answer to question ${index} refused: ${JSON.stringify(ack)}`);
  }
  if (answers.length < everyone.length) {
    const closed = await call(host, 'host:next');
    if (!closed.ok) throw new Error(`question ${index} did not close: ${JSON.stringify(closed)}`);
  }
  await revealed;
}
