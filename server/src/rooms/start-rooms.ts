import { randomUUID } from 'node:crypto';
import type { GameRecorders } from './game-recorder.ts';
import { DEFAULT_TIMINGS, type RoomNotifier, type RoomTimings } from './room-types.ts';
import { LocalRooms } from './local-rooms.ts';
import { MemoryRoomBus } from './memory-room-bus.ts';
import type { StartHeartbeat } from './node-heartbeat.ts';
import type { RoomPresence } from './presence-count.ts';
import type { RoomBus } from './room-bus.ts';
import { DEFAULT_HEARTBEAT, RoomRouter } from './room-router.ts';
import { MemoryRoomStore, type RoomStore } from './room-store.ts';
import { WriteGate } from './write-gate.ts';

/** Room writes in flight at once: the pool has 20 connections, and HTTP needs some too. */
const WRITES_AT_ONCE = 12;

export type RoomsDeps = {
  notifier: RoomNotifier;
  recorders: GameRecorders;
  timings?: Partial<RoomTimings>;
  now?: () => number;
  log: (message: string, error?: unknown) => void;
  presence?: (code: string) => Promise<RoomPresence>;
  localPresence?: (code: string) => RoomPresence;
  /** Records that this node serves these games' open questions now (see RoomRouter). */
  markServed?: (gameIds: string[]) => Promise<void>;
  /** Several nodes: the shared store and the bus between them. Left out: one process, in memory. */
  cluster?: { store: RoomStore; bus: RoomBus; nodeId: string; leaseMs?: number; heartbeatTtlMs?: number; startHeartbeat?: StartHeartbeat };
};

/**
 * A node whose main thread has not run for two thirds of a lease has missed two of its lease
 * renewals: by then it counts as stuck, and its heartbeat stops too (6 s at the default 9 s).
 */
export const stallBound = (leaseMs: number) => Math.round((leaseMs * 2) / 3);

/** This node's rooms and the router to every room of the cluster (one process: memory store and bus). */
export function startRooms(deps: RoomsDeps): RoomRouter {
  const nodeId = deps.cluster?.nodeId ?? randomUUID();
  const store = deps.cluster?.store ?? new MemoryRoomStore();
  const bus = deps.cluster?.bus ?? new MemoryRoomBus(nodeId);
  // One process never loses a room to anyone: its leases do not run out.
  const leaseMs = deps.cluster ? (deps.cluster.leaseMs ?? 9_000) : Number.MAX_SAFE_INTEGER;
  const rooms = new LocalRooms({
    notifier: deps.notifier,
    timings: { ...DEFAULT_TIMINGS, ...deps.timings },
    now: deps.now ?? Date.now,
    log: deps.log,
    recorders: deps.recorders,
    store,
    nodeId,
    leaseMs,
    gate: new WriteGate(WRITES_AT_ONCE),
  });
  const heartbeat = { ...DEFAULT_HEARTBEAT, ttlMs: deps.cluster?.heartbeatTtlMs ?? DEFAULT_HEARTBEAT.ttlMs, stallMs: stallBound(leaseMs) };
  return new RoomRouter({
    rooms,
    store,
    bus,
    nodeId,
    leaseMs,
    heartbeat,
    startHeartbeat: deps.cluster?.startHeartbeat,
    recorders: deps.recorders,
    presence: deps.presence,
    localPresence: deps.localPresence,
    markServed: deps.markServed,
    log: deps.log,
  });
}
