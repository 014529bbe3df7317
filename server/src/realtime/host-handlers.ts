import type { Namespace, Socket } from 'socket.io';
import type { SessionInstructor } from '../auth/sessions.ts';
import { HOST_PAYLOADS, type Ack } from '../protocol.ts';
import type { HostCommand } from '../rooms/live-room.ts';
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

const NOT_ATTACHED = refusal('NOT_HOST', 'Open one of your games first.');

/** Instructor events on /host: attach to an own room, then drive it (wherever it lives). */
export function registerHostHandlers(namespace: Namespace, deps: { rooms: RoomManager; log: (message: string, error?: unknown) => void }) {
  const { rooms, log } = deps;

  namespace.on('connection', (socket: Socket) => {
    const data = socket.data as HostSocketData;

    const detach = () => {
      if (!data.code) return;
      void rooms.run(data.code, 'hostDetached').catch((error: unknown) => log('host detach not delivered', error));
      void socket.leave(hostChannel(data.code));
      data.code = undefined;
    };

    /** Runs `action` on the attached room; attaching checked that it is this instructor's. */
    const withRoom = async <T extends object>(action: (code: string) => Promise<Ack<T> | undefined>) => {
      if (!data.code) return NOT_ATTACHED;
      return (await action(data.code)) ?? NOT_ATTACHED;
    };

    handle(socket, 'host:attach', HOST_PAYLOADS['host:attach'], async ({ code }) => {
      const attached = data.code === code;
      const outcome = await rooms.run(code, 'attachHost', data.instructor.id, attached);
      if (!outcome) return refusal('ROOM_NOT_FOUND', 'This game is not running any more.');
      if (outcome.ok && !attached) {
        detach();
        data.code = code;
        void socket.join(hostChannel(code));
      }
      return outcome;
    }, log);

    for (const [event, command] of Object.entries(COMMANDS)) {
      handle(socket, event, HOST_PAYLOADS[event as keyof typeof HOST_PAYLOADS], () => withRoom((code) => rooms.run(code, 'hostCommand', command)), log);
    }
    handle(socket, 'host:kick', HOST_PAYLOADS['host:kick'], ({ playerId }) => withRoom((code) => rooms.run(code, 'kick', playerId)), log);
    handle(socket, 'host:lock', HOST_PAYLOADS['host:lock'], ({ locked }) => withRoom((code) => rooms.run(code, 'setLocked', locked)), log);

    refuseUnknownEvents(socket, Object.keys(HOST_PAYLOADS));
    socket.on('disconnect', detach);
  });
}
