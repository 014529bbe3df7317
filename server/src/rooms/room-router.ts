import { withStoredAnswers, type GameState } from '../game/index.ts';
import type { CloseReason } from '../protocol.ts';
import type { GameRecorders } from './game-recorder.ts';
import type { LocalRooms } from './local-rooms.ts';
import { mainThreadHeartbeat, type HeartbeatTiming, type NodeHeartbeat, type StartHeartbeat } from './node-heartbeat.ts';
import type { RoomPresence } from './presence-count.ts';
import { BusTimeout, type RoomBus, type RoomReply, type RoomRequest } from './room-bus.ts';
import { callRoom, isRoomCall, unreachable, type RoomCall, type RoomResult } from './room-calls.ts';
import type { RoomMeta, RoomStore } from './room-store.ts';

export type RoomRouterDeps = {
  rooms: LocalRooms;
  store: RoomStore;
  bus: RoomBus;
  nodeId: string;
  /** How long this node's claim on a room lasts unless renewed (renewed three times per lease). */
  leaseMs: number;
  recorders: GameRecorders;
  /** Who is connected to a room on any node: for a room taken over, and the owner's recounts. */
  presence?: (code: string) => Promise<RoomPresence>;
  /** Who is connected to a room on this node, at once (a room taken over starts from it). */
  localPresence?: (code: string) => RoomPresence;
  log: (message: string, error?: unknown) => void;
  /**
   * Records that this node serves these games now (their open questions' clocks run): after a
   * crash, a game resumes with the time that was left then.
   */
  markServed?: (gameIds: string[]) => Promise<void>;
  /** How often this node says it is alive, and how long that lasts (a node silent longer is dead). */
  heartbeat?: HeartbeatTiming;
  /** Who sends the heartbeat (default: the main thread, through the store). */
  startHeartbeat?: StartHeartbeat;
};

/**
 * A node dead this long loses its rooms: the bound on a failover (see docs/reliability.md). A
 * main thread that has not run for `stallMs` counts as stuck (with a worker's heartbeat).
 */
export const DEFAULT_HEARTBEAT: HeartbeatTiming = { everyMs: 500, ttlMs: 2_000, stallMs: 6_000 };

/** A forwarded call that the owner has not answered in this long is given up (the owner is alive but stuck). */
const FORWARD_TIMEOUT_MS = 30_000;
const RETRY_PAUSE_MS = 100;
/** Timers are capped here: one process holds its rooms for ever, and a timer longer than 2^31 ms fires at once. */
const MAX_TIMER_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The way to every room: a room this node owns is called here; one owned by another node is
 * reached over the bus; one whose owner's lease ran out is taken over (loaded from the store,
 * its timers restarted). The router also renews this node's leases, adopts orphaned rooms and
 * recounts who is connected. One process is the same with a memory store and bus.
 */
export class RoomRouter {
  /** Rooms owned by other nodes, as last seen in the store (for `ofInstructor` and new codes). */
  private elsewhere = new Map<string, RoomMeta>();
  private readonly adopting = new Map<string, Promise<void>>();
  private readonly leaseTimer: NodeJS.Timeout;
  private readonly presenceTimer: NodeJS.Timeout;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private readonly pulse: NodeHeartbeat;
  /** This node's first heartbeat: a room opened before it could look orphaned to the others. */
  private readonly alive: Promise<void>;
  private sweeping = false;
  private ticking = false;
  private recounting = false;
  private stopped = false;

  constructor(private readonly deps: RoomRouterDeps) {
    deps.bus.serve((request) => this.serve(request));
    const heartbeat = deps.heartbeat ?? DEFAULT_HEARTBEAT;
    this.pulse = (deps.startHeartbeat ?? mainThreadHeartbeat(deps.store, deps.log))(deps.nodeId, heartbeat);
    this.alive = this.pulse.started;
    this.heartbeatTimer = setInterval(() => void this.markServing().then(() => this.sweep()), heartbeat.everyMs);
    this.heartbeatTimer.unref();
    this.leaseTimer = setInterval(() => void this.tick(), Math.min(MAX_TIMER_MS, Math.max(100, Math.floor(deps.leaseMs / 3))));
    this.leaseTimer.unref();
    // On a timer of its own: a slow recount must never hold up the lease renewals.
    this.presenceTimer = setInterval(() => void this.recountPresence(), Math.min(2 * MAX_TIMER_MS, 2 * deps.leaseMs));
    this.presenceTimer.unref();
  }

  get nodeId(): string {
    return this.deps.nodeId;
  }

  /** The room if this node owns it (tests, and reports of one node). */
  localRoom(code: string) {
    return this.deps.rooms.get(code);
  }

  /** Opens a room here for a game already recorded; false when its code is in the store already. */
  async open(meta: RoomMeta, state: GameState, start: { tokens?: Map<string, string>; resumeWhenHostReturns?: boolean; servedUntil?: number } = {}): Promise<boolean> {
    await this.alive;
    if (!(await this.deps.store.create(meta, state, this.deps.nodeId, this.deps.leaseMs))) return false;
    this.deps.rooms.open(meta, { state, version: 0, ...start });
    this.elsewhere.delete(meta.code);
    return true;
  }

