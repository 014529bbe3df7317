import type { Db } from '../db/client.ts';
import { createGame } from '../game/index.ts';
import { createGameRecord, liveRoomCodes } from '../games/game-repository.ts';
import { planGame, type NewGameInput } from '../games/game-setup.ts';
import { LiveRoom, DEFAULT_TIMINGS, type CloseReason, type RoomNotifier, type RoomTimings } from './live-room.ts';
import { newRoomCode } from './room-code.ts';
import { randomInt } from 'node:crypto';

export type RoomManagerDeps = {
  db: Db;
  notifier: RoomNotifier;
  timings?: Partial<RoomTimings>;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
};

/** The live rooms of this server process, by room code. */
export class RoomManager {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly timings: RoomTimings;
  private readonly now: () => number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly deps: RoomManagerDeps) {
    this.timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? ((message, error) => console.error(message, error ?? ''));
  }

  /** Opens a lobby for a saved quiz or a blueprint; returns the game id and its room code. */
  async create(instructorId: string, input: NewGameInput): Promise<{ gameId: string; code: string }> {
    const plan = await planGame(this.deps.db, instructorId, input);
    const taken = await liveRoomCodes(this.deps.db);
    const code = newRoomCode((candidate) => this.rooms.has(candidate) || taken.has(candidate));
    const settings = { ...input.settings, shuffleOptions: plan.shuffleOptions, seed: randomInt(2 ** 31) };
    const gameId = await createGameRecord(this.deps.db, {
      instructorId,
      quizId: plan.quizId,
      title: plan.title,
      roomCode: code,
      settings,
      items: plan.items,
    });
    const state = createGame({ questions: plan.questions, settings });
    const room = new LiveRoom(code, gameId, instructorId, plan.title, state, {
      db: this.deps.db,
      notifier: this.deps.notifier,
      timings: this.timings,
      now: this.now,
      log: this.log,
      onClosed: (closed) => this.rooms.delete(closed),
    });
    this.rooms.set(code, room);
    return { gameId, code };
  }

  get(code: string): LiveRoom | undefined {
    return this.rooms.get(code);
  }

  /** Live rooms of one instructor (for "rejoin your running game" after a reload). */
  ofInstructor(instructorId: string): { code: string; gameId: string; title: string; phase: string }[] {
    return [...this.rooms.values()]
      .filter((room) => room.instructorId === instructorId)
      .map((room) => ({ code: room.code, gameId: room.gameId, title: room.title, phase: room.phase }));
  }

  get size(): number {
    return this.rooms.size;
  }

  /** Tells every room the process is going away; games stay in the database as they were. */
  async shutdown(reason: CloseReason = 'server-shutdown'): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.close(reason)));
    this.rooms.clear();
  }
}
