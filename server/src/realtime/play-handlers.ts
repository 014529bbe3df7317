import type { Namespace, Socket } from 'socket.io';
import { PLAY_PAYLOADS, type Ack } from '../protocol.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import { handle, refusal, refuseUnknownEvents } from './handler.ts';
import type { BadJoinGuard } from './limits.ts';

export type PlaySocketData = { code?: string; playerId?: string };

const ROOM_NOT_FOUND = refusal('ROOM_NOT_FOUND', 'No game with this code is running. Check the code on the screen.');

export const roomChannel = (code: string) => `room:${code}`;
export const playerChannel = (playerId: string) => `player:${playerId}`;

/** Student events on /play: join, rejoin with a token, answer, leave. */
export function registerPlayHandlers(
  namespace: Namespace,
  deps: {
    rooms: RoomManager;
    badJoins: BadJoinGuard;
    /** The student's address (behind a trusted proxy, the one it reports). */
    addressOf: (socket: Socket) => string;
    log: (message: string, error?: unknown) => void;
  },
) {
  const { rooms, badJoins, addressOf, log } = deps;
  const quietly = (work: Promise<unknown>) => void work.catch((error: unknown) => log('room presence not updated', error));

  namespace.on('connection', (socket: Socket) => {
    const data = socket.data as PlaySocketData;
    const address = addressOf(socket);

    const enter = (code: string, playerId: string) => {
      leave();
      data.code = code;
      data.playerId = playerId;
      void socket.join([roomChannel(code), playerChannel(playerId)]);
      quietly(rooms.run(code, 'playerConnected', playerId));
    };
    const leave = () => {
      if (!data.code || !data.playerId) return;
      quietly(rooms.run(data.code, 'playerDisconnected', data.playerId));
      void socket.leave(roomChannel(data.code));
      void socket.leave(playerChannel(data.playerId));
      data.code = undefined;
      data.playerId = undefined;
    };

    /** Runs a join or rejoin on the room (wherever it lives); unknown codes count against the address. */
    const joinRoom = async <T extends { playerId: string }>(code: string, attempt: () => Promise<Ack<T> | undefined>): Promise<Ack<T>> => {
      if (await badJoins.blocked(address)) {
        return refusal('JOIN_RATE_LIMITED', 'Too many wrong room codes. Wait a minute and try again.');
      }
      const outcome = await attempt();
      if (!outcome) {
        await badJoins.failed(address);
        return ROOM_NOT_FOUND;
      }
      if (outcome.ok) enter(code, outcome.playerId);
      return outcome;
    };

    handle(socket, 'player:join', PLAY_PAYLOADS['player:join'], ({ code, nickname }) => joinRoom(code, () => rooms.run(code, 'join', nickname)), log);

    handle(socket, 'player:rejoin', PLAY_PAYLOADS['player:rejoin'], ({ code, token }) => joinRoom(code, () => rooms.run(code, 'rejoin', token)), log);

    handle(socket, 'player:answer', PLAY_PAYLOADS['player:answer'], async ({ questionIndex, choices }) => {
      if (!data.code || !data.playerId) return refusal('NOT_JOINED', 'Join a game first.');
      return (await rooms.run(data.code, 'answer', data.playerId, questionIndex, choices)) ?? refusal('NOT_JOINED', 'Join a game first.');
    }, log);

    handle(socket, 'player:leave', PLAY_PAYLOADS['player:leave'], () => {
      leave();
      return { ok: true };
    }, log);

    refuseUnknownEvents(socket, Object.keys(PLAY_PAYLOADS));
    socket.on('disconnect', leave);
  });
}
