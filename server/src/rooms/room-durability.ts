import type { GameState } from '../game/index.ts';
import type { GameRecorder } from './game-recorder.ts';
import type { RoomMeta, RoomStore } from './room-store.ts';
import type { WriteGate } from './write-gate.ts';

/** Where a room's state is saved for the cluster, and this node's claim on it. */
export type RoomOwnership = { store: RoomStore; nodeId: string; leaseMs: number; meta: RoomMeta };

/**
 * How a live room makes a step durable before anyone is told: its writes to the game's record
 * go through the shared write gate in order (a step announced before it was stored is stored
 * before any later write), and its state is saved to the room store with a compare-and-set on
 * the version under this node's lease. When that save is refused, another node owns the room.
 */
export class RoomDurability {
  private version: number;
  /** The storage of a step that was announced before it was stored, until it is. */
  private unsavedStep: (() => Promise<void>) | null = null;
  private lostRoom = false;

  constructor(
    readonly recorder: GameRecorder,
    private readonly gate: WriteGate,
    private readonly ownership: RoomOwnership,
    start: { version: number; /** Taken over from another node, which may have announced a step it never stored. */ adopted?: GameState },
    private readonly log: (message: string, error?: unknown) => void,
    private readonly onLost: () => void,
  ) {
    this.version = start.version;
    const adopted = start.adopted;
    if (adopted && adopted.phase !== 'lobby') {
      const change = adopted.phase === 'podium' ? { status: 'ended' as const } : { status: 'running' as const, startedAt: new Date() };
      this.unsavedStep = () => recorder.saveProgress(adopted, change);
    }
  }

  /** True once another node has taken the room over. */
  get lost(): boolean {
    return this.lostRoom;
  }

  /** A write at the gate, after any step still unsaved: an answer is stored only once its question is. */
  write<T>(work: (recorder: GameRecorder) => Promise<T>): Promise<T> {
    return this.gate.run(async () => {
      await this.catchUp();
      return work(this.recorder);
    });
  }

  /** A write at the gate that does not depend on the steps before it (a join). */
  writeNow<T>(work: (recorder: GameRecorder) => Promise<T>): Promise<T> {
    return this.gate.run(() => work(this.recorder));
  }

  /** A step that went out before it was stored: stored now, and before any later write if that fails. */
  async storeAnnounced(store: () => Promise<void>): Promise<void> {
    this.unsavedStep = store;
    try {
      await this.gate.run(() => this.catchUp());
    } catch (error) {
      this.log(`room ${this.ownership.meta.code}: the open question is not saved yet; answers wait for it`, error);
    }
  }

  /**
   * The room store's compare-and-set. A store that lost the room altogether (Redis restarted
   * without its data) gets it again under this node's lease; false when another node owns it.
   */
  async save(next: GameState, current: GameState): Promise<boolean> {
    const { store, nodeId, meta } = this.ownership;
    let version = await store.save(meta.code, nodeId, this.version, next);
    if (version === null && (await this.republish(current))) version = await store.save(meta.code, nodeId, this.version, next);
    if (version === null) {
      this.log(`room ${meta.code}: taken over by another node; stepping down`);
      this.lostRoom = true;
      this.onLost();
      return false;
    }
    this.version = version;
    return true;
  }

  /** Publishes the room again if the store has lost it; false when it is still there (another node's now). */
  async republish(current: GameState): Promise<boolean> {
    const { store, nodeId, leaseMs, meta } = this.ownership;
    if (this.lostRoom || (await store.load(meta.code))) return false;
    if (!(await store.create({ ...meta, phase: current.phase }, current, nodeId, leaseMs))) return false;
    this.version = 0;
    this.log(`room ${meta.code}: published again after the room store lost it`);
    return true;
  }

  private async catchUp(): Promise<void> {
    if (!this.unsavedStep) return;
    await this.unsavedStep();
    this.unsavedStep = null;
  }
}
