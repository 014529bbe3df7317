import type { GameState } from '../game/index.ts';
import type { GameRecorders } from './game-recorder.ts';
import { LiveRoom } from './live-room.ts';
import type { RoomNotifier, RoomStart, RoomTimings } from './room-types.ts';
import { RoomDurability } from './room-durability.ts';
import type { RoomMeta, RoomStore } from './room-store.ts';
import type { WriteGate } from './write-gate.ts';

export type LocalRoomsDeps = {
  notifier: RoomNotifier;
  timings: RoomTimings;
  now: () => number;
  log: (message: string, error?: unknown) => void;
  recorders: GameRecorders;
  store: RoomStore;
  nodeId: string;
  leaseMs: number;
  /** Shared by the rooms of a process, so that they queue for PostgreSQL instead of swamping it. */
  gate: WriteGate;
};

/** Where a local room starts: its state's version in the store, and whether it was taken over from another node. */
export type LocalStart = RoomStart & { version: number; adopted?: boolean };

/** The rooms this node owns, by code: it builds each one and forgets it once it closed or moved. */
export class LocalRooms {
  private readonly rooms = new Map<string, LiveRoom>();
  /** Rooms that closed here and may still be in the store for a moment: never adopted again. */
  private readonly closing = new Set<string>();

  constructor(private readonly deps: LocalRoomsDeps) {}

  open(meta: RoomMeta, start: LocalStart): LiveRoom {
    const { store, nodeId, leaseMs, log } = this.deps;
    let room: LiveRoom | undefined = undefined;
    const forget = () => {
      if (this.rooms.get(meta.code) === room) this.rooms.delete(meta.code);
    };
    const durability = new RoomDurability(
      this.deps.recorders(meta.gameId),
      this.deps.gate,
      { store, nodeId, leaseMs, meta },
      { version: start.version, adopted: start.adopted ? (start.state as GameState) : undefined },
      log,
      forget,
    );
    room = new LiveRoom({ code: meta.code, gameId: meta.gameId, instructorId: meta.instructorId, title: meta.title }, start, {
      durability,
      notifier: this.deps.notifier,
      timings: this.deps.timings,
      now: this.deps.now,
      log,
      onClosed: (code) => {
        forget();
        this.closing.add(code);
        void store
          .remove(code)
          .catch((error: unknown) => log(`room ${code}: not removed from the store`, error))
          .finally(() => this.closing.delete(code));
      },
    });
    this.rooms.set(meta.code, room);
    return room;
  }

  /** The room if this node owns it and it is open. */
  get(code: string): LiveRoom | undefined {
    const room = this.rooms.get(code);
    return room && !room.isClosed ? room : undefined;
  }

  has(code: string): boolean {
    return this.rooms.has(code);
  }

  isClosing(code: string): boolean {
    return this.closing.has(code);
  }

  /** Drops a room without closing it (its lease is gone; another node has it). */
  drop(code: string, room: LiveRoom) {
    if (this.rooms.get(code) === room) this.rooms.delete(code);
  }

  /** Every room, and forgets them all (the process is going away). */
  takeAll(): LiveRoom[] {
    const all = [...this.rooms.values()];
    this.rooms.clear();
    return all;
  }

  entries(): [string, LiveRoom][] {
    return [...this.rooms];
  }

  get size(): number {
    return this.rooms.size;
  }
}
