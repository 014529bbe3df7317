import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { createGame } from '../game/index.ts';
import { createGameRecord, liveRoomCodes } from '../games/game-repository.ts';
import { planGame, type NewGameInput } from '../games/game-setup.ts';
export type { RoomPresence } from './live-room.ts';
import { LiveRoom, DEFAULT_TIMINGS, type CloseReason, type HostCommand, type RoomNotifier, type RoomPresence, type RoomStart, type RoomTimings } from './live-room.ts';
import { BusTimeout, type RoomBus, type RoomReply, type RoomRequest } from './room-bus.ts';
import { newRoomCode } from './room-code.ts';
import { MemoryRoomStore, type RoomMeta, type RoomStore } from './room-store.ts';
import type { LiveGame } from '../games/game-types.ts';
import { WriteGate } from './write-gate.ts';
import { loadSuspendedGames } from './resume.ts';

/** Who is connected to a room right now, on any node. */

export type RoomManagerDeps = {
  db: Db;
  notifier: RoomNotifier;
  /** Most players in play in one room (the engine's default when left out). */
  roomCapacity?: number;
  timings?: Partial<RoomTimings>;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
  /** Where rooms are saved after every commit; a memory store when left out. */
  store?: RoomStore;
  /** Set when several nodes share the store: rooms owned elsewhere are reached through it. */
  bus?: RoomBus;
  nodeId?: string;
  /** How long a room's lease lasts; the owner renews it three times per lease. */
  leaseMs?: number;
  /** Asked when this node takes a room over, so the new owner knows who is connected. */
  presence?: (code: string) => Promise<RoomPresence>;
};

/** The room operations a node may run for a client, here or on the room's owner. */
const METHODS = {
  join: (room: LiveRoom, nickname: string, deviceId?: string) => room.join(nickname, deviceId),
  rejoin: (room: LiveRoom, token: string) => room.rejoin(token),
  answer: (room: LiveRoom, playerId: string, questionIndex: number, choices: number[]) => room.answer(playerId, questionIndex, choices),
  playerConnected: (room: LiveRoom, playerId: string) => room.playerConnected(playerId),
  playerDisconnected: (room: LiveRoom, playerId: string) => room.playerDisconnected(playerId),
  attachHost: (room: LiveRoom, instructorId: string, counted: boolean) => room.attachHost(instructorId, counted),
  hostDetached: (room: LiveRoom) => room.hostDetached(),
  hostCommand: (room: LiveRoom, command: HostCommand) => room.hostCommand(command),
  kick: (room: LiveRoom, playerIds: string[]) => room.kick(playerIds),
  leave: (room: LiveRoom, playerId: string) => room.leave(playerId),
  setLocked: (room: LiveRoom, locked: boolean) => room.setLocked(locked),
} satisfies Record<string, (room: LiveRoom, ...args: never[]) => unknown>;

export type RoomMethod = keyof typeof METHODS;
type ArgsOf<M extends RoomMethod> = (typeof METHODS)[M] extends (room: LiveRoom, ...args: infer A) => unknown ? A : never;
type ResultOf<M extends RoomMethod> = Awaited<ReturnType<(typeof METHODS)[M]>>;

const invoke = <M extends RoomMethod>(room: LiveRoom, method: M, args: ArgsOf<M>): Promise<ResultOf<M>> =>
  Promise.resolve((METHODS[method] as (room: LiveRoom, ...rest: unknown[]) => unknown)(room, ...args)) as Promise<ResultOf<M>>;

/** Thrown when a room's owner cannot be reached and nobody could take the room over in time. */
export class RoomUnavailable extends Error {}

/** A forwarded call that the owner has not answered in this long is given up (the owner is alive but stuck). */
const FORWARD_TIMEOUT_MS = 30_000;
const RETRY_PAUSE_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The live rooms of this node, and the way to every other room of the cluster.
 *
 * One process (no bus): every room lives here and `run` calls it directly. Several nodes: each
 * room is owned by the node that holds its lease in the store; `run` calls the room here if this
 * node owns it, forwards the call over the bus to the owner otherwise, and takes an orphaned room
 * over (load from the store, restart its timers) when its owner's lease has run out.
 */
