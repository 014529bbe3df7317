import type { Namespace, Socket } from 'socket.io';
import type { ClassMemberRef } from '../game/index.ts';
import { PLAY_PAYLOADS, type Ack, type PlayClientEvents, type PlayServerEvents } from '../protocol.ts';
import type { RoomRouter } from '../rooms/room-router.ts';
import { handle, refusal, refuseUnknownEvents } from './handler.ts';
import type { Budget, RealtimeLimits, RoomCodeGuard } from './limits.ts';

export type PlaySocketData = { code?: string; playerId?: string };
/** One node's share of a room: player ids with their socket counts, and hosts. */
export type PresenceShare = { players: [string, number][]; hosts: number };
/** What nodes ask each other (server-side emits). */
type NodeEvents = { presence: (code: string, reply: (share: PresenceShare) => void) => void };
/** `/play` with the protocol's event maps. */
export type PlayNamespace = Namespace<PlayClientEvents, PlayServerEvents, NodeEvents, PlaySocketData>;

const ROOM_NOT_FOUND = refusal('ROOM_NOT_FOUND', 'No game with this code is running. Check the code on the screen.');
const TOO_MANY_CODES = refusal('JOIN_RATE_LIMITED', 'Too many wrong room codes. Wait a minute, then check the code on the screen.');
const NOT_JOINED = refusal('NOT_JOINED', 'Join a game first (a seat taken in another tab or on another device is played there).');
const ALREADY_JOINED = refusal('ALREADY_JOINED', 'This connection already holds a seat. Leave it first.');

export const roomChannel = (code: string) => `room:${code}`;
export const playerChannel = (playerId: string) => `player:${playerId}`;
/** The connections that hold a seat: the newest one only (a kicked player's stays, to be told PLAYER_KICKED). */
const SEAT_PREFIX = 'seat:';
const seatChannel = (playerId: string) => `${SEAT_PREFIX}${playerId}`;

