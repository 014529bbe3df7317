import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { refusal as gameRefusal } from '../game/index.ts';
import type { Ack, ErrorCode } from '../protocol.ts';
import { isStorageOutage } from '../storage-outage.ts';

/** A refusal with one of the protocol's codes. */
export const refusal = (code: ErrorCode, message: string) => gameRefusal(code, message);

/**
 * Registers one inbound event: validate the payload with its schema, run the handler, answer
 * through the ack. A bad payload or a crash in the handler becomes an error ack; nothing
 * escapes to the room or the process.
 */
export function handle<S extends z.ZodType, R extends object>(
  socket: Socket,
  event: string,
  schema: S,
  handler: (payload: z.infer<S>) => Promise<Ack<R>> | Ack<R>,
  log: (message: string, error?: unknown) => void,
): void {
  socket.on(event, async (...args: unknown[]) => {
    // The ack is always the last argument, whatever a client sent before it.
    const last = args.at(-1);
    const reply = typeof last === 'function' ? (last as (response: Ack<R> | ReturnType<typeof refusal>) => void) : () => {};
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return reply(refusal('INVALID_PAYLOAD', `${where}${issue?.message ?? 'invalid payload'}`));
    }
    try {
      reply(await handler(parsed.data));
    } catch (error) {
      log(`${event} failed`, error);
      reply(isStorageOutage(error) ? refusal('STORAGE_UNAVAILABLE', 'Could not reach the storage. Please try again.') : refusal('INTERNAL', 'Something went wrong on the server.'));
    }
  });
}

/** Any event the namespace does not know gets a stable refusal instead of silence. */
export function refuseUnknownEvents(socket: Socket, known: readonly string[]): void {
  const names = new Set(known);
  socket.onAny((event: string, ...args: unknown[]) => {
    if (names.has(event)) return;
    const ack = args[args.length - 1];
    if (typeof ack === 'function') ack(refusal('UNKNOWN_COMMAND', `Unknown event "${String(event).slice(0, 40)}".`));
  });
}
