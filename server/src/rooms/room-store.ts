import type { GameState } from '../game/index.ts';

/** The store could not be reached, and nothing was written (as opposed to an answer lost on the way back). */
export class RoomStoreUnavailable extends Error {}

/** What every node may know about a live room without loading its game state. */
export type RoomMeta = { code: string; gameId: string; instructorId: string; title: string; phase: GameState['phase'] };

/** A room as the store holds it: its meta, its last committed state and that state's version. */
export type StoredRoom = { meta: RoomMeta; state: GameState; version: number };

/**
 * Where live rooms are kept between commits, and who owns each of them.
 *
 * A room has one owner node at a time, the only one that runs commands and timers for it. The
 * owner holds a lease (`claim`, renewed well before `ttlMs` runs out); when it stops renewing,
 * any node may claim the room and `load` it. `save` is a compare-and-set: it succeeds only for
 * the lease holder and only on the version it loaded or last saved, so two nodes can never both
 * commit a step of the same room. The memory store serves one process; the Redis store
 * (redis-room-store.ts) serves several nodes. Both pass test/integration/room-store-contract.test.ts.
 */
export interface RoomStore {
  /** Whether other nodes see this store (then a node that stops hands its rooms over instead of ending them). */
  readonly shared: boolean;
  /** Adds a room at version 0 with `nodeId` as its owner; false if the code is already in use. */
  create(meta: RoomMeta, state: GameState, nodeId: string, ttlMs: number): Promise<boolean>;
  load(code: string): Promise<StoredRoom | null>;
  /** Replaces the state if `nodeId` holds the lease and the stored version is `version`; returns the new version, or null. */
  save(code: string, nodeId: string, version: number, state: GameState): Promise<number | null>;
  /** Forgets the room and its lease. */
  remove(code: string): Promise<void>;
  /** The metas of every room in the store. */
  list(): Promise<RoomMeta[]>;
  /** Takes the lease if nobody holds it, or extends it if `nodeId` does; false if another node holds it. */
  claim(code: string, nodeId: string, ttlMs: number): Promise<boolean>;
  /** The node holding the lease, or null once it has expired. */
  owner(code: string): Promise<string | null>;
  /** Gives the lease up if `nodeId` holds it. */
  release(code: string, nodeId: string): Promise<void>;
  /** This node is alive for `ttlMs` more (nodes renew it often); also records when it was last seen. */
  heartbeat(nodeId: string, ttlMs: number): Promise<void>;
  /** Whether `nodeId`'s heartbeat is current. */
  isAlive(nodeId: string): Promise<boolean>;
  /** When `nodeId` last renewed its heartbeat (its clock), or null if never. */
  lastSeen(nodeId: string): Promise<number | null>;
  /**
   * Takes the lease of a room whose owner `from` has no current heartbeat (it died), before the
   * lease runs out; false when the owner is another node or still alive. The old owner's next
   * save is refused, so two nodes never both commit a step.
   */
  takeOver(code: string, from: string, nodeId: string, ttlMs: number): Promise<boolean>;
  /** The node that last held the room's lease (whether or not it still does), or null. */
  lastOwner(code: string): Promise<string | null>;
}

type MemoryRoom = StoredRoom & { lease: { nodeId: string; until: number } | null; lastOwner: string };
type Heartbeat = { at: number; until: number };

/**
 * The one-process store. States are kept by reference: the engine never mutates a state, so
 * nothing is copied on the hot path of every commit.
 */
export class MemoryRoomStore implements RoomStore {
  readonly shared = false;
  private readonly rooms = new Map<string, MemoryRoom>();
  private readonly heartbeats = new Map<string, Heartbeat>();

  constructor(private readonly clock: () => number = Date.now) {}

  async create(meta: RoomMeta, state: GameState, nodeId: string, ttlMs: number): Promise<boolean> {
    if (this.rooms.has(meta.code)) return false;
    this.rooms.set(meta.code, { meta: { ...meta }, state, version: 0, lease: { nodeId, until: this.clock() + ttlMs }, lastOwner: nodeId });
    return true;
  }

  async load(code: string): Promise<StoredRoom | null> {
    const room = this.rooms.get(code);
    return room ? { meta: { ...room.meta }, state: room.state, version: room.version } : null;
  }

  async save(code: string, nodeId: string, version: number, state: GameState): Promise<number | null> {
    const room = this.rooms.get(code);
    if (!room || this.holder(room) !== nodeId || room.version !== version) return null;
    room.state = state;
    room.version += 1;
    room.meta.phase = state.phase;
    return room.version;
  }

  async remove(code: string): Promise<void> {
    this.rooms.delete(code);
  }

  async list(): Promise<RoomMeta[]> {
    return [...this.rooms.values()].map((room) => ({ ...room.meta }));
  }

  async claim(code: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const room = this.rooms.get(code);
    if (!room) return false;
    const holder = this.holder(room);
    if (holder !== null && holder !== nodeId) return false;
    room.lease = { nodeId, until: this.clock() + ttlMs };
    room.lastOwner = nodeId;
    return true;
  }

  async owner(code: string): Promise<string | null> {
    const room = this.rooms.get(code);
    return room ? this.holder(room) : null;
  }

  async release(code: string, nodeId: string): Promise<void> {
    const room = this.rooms.get(code);
    if (room && this.holder(room) === nodeId) room.lease = null;
  }

  async heartbeat(nodeId: string, ttlMs: number): Promise<void> {
    const at = this.clock();
    this.heartbeats.set(nodeId, { at, until: at + ttlMs });
  }

  async isAlive(nodeId: string): Promise<boolean> {
    return this.alive(nodeId);
  }

  async lastSeen(nodeId: string): Promise<number | null> {
    return this.heartbeats.get(nodeId)?.at ?? null;
  }

  async takeOver(code: string, from: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const room = this.rooms.get(code);
    if (!room || this.holder(room) !== from || this.alive(from)) return false;
    room.lease = { nodeId, until: this.clock() + ttlMs };
    room.lastOwner = nodeId;
    return true;
  }

  async lastOwner(code: string): Promise<string | null> {
    return this.rooms.get(code)?.lastOwner ?? null;
  }

  private alive(nodeId: string): boolean {
    return (this.heartbeats.get(nodeId)?.until ?? 0) > this.clock();
  }

  private holder(room: MemoryRoom): string | null {
    return room.lease && room.lease.until > this.clock() ? room.lease.nodeId : null;
  }
}
