import type { RoomStore } from './room-store.ts';

/**
 * How often a node says it is alive (`everyMs`), how long that lasts (`ttlMs`: a node silent
 * longer is dead and loses its rooms), and, for a heartbeat sent beside the main thread, how long
 * that thread may go without running before the heartbeat stops too (`stallMs`).
 */
export type HeartbeatTiming = { everyMs: number; ttlMs: number; stallMs: number };

/** A node's heartbeat while it runs. */
export interface NodeHeartbeat {
  /** Settles once the first beat was sent (or failed: the next one may still work). */
  readonly started: Promise<void>;
  stop(): Promise<void>;
}

export type StartHeartbeat = (nodeId: string, timing: HeartbeatTiming) => NodeHeartbeat;

/**
 * Beats from the main thread through the store: one process (no one else looks), and the
 * fallback of the worker's heartbeat. A main thread busy for longer than `ttlMs` misses beats.
 */
export function mainThreadHeartbeat(store: RoomStore, log: (message: string, error?: unknown) => void): StartHeartbeat {
  return (nodeId, { everyMs, ttlMs }) => {
    const beat = () => store.heartbeat(nodeId, ttlMs).catch((error: unknown) => log('heartbeat not sent', error));
    const timer = setInterval(() => void beat(), everyMs);
    timer.unref();
    return {
      started: beat(),
      stop: async () => clearInterval(timer),
    };
  };
}
