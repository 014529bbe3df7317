import type { Namespace } from 'socket.io';
import type { SessionInstructor } from '../auth/sessions.ts';
import { HOST_COMMANDS, HOST_PAYLOADS, type Ack, type HostClientEvents, type HostServerEvents } from '../protocol.ts';
import type { RoomRouter } from '../rooms/room-router.ts';
import { handle, refusal, refuseUnknownEvents } from './handler.ts';
import type { Budget } from './limits.ts';

export type HostSocketData = { instructor: SessionInstructor; code?: string; sessionId: string };
/** `/host` with the protocol's event maps: an emit or a payload the protocol does not define does not compile. */
export type HostNamespace = Namespace<HostClientEvents, HostServerEvents, Record<string, never>, HostSocketData>;

export const hostChannel = (code: string) => `host:${code}`;

const NOT_ATTACHED = refusal('NOT_HOST', 'Open one of your games first.');
// Another instructor's room is answered like no room at all: attaching is no way to find live codes.
const NO_SUCH_ROOM = refusal('ROOM_NOT_FOUND', 'None of your games is running with this code.');
const TOO_MANY_ATTACHES = refusal('RATE_LIMITED', 'Too many codes that are not your games. Wait a minute.');

/** Instructor events on /host: attach to an own room, then drive it (wherever it lives). */
export function registerHostHandlers(
  namespace: HostNamespace,
  deps: { rooms: RoomRouter; badAttaches: Budget; log: (message: string, error?: unknown) => void },
) {
  const { rooms, badAttaches, log } = deps;

  namespace.on('connection', (socket) => {
    const { data } = socket;

    const detach = () => {
      if (!data.code) return;
      void rooms.run(data.code, { type: 'hostDetached' }).catch((error: unknown) => log('host detach not delivered', error));
      void socket.leave(hostChannel(data.code));
      data.code = undefined;
    };

    /** Runs `action` on the attached room; attaching checked that it is this instructor's. */
    const withRoom = async <T extends object>(action: (code: string) => Promise<Ack<T> | undefined>) => {
      if (!data.code) return NOT_ATTACHED;
      return (await action(data.code)) ?? NOT_ATTACHED;
    };

    handle(socket, 'host:attach', HOST_PAYLOADS['host:attach'], async ({ code, have }) => {
      const instructorId = data.instructor.id;
      if (await badAttaches.spent(instructorId)) return TOO_MANY_ATTACHES;
      const attached = data.code === code;
      const outcome = await rooms.run(code, { type: 'attachHost', instructorId, counted: attached, ...(have ? { have } : {}) });
      if (!outcome || (!outcome.ok && outcome.error.code === 'NOT_HOST')) {
        await badAttaches.take(instructorId);
        return NO_SUCH_ROOM;
      }
      // Joined once the room said yes (never to hear another instructor's room); a roster change
      // sent meanwhile shows as a gap in the changes' numbers, and the host attaches again.
      if (outcome.ok && !attached) {
        detach();
        data.code = code;
        void socket.join(hostChannel(code));
      }
      return outcome;
    }, log);

    for (const [event, command] of Object.entries(HOST_COMMANDS)) {
      handle(socket, event, HOST_PAYLOADS[event as keyof typeof HOST_COMMANDS], ({ at }) => withRoom((code) => rooms.run(code, { type: 'hostCommand', command, at })), log);
    }
    handle(socket, 'host:kick', HOST_PAYLOADS['host:kick'], (payload) =>
      withRoom((code) => rooms.run(code, { type: 'kick', playerIds: 'playerIds' in payload ? payload.playerIds : [payload.playerId] })), log);
    handle(socket, 'host:players', HOST_PAYLOADS['host:players'], ({ offset, limit }) => withRoom((code) => rooms.run(code, { type: 'hostPlayers', offset, limit })), log);
    handle(socket, 'host:lock', HOST_PAYLOADS['host:lock'], ({ locked }) => withRoom((code) => rooms.run(code, { type: 'setLocked', locked })), log);

    refuseUnknownEvents(socket, Object.keys(HOST_PAYLOADS));
    socket.on('disconnect', detach);
  });
}
