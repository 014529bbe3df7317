import type { Namespace, Socket } from 'socket.io';
import { PLAY_PAYLOADS } from '../protocol.ts';
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
  deps: { rooms: RoomManager; badJoins: BadJoinGuard; log: (message: string, error?: unknown) => void },
) {
  const { rooms, badJoins, log } = deps;

  namespace.on('connection', (socket: Socket) => {
    const data = socket.data as PlaySocketData;
    const address = socket.handshake.address;

    const enter = (code: string, playerId: string) => {
      leave();
      data.code = code;
      data.playerId = playerId;
      void socket.join([roomChannel(code), playerChannel(playerId)]);
      rooms.get(code)?.playerConnected(playerId);
    };
    const leave = () => {
      if (!data.code || !data.playerId) return;
      rooms.get(data.code)?.playerDisconnected(data.playerId);
      void socket.leave(roomChannel(data.code));
      void socket.leave(playerChannel(data.playerId));
      data.code = undefined;
      data.playerId = undefined;
    };

    /** The room for a join attempt; unknown codes count against the address. */
    const findRoom = async (code: string) => {
      if (await badJoins.blocked(address)) {
        return { error: refusal('JOIN_RATE_LIMITED', 'Too many wrong room codes. Wait a minute and try again.') };
      }
      const room = rooms.get(code);
      if (!room || room.isClosed) {
        await badJoins.failed(address);
        return { error: ROOM_NOT_FOUND };
      }
      return { room };
    };

    handle(socket, 'player:join', PLAY_PAYLOADS['player:join'], async ({ code, nickname }) => {
      const found = await findRoom(code);
      if (!found.room) return found.error;
      const joined = await found.room.join(nickname);
      if (joined.ok) enter(code, joined.playerId);
      return joined;
    }, log);

    handle(socket, 'player:rejoin', PLAY_PAYLOADS['player:rejoin'], async ({ code, token }) => {
      const found = await findRoom(code);
      if (!found.room) return found.error;
      const rejoined = found.room.rejoin(token);
      if (rejoined.ok) enter(code, rejoined.playerId);
      return rejoined;
    }, log);

    handle(socket, 'player:answer', PLAY_PAYLOADS['player:answer'], async ({ questionIndex, choices }) => {
      const room = data.code ? rooms.get(data.code) : undefined;
      if (!room || !data.playerId) return refusal('NOT_JOINED', 'Join a game first.');
      return room.answer(data.playerId, questionIndex, choices);
    }, log);

    handle(socket, 'player:leave', PLAY_PAYLOADS['player:leave'], () => {
      leave();
      return { ok: true };
    }, log);

    refuseUnknownEvents(socket, Object.keys(PLAY_PAYLOADS));
    socket.on('disconnect', leave);
  });
}
