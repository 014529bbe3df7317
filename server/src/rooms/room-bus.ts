import type { RoomCall } from './room-calls.ts';

/** A call for a room, sent to the node that owns it. */
export type RoomRequest = { code: string; call: RoomCall };

/** The owner's answer: the command's result, or word that it does not own the room (any more). */
export type RoomReply = { ok: true; result: unknown } | { ok: false; reason: 'not-owner' };

/**
 * Node-to-node requests for rooms owned elsewhere: the Redis bus (redis-room-bus.ts) carries
 * them between nodes; the memory bus (memory-room-bus.ts) serves one process.
 */
export interface RoomBus {
  /** Sends `request` to `nodeId` and resolves with its reply; rejects after `timeoutMs`. */
  request(nodeId: string, request: RoomRequest, timeoutMs: number): Promise<RoomReply>;
  /** Answers the requests sent to this node. */
  serve(handler: (request: RoomRequest) => Promise<RoomReply>): void;
  close(): Promise<void>;
}

/** Thrown when a node does not answer in time (it may be gone). */
export class BusTimeout extends Error {}
