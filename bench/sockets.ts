/** Socket.IO client helpers the benches share (they are not part of `npm test`). */
import { io as connect, type Socket } from 'socket.io-client';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Emits with an ack; rejects when none comes within `timeoutMs`. */
export function call<T = any>(socket: Socket, event: string, payload: unknown = {}, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), timeoutMs);
    socket.emit(event, payload, (response: T) => {
      clearTimeout(timer);
      resolve(response);
    });
  });
}

/** A WebSocket-only client without reconnection, resolved once connected. */
export function connected(url: string, headers?: Record<string, string>): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
