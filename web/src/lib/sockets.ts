import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  HostClientEvents,
  HostServerEvents,
  PlayClientEvents,
  PlayServerEvents,
} from '../../../server/src/protocol.ts';

export type PlaySocket = Socket<PlayServerEvents, PlayClientEvents>;
export type HostSocket = Socket<HostServerEvents, HostClientEvents>;

const options = {
  // Phones on weak Wi-Fi: keep trying, a little slower each time, without giving up.
  reconnectionDelay: 500,
  reconnectionDelayMax: 4000,
  timeout: 8000,
};

// The room code rides on every request of the connection: a proxy in front of several nodes
// keeps a room's clients together by it (see nginx/nginx.conf), not by the school's one address.
export function connectPlay(room: string): PlaySocket {
  return io('/play', { ...options, query: { room } });
}

export function connectHost(room: string): HostSocket {
  return io('/host', { ...options, query: { room }, withCredentials: true });
}

type Failure = { ok: false; error: { code: string; message: string } };

type ClientEvents = PlayClientEvents & HostClientEvents;
export type ClientEvent = keyof ClientEvents;
/** What an event takes and what its ack answers, as the protocol's event maps say. */
export type PayloadOf<E extends ClientEvent> = Parameters<ClientEvents[E]>[0];
export type AckOf<E extends ClientEvent> = Parameters<Parameters<ClientEvents[E]>[1]>[0];

/** Emits with an ack; a lost connection or silence becomes a refusal the screen can show. */
export function request<E extends ClientEvent>(socket: PlaySocket | HostSocket, event: E, payload: PayloadOf<E>, timeoutMs = 8000): Promise<AckOf<E> | Failure> {
  return new Promise((resolve) => {
    // Either namespace's socket: this function's signature is what checks event and payload.
    (socket as Socket)
      .timeout(timeoutMs)
      .emit(event, payload, (error: Error | null, response: AckOf<E>) =>
        resolve(error ? { ok: false, error: { code: 'NO_RESPONSE', message: 'The server did not answer. Check your connection.' } } : response),
      );
  });
}
