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

/**
 * A WebSocket-only client without reconnection, resolved once connected; `localAddress` (a
 * loopback address such as 127.1.0.1) stands for a school's address, shared by its classes.
 */
export function connected(url: string, headers?: Record<string, string>, localAddress?: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers, ...(localAddress ? { localAddress } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * Bytes the socket receives from the server: the payload of every Engine.IO packet (type
 * character and data; what a WebSocket message carries, frame headers aside), pings included.
 */
export function receivedBytes(socket: Socket): { readonly bytes: number } {
  const counter = { bytes: 0 };
  socket.io.engine.on('packet', (packet: { data?: unknown }) => {
    counter.bytes += 1 + (typeof packet.data === 'string' ? Buffer.byteLength(packet.data) : 0);
  });
  return counter;
}