export class RoomManager {
  private readonly rooms = new Map<string, LiveRoom>();
  /** Rooms owned by other nodes, as last seen in the store (for `ofInstructor` and new codes). */
  private elsewhere = new Map<string, RoomMeta>();
  private readonly adopting = new Map<string, Promise<void>>();
  /** Rooms that closed here and may still be in the store for a moment: never adopted again. */
  private readonly closing = new Set<string>();
  private readonly timings: RoomTimings;
  private readonly now: () => number;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly store: RoomStore;
  private readonly bus: RoomBus | undefined;
  readonly nodeId: string;
  private readonly leaseMs: number;
  private leaseTimer: NodeJS.Timeout | undefined;
  private ticking = false;
  private presenceTimer: NodeJS.Timeout | undefined;
  private recounting = false;
  /** Room writes in flight at once: the pool has 20 connections, and HTTP needs some too. */
  private readonly dbGate = new WriteGate(12);
  private stopped = false;

  constructor(private readonly deps: RoomManagerDeps) {
    this.timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? ((message, error) => console.error(message, error ?? ''));
    this.store = deps.store ?? new MemoryRoomStore();
    this.bus = deps.bus;
    this.nodeId = deps.nodeId ?? randomUUID();
    // One process never loses a room to anyone: its leases do not run out.
    this.leaseMs = this.bus ? (deps.leaseMs ?? 9_000) : Number.MAX_SAFE_INTEGER;
    if (this.bus) {
      this.bus.serve((request) => this.serve(request));
      this.leaseTimer = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.leaseMs / 3)));
      this.leaseTimer.unref();
      // On a timer of its own: a slow recount must never hold up the lease renewals.
      this.presenceTimer = setInterval(() => void this.recountPresence(), 2 * this.leaseMs);
      this.presenceTimer.unref();
    }
  }

  /** Opens a lobby for a saved quiz or a blueprint; returns the game id and its room code. */
  async create(instructorId: string, input: NewGameInput): Promise<{ gameId: string; code: string }> {
    const plan = await planGame(this.deps.db, instructorId, input);
    const taken = await liveRoomCodes(this.deps.db);
    const code = newRoomCode((candidate) => this.rooms.has(candidate) || this.elsewhere.has(candidate) || taken.has(candidate));
    const settings = { ...input.settings, shuffleOptions: plan.shuffleOptions, seed: randomInt(2 ** 31) };
    const gameId = await createGameRecord(this.deps.db, {
      instructorId,
      quizId: plan.quizId,
      title: plan.title,
      roomCode: code,
      settings,
      items: plan.items,
    });
    const state = createGame({ questions: plan.questions, settings, capacity: this.deps.roomCapacity });
    const meta: RoomMeta = { code, gameId, instructorId, title: plan.title, phase: state.phase };
    if (!(await this.store.create(meta, state, this.nodeId, this.leaseMs))) throw new Error(`room code ${code} is already in the room store`);
    this.open(meta, { state, version: 0 });
    return { gameId, code };
  }

  /**
   * One process: reopens the games that were live when it last stopped, from PostgreSQL. (In a
   * cluster the rooms stay in Redis and another node takes them over instead.)
   */
  async resumeSuspended(): Promise<number> {
    if (this.bus) return 0;
    const games = await loadSuspendedGames(this.deps.db);
    for (const { meta, state } of games) {
      if (this.rooms.has(meta.code)) continue;
      await this.store.create(meta, state, this.nodeId, this.leaseMs);
      const tokens = await rejoinTokens(this.deps.db, meta.gameId);
      // A question the host paused stays paused; one the server paused runs again with the host.
      // (Snapshots from before `pausedBy` existed have none: they were paused by the server.)
      const pausedForRestart = state.phase === 'question' && state.pausedRemainingMs !== null && state.pausedBy !== 'host';
      this.open(meta, { state, version: 0, tokens, resumeWhenHostReturns: pausedForRestart });
    }
    return games.length;
  }

  /** The room if this node owns it (tests and one-node deployments). */
  get(code: string): LiveRoom | undefined {
    return this.rooms.get(code);
  }

  /**
   * Runs a room operation wherever the room lives. Resolves with undefined when there is no
   * such room (or it has closed); throws RoomUnavailable when its owner is unreachable for longer
   * than a lease.
   */
  async run<M extends RoomMethod>(code: string, method: M, ...args: ArgsOf<M>): Promise<ResultOf<M> | undefined> {
    const giveUpAt = Date.now() + 2 * this.leaseMs + 5_000;
    for (;;) {
      const local = this.rooms.get(code);
      if (local && !local.isClosed) {
        const result = await invoke(local, method, args);
        if (!local.lostOwnership) return result;
        continue; // another node owns the room now: ask it
      }
      if (!this.bus || this.stopped) return undefined;
      const owner = await this.store.owner(code);
      if (owner === null || owner === this.nodeId) {
        if (this.closing.has(code)) return undefined;
        if (!(await this.adopt(code))) {
          const now = await this.store.owner(code);
          if (now === null || now === this.nodeId) return undefined; // no such room (any more)
        }
        continue;
      }
      const reply = await this.forward(owner, { code, method, args });
      if (reply?.ok) return reply.result as ResultOf<M>;
      if (Date.now() > giveUpAt) throw new RoomUnavailable(`room ${code}: owner ${owner} unreachable`);
      await sleep(RETRY_PAUSE_MS);
    }
  }

  /** Live rooms of one instructor (for "rejoin your running game" after a reload). */
  ofInstructor(instructorId: string): LiveGame[] {
    const here = [...this.rooms.values()].map((room) => ({ code: room.code, gameId: room.gameId, title: room.title, phase: room.phase, instructorId: room.instructorId }));
    const there = [...this.elsewhere.values()].filter((meta) => !this.rooms.has(meta.code));
    return [...here, ...there]
      .filter((room) => room.instructorId === instructorId)
      .map((room) => ({ code: room.code, gameId: room.gameId, title: room.title, phase: room.phase }));
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * The process is going away. One node: every room is told and ends as it is. A cluster: the
   * rooms live on; their leases are given up so that another node takes them over at once.
   */
  async shutdown(reason: CloseReason = 'server-shutdown'): Promise<void> {
    this.stopped = true;
    clearInterval(this.leaseTimer);
    clearInterval(this.presenceTimer);
    if (this.bus && reason === 'server-shutdown') {
      const rooms = [...this.rooms.values()];
      this.rooms.clear();
      for (const room of rooms) room.dispose();
      await Promise.all(rooms.map((room) => this.store.release(room.code, this.nodeId).catch(() => undefined)));
      return;
    }
    const rooms = [...this.rooms.values()];
    // A restart, not the end of class: store every game as it is, so the next start resumes it.
    if (reason === 'server-shutdown') {
      await Promise.all(rooms.map((room) => room.suspend().catch((error: unknown) => this.log(`room ${room.code}: not suspended`, error))));
    }
    await Promise.all(rooms.map((room) => room.close(reason)));
    this.rooms.clear();
  }

  // ---------- internals ----------

  private open(meta: RoomMeta, start: RoomStart): LiveRoom {
    const room = new LiveRoom(meta.code, meta.gameId, meta.instructorId, meta.title, start, {
      db: this.deps.db,
      notifier: this.deps.notifier,
      timings: this.timings,
      now: this.now,
      log: this.log,
      store: this.store,
      nodeId: this.nodeId,
      leaseMs: this.leaseMs,
      dbGate: this.dbGate,
      onClosed: (closed) => {
        if (this.rooms.get(closed) === room) this.rooms.delete(closed);
        this.closing.add(closed);
        void this.store
          .remove(closed)
          .catch((error: unknown) => this.log(`room ${closed}: not removed from the store`, error))
          .finally(() => this.closing.delete(closed));
      },
      onLost: (lost) => {
        if (this.rooms.get(lost) === room) this.rooms.delete(lost);
      },
    });
    this.rooms.set(meta.code, room);
    this.elsewhere.delete(meta.code);
    return room;
  }

  /** Takes an orphaned room over; false when another node was quicker or the room is gone. */
  private async adopt(code: string): Promise<boolean> {
    const running = this.adopting.get(code);
    if (running) {
      await running;
      return this.rooms.has(code);
    }
    const adoption = (async () => {
      if (this.stopped || this.closing.has(code) || !(await this.store.claim(code, this.nodeId, this.leaseMs))) return;
      const stored = await this.store.load(code);
      if (!stored) return;
      const [tokens, presence] = await Promise.all([
        rejoinTokens(this.deps.db, stored.meta.gameId),
        this.deps.presence?.(code).catch((error: unknown) => {
          this.log(`room ${code}: presence unknown`, error);
          return undefined;
        }),
      ]);
      if (this.stopped || this.rooms.has(code)) return;
      this.open(stored.meta, { state: stored.state, version: stored.version, tokens, presence, adopted: true });
      this.log(`room ${code}: taken over by node ${this.nodeId} at version ${stored.version}`);
    })().finally(() => this.adopting.delete(code));
    this.adopting.set(code, adoption);
    await adoption;
    return this.rooms.has(code);
  }

  /**
   * Sends a call to the owner and waits for its answer as long as the owner keeps its lease: a
   * busy owner is waited for (sending again could run a command twice), a dead one is given up
   * as soon as its lease runs out or moves. Undefined when there is no answer.
   */
  private async forward(owner: string, request: RoomRequest): Promise<RoomReply | undefined> {
    let settled = false;
    const reply = this.bus!.request(owner, request, FORWARD_TIMEOUT_MS).then(
      (answer): RoomReply | undefined => answer,
      (error: unknown) => {
        if (error instanceof BusTimeout) return undefined;
        throw error;
      },
    );
    const ownerGone = (async (): Promise<undefined> => {
      while (!settled) {
        await sleep(Math.max(100, Math.floor(this.leaseMs / 3)));
        if (settled) return undefined;
        const now = await this.store.owner(request.code).catch(() => owner);
        if (now !== owner) return undefined;
      }
      return undefined;
    })();
    try {
      return await Promise.race([reply, ownerGone]);
    } finally {
      settled = true;
    }
  }

  /** A call forwarded by another node. */
  private async serve({ code, method, args }: RoomRequest): Promise<RoomReply> {
    const room = this.rooms.get(code);
    if (!room || room.isClosed || !Object.hasOwn(METHODS, method)) return { ok: false, reason: 'not-owner' };
    const result = await invoke(room, method as RoomMethod, args as never);
    if (room.lostOwnership) return { ok: false, reason: 'not-owner' };
    return { ok: true, result: result ?? null };
  }

  /** Recounts who is connected to this node's rooms across the cluster (see LiveRoom.reconcilePresence). */
  private async recountPresence() {
    const { presence } = this.deps;
    if (!presence || this.recounting || this.stopped) return;
    this.recounting = true;
    try {
      for (const [code, room] of [...this.rooms]) {
        if (room.isClosed || this.stopped) continue;
        const mark = room.presenceMark;
        try {
          room.reconcilePresence(await presence(code), mark);
        } catch (error) {
          this.log(`room ${code}: presence not recounted`, error);
        }
      }
    } finally {
      this.recounting = false;
    }
  }

  /** Renews this node's leases, drops rooms another node took, and adopts orphaned rooms. */
  private async tick() {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      for (const [code, room] of [...this.rooms]) {
        const held = await this.store.claim(code, this.nodeId, this.leaseMs).catch((error: unknown) => {
          this.log(`room ${code}: lease not renewed`, error);
          return true;
        });
        if (!held && this.rooms.get(code) === room && !room.isClosed && !(await room.republish().catch(() => false))) {
          this.log(`room ${code}: lease lost; stepping down`);
          room.dispose();
          this.rooms.delete(code);
        }
      }
      const metas = await this.store.list();
      this.elsewhere = new Map(metas.filter((meta) => !this.rooms.has(meta.code)).map((meta) => [meta.code, meta]));
      for (const meta of this.elsewhere.values()) {
        if ((await this.store.owner(meta.code)) === null) await this.adopt(meta.code);
      }
    } catch (error) {
      this.log('room leases: tick failed', error);
    } finally {
      this.ticking = false;
    }
  }
}

/** Rejoin token hashes of a game's players: the database has them, so any node can rejoin anyone. */
async function rejoinTokens(db: Db, gameId: string): Promise<Map<string, string>> {
  const players = await db.player.findMany({ where: { gameId }, select: { id: true, rejoinTokenHash: true } });
  return new Map(players.filter((p) => p.rejoinTokenHash).map((p) => [p.rejoinTokenHash!, p.id]));
}