  /** Codes of the rooms open anywhere in the cluster, as far as this node knows. */
  codesInUse(): Set<string> {
    return new Set([...this.deps.rooms.entries().map(([code]) => code), ...this.elsewhere.keys()]);
  }

  /**
   * Runs a call wherever the room lives. Undefined when there is no such room (or it has
   * closed); a `STORAGE_UNAVAILABLE` refusal when its owner stayed unreachable for two leases.
   */
  async run<C extends RoomCall>(code: string, call: C): Promise<RoomResult<C> | undefined> {
    const { rooms, store, nodeId } = this.deps;
    const giveUpAt = Date.now() + 2 * this.deps.leaseMs + 5_000;
    for (;;) {
      const local = rooms.get(code);
      if (local) {
        const result = await callRoom(local, call);
        if (!local.lostOwnership) return result;
        continue; // another node owns the room now: ask it
      }
      if (this.stopped) return undefined;
      const owner = await store.owner(code);
      const dead = owner !== null && owner !== nodeId && !(await store.isAlive(owner));
      if (owner === null || owner === nodeId || dead) {
        if (rooms.isClosing(code)) return undefined;
        if (!(await this.adopt(code, dead ? owner : undefined))) {
          const now = await store.owner(code);
          if (now === null || now === nodeId) return undefined; // no such room (any more)
        }
        continue;
      }
      const reply = await this.forward(owner, { code, call });
      if (reply?.ok) return reply.result as RoomResult<C>;
      if (Date.now() > giveUpAt) {
        this.deps.log(`room ${code}: owner ${owner} unreachable; giving up ${call.type}`);
        return unreachable(call);
      }
      await sleep(RETRY_PAUSE_MS);
    }
  }

  /** Open rooms of one instructor, here and elsewhere (for "back to your running game" after a reload). */
  ofInstructor(instructorId: string): { code: string; gameId: string; title: string; phase: GameState['phase'] }[] {
    const here = this.deps.rooms.entries().map(([, room]) => ({ ...room.identity, phase: room.phase }));
    const there = [...this.elsewhere.values()].filter((meta) => !this.deps.rooms.has(meta.code));
    return [...here, ...there].filter((room) => room.instructorId === instructorId).map(({ code, gameId, title, phase }) => ({ code, gameId, title, phase }));
  }

  /**
   * The process is going away. With a store other nodes share, the rooms live on: their leases
   * are given up so that another node takes them over at once. Otherwise every game is stored
   * as it is (the next start resumes it) and its room is closed.
   */
  async shutdown(reason: CloseReason = 'server-shutdown'): Promise<void> {
    this.stopped = true;
    clearInterval(this.leaseTimer);
    clearInterval(this.presenceTimer);
    clearInterval(this.heartbeatTimer);
    await this.pulse.stop();
    const rooms = this.deps.rooms.takeAll();
    if (this.deps.store.shared && reason === 'server-shutdown') {
      for (const room of rooms) room.dispose();
      await Promise.all(rooms.map((room) => this.deps.store.release(room.code, this.deps.nodeId).catch(() => undefined)));
      return;
    }
    if (reason === 'server-shutdown') {
      await Promise.all(rooms.map((room) => room.suspend().catch((error: unknown) => this.deps.log(`room ${room.code}: not suspended`, error))));
    }
    await Promise.all(rooms.map((room) => room.close(reason)));
    await this.deps.bus.close();
  }

  // ---------- the cluster ----------

  /**
   * Takes an orphaned room over: its lease ran out, or (`deadOwner`) its owner's heartbeat did.
   * The room's open question does not lose the time the room went unserved, as far as the
   * old owner's last heartbeat tells. False when another node was quicker or the room is gone.
   */
  private async adopt(code: string, deadOwner?: string): Promise<boolean> {
    const { rooms, store, nodeId, leaseMs } = this.deps;
    const running = this.adopting.get(code);
    if (running) {
      await running;
      return rooms.has(code);
    }
    const adoption = (async () => {
      if (this.stopped || rooms.isClosing(code)) return;
      const previous = deadOwner ?? (await store.lastOwner(code));
      const taken = deadOwner ? await store.takeOver(code, deadOwner, nodeId, leaseMs) : await store.claim(code, nodeId, leaseMs);
      if (!taken) return;
      const stored = await store.load(code);
      if (!stored) return;
      const recorder = this.deps.recorders(stored.meta.gameId);
      const open = stored.state.phase === 'question' ? stored.state.questions[stored.state.index] : undefined;
      const [tokens, answers, servedUntil] = await Promise.all([
        recorder.rejoinTokens(),
        // Answers the old owner stored but never saved in the room's state.
        open ? recorder.answersTo(open.id) : [],
        previous && previous !== nodeId ? store.lastSeen(previous) : null,
      ]);
      if (this.stopped || rooms.has(code)) return;
      const state = withStoredAnswers(stored.state, answers);
      const presence = this.deps.localPresence?.(code);
      const room = rooms.open(stored.meta, { state, version: stored.version, tokens, presence, adopted: true, ...(servedUntil !== null ? { servedUntil } : {}) });
      this.elsewhere.delete(code);
      this.deps.log(`room ${code}: taken over by node ${nodeId} at version ${stored.version}`);
      // Who is connected is counted afterwards: a dead node answers no one, and waiting for it
      // would keep the room unserved.
      const mark = room.presenceMark;
      void this.deps.presence?.(code).then(
        (count) => room.reconcilePresence(count, mark),
        (error: unknown) => this.deps.log(`room ${code}: presence unknown`, error),
      );
    })().finally(() => this.adopting.delete(code));
    this.adopting.set(code, adoption);
    await adoption;
    return rooms.has(code);
  }

