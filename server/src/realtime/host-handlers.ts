import type { Namespace, Socket } from 'socket.io';
import type { SessionInstructor } from '../auth/sessions.ts';
import { HOST_PAYLOADS, type Ack } from '../protocol.ts';
import type { HostCommand, LiveRoom } from '../rooms/live-room.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import { handle, refusal, refuseUnknownEvents } from './handler.ts';

export type HostSocketData = { instructor: SessionInstructor; code?: string };

export const hostChannel = (code: string) => `host:${code}`;

const COMMANDS: Record<string, HostCommand> = {
  'host:start': 'start',
  'host:next': 'next',
  'host:skip': 'skip',
  'host:end': 'end',
  'host:pause': 'pause',
  'host:resume': 'resume',
};

/** Instructor events on /host: attach to an own room, then drive it. */
export function registerHostHandlers(namespace: Namespace, deps: { rooms: RoomManager; log: (message: string, error?: unknown) => void }) {
  const { rooms, log } = deps;

  namespace.on('connection', (socket: Socket) => {
    const data = socket.data as HostSocketData;

    const detach = () => {
      if (!data.code) return;
      rooms.get(data.code)?.hostDetached();
      void socket.leave(hostChannel(data.code));
      data.code = undefined;
    };

    /** Runs `action` on the attached room, which must be this instructor's. */
    const withRoom = async <T extends object>(action: (room: LiveRoom) => Promise<Ack<T>> | Ack<T>) => {
      const room = data.code ? rooms.get(data.code) : undefined;
      if (!room) return refusal('NOT_HOST', 'Open one of your games first.');
      return action(room);
    };

    handle(socket, 'host:attach', HOST_PAYLOADS['host:attach'], ({ code }) => {
      const room = rooms.get(code);
      if (!room) return refusal('ROOM_NOT_FOUND', 'This game is not running any more.');
      if (room.instructorId !== data.instructor.id) return refusal('NOT_HOST', 'Only the instructor who opened this game can host it.');
      if (data.code !== code) {
        detach();
        data.code = code;
        void socket.join(hostChannel(code));
        room.hostAttached();
      }
      return { ok: true, view: room.hostView() };
    }, log);

    for (const [event, command] of Object.entries(COMMANDS)) {
      handle(socket, event, HOST_PAYLOADS[event as keyof typeof HOST_PAYLOADS], () => withRoom((room) => room.hostCommand(command)), log);
    }
    handle(socket, 'host:kick', HOST_PAYLOADS['host:kick'], ({ playerId }) => withRoom((room) => room.kick(playerId)), log);
    handle(socket, 'host:lock', HOST_PAYLOADS['host:lock'], ({ locked }) => withRoom((room) => room.setLocked(locked)), log);

    refuseUnknownEvents(socket, Object.keys(HOST_PAYLOADS));
    socket.on('disconnect', detach);
  });
}
