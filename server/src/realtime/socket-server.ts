import type http from 'node:http';
import { parse as parseCookies } from 'cookie';
import { Server, type Namespace, type ServerOptions, type Socket } from 'socket.io';
import { Decoder, Encoder } from 'socket.io-parser';
import { findSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { NAMESPACES } from '../protocol.ts';
import { pgGameRecorders, pgMarkServed } from '../games/pg-game-recorder.ts';
import type { RoomNotifier, RoomTimings } from '../rooms/room-types.ts';
import type { RoomPresence } from '../rooms/presence-count.ts';
import type { RoomBus } from '../rooms/room-bus.ts';
import type { RoomStore } from '../rooms/room-store.ts';
import type { StartHeartbeat } from '../rooms/node-heartbeat.ts';
import { startRooms } from '../rooms/start-rooms.ts';
import { refusal } from './handler.ts';
import { hostChannel, registerHostHandlers, type HostNamespace } from './host-handlers.ts';
import {
  Budget,
  ConnectionGuard,
  DEFAULT_REALTIME_LIMITS,
  EventFloodGuard,
  RoomCodeGuard,
  type ConnectionCaps,
  type RealtimeLimits,
} from './limits.ts';
import { playerChannel, registerPlayHandlers, roomChannel, type PlayNamespace, type PresenceShare } from './play-handlers.ts';
import { classMembersFor } from '../classes/students.ts';
import { clientAddress, trustProxy } from '../network/client-address.ts';
import { isCrossSite } from '../network/cross-site.ts';
import { errorSummary, isStorageOutage } from '../storage-outage.ts';

export type RealtimeDeps = {
  db: Db;
  corsOrigins?: string[];
  /** Express "trust proxy" setting: whose X-Forwarded-For names the student (default loopback). */
  trustProxy?: string;
  limits?: Partial<RealtimeLimits>;
  /** Realtime connections in all and per address (defaults: 10,000 and 1,000). */
  connectionCaps?: Partial<ConnectionCaps>;
  timings?: Partial<RoomTimings>;
  /** The rooms' clock (tests move it forward). */
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
  /**
   * Several nodes sharing rooms (REDIS_URL): the shared store, the bus to the other nodes and the
   * Socket.IO adapter. Left out, everything stays in this process.
   */
  cluster?: { store: RoomStore; bus: RoomBus; adapter: ServerOptions['adapter']; nodeId: string; leaseMs?: number; heartbeatTtlMs?: number; startHeartbeat?: StartHeartbeat };
};

/**
 * The protocol carries no binary data. Socket.IO sends each binary attachment of a message as a
 * frame of its own, so attachments would each pass the per-frame size limit while the message
 * adds up past it: any message with one is malformed here, and the connection closes.
 */
class TextOnlyDecoder extends Decoder {
  constructor() {
    super({ maxAttachments: 0 });
  }
}

/** Socket.IO on the HTTP server: /host for instructors, /play for students, and the rooms they share. */
export function attachRealtime(httpServer: http.Server, deps: RealtimeDeps) {
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const limits = { ...DEFAULT_REALTIME_LIMITS, ...deps.limits };
  const corsOrigins = deps.corsOrigins ?? [];
  const allowedOrigins = new Set(corsOrigins);
  const trust = trustProxy(deps.trustProxy ?? 'loopback');
  const connections = new ConnectionGuard({ ...DEFAULT_CONNECTION_CAPS, ...deps.connectionCaps });
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: limits.maxPayloadBytes,
    parser: { Encoder, Decoder: TextOnlyDecoder },
    cors: corsOrigins.length ? { origin: corsOrigins, credentials: true } : undefined,
    pingInterval: 10_000,
    pingTimeout: 15_000,
    // A connection that never opens a namespace is closed soon.
    connectTimeout: 10_000,
    allowRequest: (request, callback) => {
      const verdict = connections.admit(clientAddress(request, trust));
      if (verdict !== 'ok') return callback(verdict === 'total' ? 'SERVER_FULL' : 'TOO_MANY_CONNECTIONS', false);
      admitted.add(request);
      callback(null, true);
    },
    ...(deps.cluster ? { adapter: deps.cluster.adapter } : {}),
  });
  // Which node served a request, for whoever checks how a proxy spreads rooms over the nodes.
  const nodeId = deps.cluster?.nodeId;
  if (nodeId) io.engine.on('headers', (headers: Record<string, string>) => (headers['x-served-by'] = nodeId));
  // A place is taken at the handshake and given back when the connection closes, or at once
  // when the handshake fails after it was admitted.
  const admitted = new WeakSet<object>();
  io.engine.on('connection_error', ({ req }: { req?: http.IncomingMessage }) => {
    if (req && admitted.delete(req)) connections.release(clientAddress(req, trust));
  });
  io.engine.on('connection', (raw: { request: http.IncomingMessage; once(event: 'close', listener: () => void): void }) => {
    if (!admitted.delete(raw.request)) return;
    const address = clientAddress(raw.request, trust);
    raw.once('close', () => connections.release(address));
  });
  const host: HostNamespace = io.of(NAMESPACES.host);
  const play: PlayNamespace = io.of(NAMESPACES.play);

  const notifier: RoomNotifier = {
    question: (code, question) => play.to(roomChannel(code)).emit('game:question', question),
    playerView: (_code, playerId, view) => play.to(playerChannel(playerId)).emit('game:view', view),
    hostView: (code, view) => host.to(hostChannel(code)).emit('host:view', view),
    hostRoster: (code, changes) => host.to(hostChannel(code)).emit('host:roster', changes),
    hostProgress: (code, progress) => host.to(hostChannel(code)).emit('host:progress', progress),
    kicked: (code, playerId) => {
      play.to(playerChannel(playerId)).emit('game:view', { phase: 'kicked' });
      play.in(playerChannel(playerId)).socketsLeave([roomChannel(code), playerChannel(playerId)]);
    },
    closed: (code, reason) => {
      play.to(roomChannel(code)).emit('room:closed', { reason });
      host.to(hostChannel(code)).emit('room:closed', { reason });
      play.in(roomChannel(code)).socketsLeave(roomChannel(code));
      host.in(hostChannel(code)).socketsLeave(hostChannel(code));
    },
  };
  /** This node's share of a room: its players (id and sockets) and hosts. */
  const localPresence = (code: string): PresenceShare => {
    const players = new Map<string, number>();
    for (const id of play.adapter.rooms.get(roomChannel(code)) ?? []) {
      const playerId = play.sockets.get(id)?.data.playerId;
      if (playerId) players.set(playerId, (players.get(playerId) ?? 0) + 1);
    }
    return { players: [...players], hosts: host.adapter.rooms.get(hostChannel(code))?.size ?? 0 };
  };
  const presenceHere = (code: string, complete: boolean): RoomPresence => {
    const here = localPresence(code);
    return { players: new Map(here.players), hosts: here.hosts, complete };
  };
  // Another node asks for this node's share (ids and counts, never whole sockets).
  play.on('presence', (code, reply) => reply(localPresence(code)));
  /** Who is in a room on any node: a room taken over starts from this, and its owner recounts with it. */
  const presence = async (code: string): Promise<RoomPresence> => {
    // One node alone has no one to ask (and its in-memory adapter refuses server-side emits).
    if (!deps.cluster) return presenceHere(code, true);
    // A node that does not answer in time (a machine that died still holding its Redis
    // connection, say) leaves the count incomplete: the answers that came are still used.
    const [others, complete] = await play.serverSideEmitWithAck('presence', code).then(
      (shares) => [shares, true] as const,
      (error: { responses?: PresenceShare[] }) => [error.responses ?? [], false] as const,
    );
    const shares = [localPresence(code), ...others];
    const players = new Map<string, number>();
    for (const share of shares) for (const [playerId, count] of share.players) players.set(playerId, (players.get(playerId) ?? 0) + count);
    return { players, hosts: shares.reduce((sum, share) => sum + share.hosts, 0), complete };
  };
  const rooms = startRooms({
    notifier,
    recorders: pgGameRecorders(deps.db),
    markServed: pgMarkServed(deps.db),
    timings: deps.timings,
    now: deps.now,
    log,
    presence,
    localPresence: (code) => presenceHere(code, false),
    ...(deps.cluster ? { cluster: withoutAdapter(deps.cluster) } : {}),
  });

  const flood = new EventFloodGuard(limits);
  for (const namespace of [host, play]) guardAgainstFloods(namespace, flood);

  host.use(async (socket, next) => {
    // Browsers send cookies on cross-site WebSocket handshakes too: the instructor's cookie counts
    // only from this server's pages (the rule of the HTTP API's writes).
    const { origin, host: hostHeader, 'sec-fetch-site': secFetchSite } = socket.request.headers;
    if (isCrossSite({ origin, host: hostHeader, secFetchSite: typeof secFetchSite === 'string' ? secFetchSite : undefined }, allowedOrigins)) {
      return next(new Error('CROSS_SITE_REQUEST'));
    }
    const token = parseCookies(socket.request.headers.cookie ?? '')[SESSION_COOKIE];
    let session: Awaited<ReturnType<typeof findSession>> = null;
    try {
      session = token ? await findSession(deps.db, token) : null;
    } catch (error) {
      // The database not answering says nothing about the session: the host retries.
      const outage = isStorageOutage(error);
      log(`host handshake: session not checked${outage ? `: ${errorSummary(error)}` : ''}`, outage ? undefined : error);
      return next(new Error(outage ? 'STORAGE_UNAVAILABLE' : 'INTERNAL'));
    }
    if (!session) return next(new Error('UNAUTHENTICATED'));
    socket.data.instructor = session.instructor;
    socket.data.sessionId = session.id;
    next();
  });
  // A session's host sockets share a channel, so that ending the session closes them on every node.
  host.on('connection', (socket) => void socket.join(sessionChannel(socket.data.sessionId)));

  registerHostHandlers(host, { rooms, badAttaches: new Budget('bad-attaches', limits.badAttachesPerMinute, 60), log });
  registerPlayHandlers(play, {
    rooms,
    roomCodes: new RoomCodeGuard(limits),
    seats: new Budget('seats', limits.joinsPerAddressMinute, 60),
    limits,
    addressOf: (socket) => clientAddress(socket.request, trust),
    log,
    classMembers: (tokens) => classMembersFor(deps.db, tokens),
  });

  return {
    io,
    rooms,
    /** Closes every /host socket of these sessions, on every node (a signed-out session ends its sockets at once). */
    disconnectSessions(sessionIds: string[]) {
      for (const id of sessionIds) host.in(sessionChannel(id)).disconnectSockets(true);
    },
    /** The sessions this node's /host sockets came with (housekeeping closes those that ended some other way). */
    hostSessionIds(): string[] {
      return [...new Set([...host.sockets.values()].map((socket) => socket.data.sessionId))];
    },
    /** Realtime connections open now (admitted handshakes included). */
    get connectionCount() {
      return connections.count;
    },
    /** Tells every client the server is going away, then closes Socket.IO. */
    async close() {
      await rooms.shutdown();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/** What a /host socket keeps of the session it was opened with (the session's id is the token's hash). */

const sessionChannel = (sessionId: string) => `session:${sessionId}`;

export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { maxConnections: 10_000, maxConnectionsPerAddress: 1_000 };

/** Every inbound event spends from the socket's budget; a socket that keeps flooding is cut off. */
function guardAgainstFloods(namespace: Namespace, flood: EventFloodGuard) {
  namespace.on('connection', (socket: Socket) => {
    socket.use(([, , ack], next) => {
      void flood.check(socket.id).then((verdict) => {
        if (verdict === 'ok') return next();
        if (typeof ack === 'function') ack(refusal('RATE_LIMITED', 'Slow down: too many messages.'));
        if (verdict === 'disconnect') socket.disconnect(true);
      });
    });
    socket.on('disconnect', () => flood.forget(socket.id));
  });
}

/** The rooms' share of the cluster settings: all of them but the Socket.IO adapter, which is this module's. */
function withoutAdapter<T extends { adapter: unknown }>({ adapter: _adapter, ...rest }: T): Omit<T, 'adapter'> {
  return rest;
}