  /**
   * Sends a call to the owner and waits for its answer as long as the owner keeps its lease: a
   * busy owner is waited for (sending again could run a command twice), a dead one is given up
   * as soon as its lease runs out or moves. Undefined when there is no answer.
   */
  private async forward(owner: string, request: RoomRequest): Promise<RoomReply | undefined> {
    let settled = false;
    const reply = this.deps.bus.request(owner, request, FORWARD_TIMEOUT_MS).then(
      (answer): RoomReply | undefined => answer,
      (error: unknown) => {
        if (error instanceof BusTimeout) return undefined;
        throw error;
      },
    );
    const ownerGone = (async (): Promise<undefined> => {
      while (!settled) {
        await sleep(Math.min(250, Math.max(50, Math.floor(this.deps.leaseMs / 3))));
        if (settled) return undefined;
        const now = await this.deps.store.owner(request.code).catch(() => owner);
        if (now !== owner || !(await this.deps.store.isAlive(owner).catch(() => true))) return undefined;
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
  private async serve({ code, call }: RoomRequest): Promise<RoomReply> {
    const room = this.deps.rooms.get(code);
    if (!room || !isRoomCall(call)) return { ok: false, reason: 'not-owner' };
    const result = await callRoom(room, call);
    if (room.lostOwnership) return { ok: false, reason: 'not-owner' };
    return { ok: true, result: result ?? null };
  }

  /** Recounts who is connected to this node's rooms across the cluster (see PresenceCount.reconcile). */
  private async recountPresence() {
    const { presence } = this.deps;
    if (!presence || this.recounting || this.stopped) return;
    this.recounting = true;
    try {
      for (const [code, room] of this.deps.rooms.entries()) {
        if (room.isClosed || this.stopped) continue;
        const mark = room.presenceMark;
        try {
          room.reconcilePresence(await presence(code), mark);
        } catch (error) {
          this.deps.log(`room ${code}: presence not recounted`, error);
        }
      }
    } finally {
      this.recounting = false;
    }
  }

  /** Records that this node serves its open questions now (see `markServed`). */
  private async markServing(): Promise<void> {
    const asking = this.deps.rooms.entries().filter(([, room]) => room.phase === 'question').map(([, room]) => room.identity.gameId);
    if (asking.length) await this.deps.markServed?.(asking).catch((error: unknown) => this.deps.log('served time not recorded', error));
  }

  /** Adopts the rooms of nodes whose heartbeat stopped, without waiting for their leases. */
  private async sweep() {
    if (this.sweeping || this.stopped || !this.elsewhere.size) return;
    this.sweeping = true;
    try {
      for (const code of [...this.elsewhere.keys()]) {
        const owner = await this.deps.store.owner(code);
        if (owner !== null && owner !== this.deps.nodeId && !(await this.deps.store.isAlive(owner))) await this.adopt(code, owner);
      }
    } catch (error) {
      this.deps.log('room sweep failed', error);
    } finally {
      this.sweeping = false;
    }
  }

  /** Renews this node's leases, drops rooms another node took, and adopts orphaned rooms. */
  private async tick() {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    const { rooms, store, nodeId, leaseMs, log } = this.deps;
    try {
      for (const [code, room] of rooms.entries()) {
        const held = await store.claim(code, nodeId, leaseMs).catch((error: unknown) => {
          log(`room ${code}: lease not renewed`, error);
          return true;
        });
        if (!held && !room.isClosed && !(await room.republish().catch(() => false))) {
          log(`room ${code}: lease lost; stepping down`);
          room.dispose();
          rooms.drop(code, room);
        }
      }
      const metas = await store.list();
      this.elsewhere = new Map(metas.filter((meta) => !rooms.has(meta.code)).map((meta) => [meta.code, meta]));
      for (const meta of this.elsewhere.values()) {
        if ((await store.owner(meta.code)) === null) await this.adopt(meta.code);
      }
    } catch (error) {
      log('room leases: tick failed', error);
    } finally {
      this.ticking = false;
    }
  }
}