/** Student events on /play: join, rejoin with a token, answer, leave. */
export function registerPlayHandlers(
  namespace: PlayNamespace,
  deps: {
    rooms: RoomRouter;
    roomCodes: RoomCodeGuard;
    /** New seats per address. */
    seats: Budget;
    limits: Pick<RealtimeLimits, 'joinTimeoutMs'>;
    /** The student's address (behind a trusted proxy, the one it reports). */
    addressOf: (socket: Socket) => string;
    log: (message: string, error?: unknown) => void;
    /** The class members a browser's student tokens name (none without tokens). */
    classMembers?: (tokens: string[]) => Promise<ClassMemberRef[]>;
  },
) {
  const { rooms, roomCodes, seats, limits, addressOf, log } = deps;
  const classMembers = deps.classMembers ?? (async () => []);
  const quietly = (work: Promise<unknown>) => void work.catch((error: unknown) => log('room presence not updated', error));
  /**
   * What each connection does when it is taken out of its seat's channel: a newer connection
   * took the seat, from this node or another (the adapter reports every leave on this node).
   */
  const onSeatLeft = new Map<string, (channel: string) => void>();
  namespace.adapter.on('leave-room', (channel: string, socketId: string) => {
    if (channel.startsWith(SEAT_PREFIX)) onSeatLeft.get(socketId)?.(channel);
  });

  namespace.on('connection', (socket) => {
    const { data } = socket;
    const address = addressOf(socket);
    /** A join or rejoin in flight: a second one on the same socket must not take a second seat. */
    let joining = false;

    // A socket that holds no seat is closed after a while: idle sockets would use up the
    // process's file descriptors, which PostgreSQL needs too.
    let idleTimer: NodeJS.Timeout | undefined;
    const closeWhenIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => socket.disconnect(true), limits.joinTimeoutMs);
      idleTimer.unref();
    };
    closeWhenIdle();

    const enter = (code: string, playerId: string) => {
      disconnectSeat();
      clearTimeout(idleTimer);
      // The newest connection takes the seat: any other one that holds it (another tab or
      // device, on any node) is told, and lets the seat go once out of its channel.
      const others = namespace.in(seatChannel(playerId)).except(socket.id);
      others.emit('seat:moved', {});
      others.socketsLeave(seatChannel(playerId));
      data.code = code;
      data.playerId = playerId;
      void socket.join([roomChannel(code), playerChannel(playerId), seatChannel(playerId)]);
      quietly(rooms.run(code, { type: 'playerConnected', playerId }));
    };
    /** This socket stops showing the seat as connected (the seat itself stays). */
    const disconnectSeat = () => {
      const { code, playerId } = data;
      if (!code || !playerId) return;
      data.code = undefined;
      data.playerId = undefined;
      quietly(rooms.run(code, { type: 'playerDisconnected', playerId }));
      for (const channel of [roomChannel(code), playerChannel(playerId), seatChannel(playerId)]) void socket.leave(channel);
    };
    onSeatLeft.set(socket.id, (channel) => {
      if (!data.playerId || channel !== seatChannel(data.playerId)) return;
      disconnectSeat();
      closeWhenIdle();
    });

    /**
     * Runs a join or rejoin on the room (wherever it lives). Unknown codes spend the socket's and
     * the address's budgets; once one is spent, no code is looked up for a join, and a rejoin only
     * succeeds with a code and token that belong together, so nothing tells a live code from a dead one.
     */
    const joinRoom = async <T extends { playerId: string }>(
      code: string,
      kind: 'join' | 'rejoin',
      attempt: () => Promise<Ack<T> | undefined>,
    ): Promise<Ack<T>> => {
      if (joining || (kind === 'join' && data.playerId)) return ALREADY_JOINED;
      joining = true;
      try {
        const blocked = await roomCodes.blocked(socket.id, address);
        if (blocked && kind === 'join') return TOO_MANY_CODES;
        const outcome = await attempt();
        if (!outcome) await roomCodes.failed(socket.id, address);
        if (blocked && !outcome?.ok) return TOO_MANY_CODES;
        if (!outcome) return ROOM_NOT_FOUND;
        if (outcome.ok) enter(code, outcome.playerId);
        return outcome;
      } finally {
        joining = false;
      }
    };

    handle(socket, 'player:join', PLAY_PAYLOADS['player:join'], ({ code, nickname, deviceId, studentTokens }) =>
      joinRoom(code, 'join', async () => {
        if (!(await seats.take(address))) return refusal('JOIN_RATE_LIMITED', 'Too many students are joining from this network at once. Try again in a minute.');
        // The room takes the one of the game's class, if any: the others are no business of the room.
        const members = studentTokens?.length ? await classMembers(studentTokens) : [];
        return rooms.run(code, { type: 'join', nickname, deviceId, ...(members.length ? { members } : {}) });
      }), log);

    handle(socket, 'player:rejoin', PLAY_PAYLOADS['player:rejoin'], ({ code, token }) => joinRoom(code, 'rejoin', () => rooms.run(code, { type: 'rejoin', token })), log);

    handle(socket, 'player:answer', PLAY_PAYLOADS['player:answer'], async ({ questionIndex, choices }) => {
      if (!data.code || !data.playerId) return NOT_JOINED;
      return (await rooms.run(data.code, { type: 'answer', playerId: data.playerId, questionIndex, choices })) ?? NOT_JOINED;
    }, log);

    handle(socket, 'player:leave', PLAY_PAYLOADS['player:leave'], async () => {
      const { code, playerId } = data;
      if (!code || !playerId) return { ok: true };
      // The seat is given up: it no longer counts in the room (answers, ranks, capacity).
      const outcome = await rooms.run(code, { type: 'leave', playerId });
      if (outcome && !outcome.ok && outcome.error.code === 'STORAGE_UNAVAILABLE') return outcome;
      disconnectSeat();
      closeWhenIdle();
      return { ok: true };
    }, log);

    refuseUnknownEvents(socket, Object.keys(PLAY_PAYLOADS));
    socket.on('disconnect', () => {
      clearTimeout(idleTimer);
      onSeatLeft.delete(socket.id);
      roomCodes.forget(socket.id);
      disconnectSeat();
    });
  });
}
