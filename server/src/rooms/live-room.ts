import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import {
  activePlayers,
  answerProgress,
  leaderboardView,
  playerView,
  podiumView,
  questionView,
  rankPlayers,
  reduce,
  reduceAnswers,
  reduceJoins,
  revealView,
  type AnswerProgress,
  type BatchResult,
  type Command,
  type GameEvent,
  type GameState,
  type PlayerView,
  type QuestionView,
} from '../game/index.ts';
import {
  deleteAnswers,
  deletePlayers,
  insertAnswers,
  insertPlayers,
  markKicked,
  releaseNickname,
  saveProgress,
  type AnswerRow,
} from '../games/game-repository.ts';
import type { Ack, ErrorCode, HostView, JoinedAck, RejoinedAck } from '../protocol.ts';
import { RoomStoreUnavailable, type RoomStore } from './room-store.ts';
import { throttle } from './throttle.ts';
import { WriteGate } from './write-gate.ts';
import { hashToken, newRejoinToken } from './tokens.ts';

export type CloseReason = 'ended' | 'host-left' | 'server-shutdown';

/** Where a room sends what happened; the realtime layer implements it with Socket.IO. */
export type RoomNotifier = {
  /** The open question, to every player of the room. */
  question(code: string, question: QuestionView): void;
  /** One player's whole screen. */
  playerView(code: string, playerId: string, view: PlayerView): void;
  hostView(code: string, view: HostView): void;
  hostProgress(code: string, progress: AnswerProgress & { index: number }): void;
  kicked(code: string, playerId: string): void;
  closed(code: string, reason: CloseReason): void;
};

export type RoomTimings = {
  /** How long a room waits for its host to come back before it ends itself. */
  hostGraceMs: number;
  /** How long a finished room stays open for late podium views and reconnects. */
  lingerMs: number;
  /** Least time between two host updates of the same kind (answers in, lobby). */
  hostUpdateMs: number;
};

export const DEFAULT_TIMINGS: RoomTimings = { hostGraceMs: 10 * 60_000, lingerMs: 10 * 60_000, hostUpdateMs: 250 };

export type RoomDeps = {
  db: Db;
  notifier: RoomNotifier;
  timings: RoomTimings;
  now: () => number;
  /** Every commit is saved here (a compare-and-set on the version) before anyone is told. */
  store: RoomStore;
  /** This node, the room's owner while its saves succeed. */
  nodeId: string;
  /** How long this node's claim on the room lasts without renewal. */
  leaseMs: number;
  /** Shared by the rooms of a process, so that they queue for PostgreSQL instead of swamping it. */
  dbGate?: WriteGate;
  onClosed: (code: string) => void;
  /** Another node took the room over: this copy has stopped and must be dropped. */
  onLost: (code: string) => void;
  log: (message: string, error?: unknown) => void;
};

/** Sockets in a room across the cluster: per player, and hosts; `complete` when every node answered. */
export type RoomPresence = { players: Map<string, number>; hosts: number; complete: boolean };

/** Where a room starts: a new game at version 0, or a state another node saved (takeover). */
export type RoomStart = {
  state: GameState;
  version: number;
  /** Rejoin token hash -> player id. */
  tokens?: Map<string, string>;
  /** Who is connected right now, on any node (a taken-over room asks the cluster). */
  presence?: RoomPresence;
  /** The room comes back from a restart with its question paused: the clock runs again when the host is back. */
  resumeWhenHostReturns?: boolean;
  /**
   * Taken over from another node, which may have announced a step it never stored in PostgreSQL
   * (see `announcesFirst`): the snapshot is stored again before this node's first write.
   */
  adopted?: boolean;
};

/**
 * Whether a step goes out before it is stored. A question that opens carries nothing that could
 * be lost (no answer, no score: a restart before it is stored resumes at the step before, and the
 * host opens it again), and a big room would otherwise wait for the whole snapshot to be written.
 */
function announcesFirst(previous: GameState, next: GameState): boolean {
  return next.phase === 'question' && (previous.phase !== 'question' || previous.index !== next.index);
}

type Refusal = { ok: false; error: { code: ErrorCode; message: string } };
const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, error: { code, message } });
const STORAGE_DOWN = () => refuse('STORAGE_UNAVAILABLE', 'Could not save right now. Please try again.');
const MOVED = () => refuse('STORAGE_UNAVAILABLE', 'This game moved to another server. Please try again.');

type PendingJoin = { playerId: string; nickname: string; deviceId?: string; token: string; hash: string; resolve: (ack: Ack<JoinedAck>) => void };

type PendingAnswer = { playerId: string; questionIndex: number; choices: number[]; resolve: (ack: Ack<{ questionIndex: number }>) => void };

export type HostCommand = 'start' | 'next' | 'skip' | 'end' | 'pause' | 'resume';

/**
 * One live game: it owns the game state, runs every command through the pure engine one at a
 * time, makes the results durable before anyone is told, and owns the room's timers.
 */
export class LiveRoom {
  private state: GameState;
  private version: number;
  private readonly tokens: Map<string, string>;
  private readonly connections: Map<string, number>;
  private hostConnections: number;
  private resumeWhenHostReturns: boolean;
  /** The storage of a question that was announced before it was stored, until it is. */
  private unsavedProgress: (() => Promise<void>) | null = null;
  private presenceEvents = 0;
  private lost = false;
  private readonly gate: WriteGate;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingAnswers: PendingAnswer[] = [];
  private pendingJoins: PendingJoin[] = [];
  private questionTimer: NodeJS.Timeout | undefined;
  private hostAbsentTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly pushHostView: ReturnType<typeof throttle>;
  private readonly pushProgress: ReturnType<typeof throttle>;

  constructor(
    readonly code: string,
    readonly gameId: string,
    readonly instructorId: string,
    readonly title: string,
    start: RoomStart,
    private readonly deps: RoomDeps,
  ) {
    this.state = start.state;
    this.version = start.version;
    this.gate = deps.dbGate ?? new WriteGate(8);
    this.tokens = start.tokens ?? new Map();
    this.resumeWhenHostReturns = start.resumeWhenHostReturns ?? false;
    this.connections = start.presence?.players ?? new Map();
    this.hostConnections = start.presence?.hosts ?? 0;
    if (start.adopted && this.state.phase !== 'lobby') {
      const adoptedState = this.state;
      const change = this.state.phase === 'podium' ? { status: 'ended' as const } : { status: 'running' as const, startedAt: new Date() };
      this.unsavedProgress = () => saveProgress(deps.db, gameId, adoptedState, change);
    }
    this.pushHostView = throttle(() => this.sendHostView(), deps.timings.hostUpdateMs);
    this.pushProgress = throttle(() => {
      if (this.state.phase === 'question' || this.state.phase === 'reveal') {
        this.deps.notifier.hostProgress(this.code, { index: this.state.index, ...answerProgress(this.state) });
      }
    }, deps.timings.hostUpdateMs);
    // A room without its host ends itself if the host never shows up.
    if (this.hostConnections === 0) this.startHostAbsentTimer();
    // A room taken over mid-game picks up its timers where the old owner left them.
    this.scheduleQuestionTimer();
    if (this.state.phase === 'podium') this.startCloseTimer();
  }

  get phase() {
    return this.state.phase;
  }

  get isClosed() {
    return this.closed;
  }

  /** True once another node has taken the room over; this copy no longer answers for it. */
  get lostOwnership() {
    return this.lost;
  }

  /** A copy of the state for tests and reports; never sent to players as is. */
  snapshot(): GameState {
    return this.state;
  }

  // ---------- students ----------

  /**
   * Joins that arrive together (a class entering the code) are checked one by one by the engine
   * and their players stored together; none is acknowledged before it is in the database.
   */
  join(nickname: string, deviceId?: string): Promise<Ack<JoinedAck>> {
    const { token, hash } = newRejoinToken();
    return new Promise((resolve) => {
      this.pendingJoins.push({ playerId: randomUUID(), nickname, deviceId, token, hash, resolve });
      if (this.pendingJoins.length === 1) void this.enqueue(() => this.flushJoins());
    });
  }

  /** The player behind a rejoin token and their current screen. */
  rejoin(token: string): Ack<RejoinedAck> {
    const playerId = this.tokens.get(hashToken(token));
    const player = playerId ? this.state.players[playerId] : undefined;
    if (!playerId || !player || player.left) return refuse('INVALID_TOKEN', 'This device is not part of the game any more. Join again.');
    if (player.kicked) return refuse('PLAYER_KICKED', 'The host removed you from this game.');
    return { ok: true, playerId, code: this.code, view: playerView(this.state, playerId, this.deps.now())! };
  }

  /**
   * Answers that arrive together are checked one by one by the engine and then stored in one
   * insert; none is acknowledged before it is in the database.
   */
  answer(playerId: string, questionIndex: number, choices: number[]): Promise<Ack<{ questionIndex: number }>> {
    return new Promise((resolve) => {
      this.pendingAnswers.push({ playerId, questionIndex, choices, resolve });
      if (this.pendingAnswers.length === 1) void this.enqueue(() => this.flushAnswers());
    });
  }

  playerConnected(playerId: string) {
    this.presenceEvents += 1;
    this.connections.set(playerId, (this.connections.get(playerId) ?? 0) + 1);
    this.pushHostView();
  }

  playerDisconnected(playerId: string) {
    this.presenceEvents += 1;
    const left = (this.connections.get(playerId) ?? 1) - 1;
    if (left > 0) this.connections.set(playerId, left);
    else this.connections.delete(playerId);
    this.pushHostView();
  }

  /** Changes with every connect and disconnect seen here; a recount taken meanwhile is stale. */
  get presenceMark(): number {
    return this.presenceEvents;
  }

  /**
   * Connects and disconnects arrive as events, and a node that died sent no disconnects for its
   * sockets: the owner recounts the room across the cluster now and then and takes the count.
   * A recount during which an event arrived here is dropped; one that some node did not answer
   * only raises counts (it cannot tell who left).
   */
  reconcilePresence({ players, hosts, complete }: RoomPresence, mark: number) {
    if (this.closed || mark !== this.presenceEvents) return;
    const counted = new Map(complete ? players : this.connections);
    if (!complete) for (const [playerId, count] of players) counted.set(playerId, Math.max(counted.get(playerId) ?? 0, count));
    const countedHosts = complete ? hosts : Math.max(hosts, this.hostConnections);
    const same =
      countedHosts === this.hostConnections &&
      counted.size === this.connections.size &&
      [...counted].every(([playerId, count]) => this.connections.get(playerId) === count);
    if (same) return;
    this.connections.clear();
    for (const [playerId, count] of counted) this.connections.set(playerId, count);
    this.hostConnections = countedHosts;
    if (countedHosts === 0) this.startHostAbsentTimer();
    else {
      clearTimeout(this.hostAbsentTimer);
      this.hostAbsentTimer = undefined;
    }
    this.pushHostView();
  }

  // ---------- host ----------

  hostCommand(command: HostCommand): Promise<Ack> {
    return this.apply({ type: command });
  }

  kick(playerIds: string[]): Promise<Ack> {
    return this.apply({ type: 'kick', playerIds });
  }

  /** The player gives the seat up (a student who joined under the wrong name, say). */
  leave(playerId: string): Promise<Ack> {
    return this.apply({ type: 'leave', playerId });
  }

  setLocked(locked: boolean): Promise<Ack> {
    return this.apply({ type: locked ? 'lock' : 'unlock' });
  }

  /** The instructor's screen, if this is their room; `counted` when the socket was attached already. */
  attachHost(instructorId: string, counted: boolean): Ack<{ view: HostView }> {
    if (instructorId !== this.instructorId) return refuse('NOT_HOST', 'Only the instructor who opened this game can host it.');
    if (!counted) this.hostAttached();
    if (this.resumeWhenHostReturns) {
      this.resumeWhenHostReturns = false;
      if (this.state.phase === 'question' && this.state.pausedRemainingMs !== null) void this.apply({ type: 'resume' });
    }
    return { ok: true, view: this.hostView() };
  }

  hostAttached() {
    this.presenceEvents += 1;
    this.hostConnections += 1;
    clearTimeout(this.hostAbsentTimer);
    this.hostAbsentTimer = undefined;
  }

  hostDetached() {
    this.presenceEvents += 1;
    this.hostConnections = Math.max(0, this.hostConnections - 1);
    if (this.hostConnections === 0) this.startHostAbsentTimer();
  }

  private startHostAbsentTimer() {
    if (this.closed || this.hostAbsentTimer) return;
    this.hostAbsentTimer = setTimeout(() => void this.close('host-left'), this.deps.timings.hostGraceMs);
    this.hostAbsentTimer.unref();
  }

  hostView(): HostView {
    const s = this.state;
    const question = s.phase === 'lobby' || s.phase === 'podium' ? null : questionView(s, this.deps.now());
    const reveal = revealView(s);
    const current = s.questions[s.index];
    const scores = new Map(rankPlayers(s).map((r) => [r.playerId, r.score]));
    return {
      code: this.code,
      gameId: this.gameId,
      title: this.title,
      phase: s.phase,
      locked: s.locked,
      settings: {
        streakBonus: s.settings.streakBonus,
        accuracyOnly: s.settings.accuracyOnly,
        podiumSize: s.settings.podiumSize,
        showLeaderboard: s.settings.showLeaderboard,
        shuffleOptions: s.settings.shuffleOptions,
      },
      questionCount: s.questions.length,
      index: s.index,
      players: activePlayers(s).map((p) => ({
        id: p.id,
        nickname: p.nickname,
        score: scores.get(p.id) ?? 0,
        connected: this.connections.has(p.id),
        answered: s.index in p.answers,
        joinedMsAgo: p.joinedAt === undefined ? null : Math.max(0, this.deps.now() - p.joinedAt),
      })),
      question,
      progress: s.phase === 'question' ? answerProgress(s) : null,
      reveal: reveal && current ? { ...reveal, topicId: current.topicId, questionId: current.id } : null,
      leaderboard: s.phase === 'reveal' || s.phase === 'leaderboard' ? leaderboardView(s) : null,
      podium: s.phase === 'podium' ? podiumView(s) : null,
    };
  }

  /** Ends the game if it is still running, tells everyone, and frees the room code. */
  async close(reason: CloseReason): Promise<void> {
    if (this.closed) return;
    if (this.state.phase !== 'podium' && reason !== 'server-shutdown') await this.apply({ type: 'end' });
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    this.deps.notifier.closed(this.code, reason);
    this.deps.onClosed(this.code);
  }

  /**
   * Before a planned restart: stops the clock of an open question (the remaining time is kept)
   * and stores the whole state, so the game resumes exactly here when the server is back.
   */
  async suspend(): Promise<void> {
    if (this.closed) return;
    if (this.state.phase === 'question' && this.state.pausedRemainingMs === null) await this.apply({ type: 'pause', by: 'server' });
    await this.enqueue(() => this.write(() => saveProgress(this.deps.db, this.gameId, this.state, {})));
  }

  /**
   * The store lost the room altogether (Redis restarted without its data) while this node still
   * holds it: publish it again under this node's lease. False when the room is still in the
   * store, that is when another node owns it now.
   */
  async republish(): Promise<boolean> {
    if (this.closed || (await this.deps.store.load(this.code))) return false;
    const meta = { code: this.code, gameId: this.gameId, instructorId: this.instructorId, title: this.title, phase: this.state.phase };
    if (!(await this.deps.store.create(meta, this.state, this.deps.nodeId, this.deps.leaseMs))) return false;
    this.version = 0;
    this.deps.log(`room ${this.code}: published again after the room store lost it`);
    return true;
  }

  /** Stops the timers without touching the game (the process is going away). */
  dispose() {
    this.closed = true;
    this.clearTimers();
  }

  // ---------- internals ----------

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs one command: engine, then storage, then the new state becomes visible. A question that
   * opens is the exception: it goes out first and is stored right after (see `announcesFirst`).
   */
  private apply(command: Command): Promise<Ack> {
    return this.enqueue(async (): Promise<Ack> => {
      if (this.closed) return refuse('ROOM_NOT_FOUND', 'This game has closed.');
      const previous = this.state;
      const result = reduce(previous, command, this.deps.now());
      if (!result.ok) return refuse(result.error.code, result.error.message);
      const announceFirst = announcesFirst(previous, result.state);
      try {
        // Written after any step still unsaved, also when this one goes out first.
        await this.write(async () => {
          if (!announceFirst) await this.persistEvents(previous, result.state, result.events);
        });
        if (!(await this.saveState(result.state))) return MOVED();
      } catch (error) {
        this.deps.log(`room ${this.code}: ${command.type} not saved`, error);
        return STORAGE_DOWN();
      }
      this.commit(result.state, result.events);
      if (announceFirst) {
        this.unsavedProgress = () => this.persistEvents(previous, result.state, result.events);
        try {
          await this.gate.run(() => this.catchUpProgress());
        } catch (error) {
          this.deps.log(`room ${this.code}: the open question is not saved yet; answers wait for it`, error);
        }
      }
      return { ok: true };
    });
  }

  /**
   * A write of the room's progress, at the shared gate, after the storage of a step that was
   * announced before it was stored: an answer is stored only once the question it answers is,
   * and a snapshot never lands before an older one.
   */
  private write<T>(work: () => Promise<T>): Promise<T> {
    return this.gate.run(async () => {
      await this.catchUpProgress();
      return work();
    });
  }

  /** Stores a phase change that was announced before it was saved, if it still is not. */
  private async catchUpProgress(): Promise<void> {
    if (!this.unsavedProgress) return;
    await this.unsavedProgress();
    this.unsavedProgress = null;
  }

  /**
   * The engine's verdict on commands that arrived together, in order, starting from the
   * committed state: refused ones are answered at once, accepted ones come back with the state
   * and events they lead to (not committed yet).
   */
  private settle<P extends { resolve: (ack: Refusal) => void }>(batch: P[], outcome: BatchResult) {
    const accepted: P[] = [];
    batch.forEach((pending, i) => {
      const refusal = outcome.refusals[i];
      if (refusal) pending.resolve(refuse(refusal.code, refusal.message));
      else accepted.push(pending);
    });
    return { state: outcome.state, events: outcome.events, accepted };
  }

  private async flushJoins(): Promise<void> {
    const batch = this.pendingJoins.splice(0);
    if (this.closed) {
      for (const pending of batch) pending.resolve(refuse('ROOM_NOT_FOUND', 'This game has closed.'));
      return;
    }
    const joinedAt = this.deps.now();
    const joins = (pending: PendingJoin[]) =>
      reduceJoins(this.state, pending.map(({ playerId, nickname, deviceId }) => ({ type: 'join', playerId, nickname, deviceId })), joinedAt);
    let round = this.settle(batch, joins(batch));
    if (!round.accepted.length) return;
    const rows = round.accepted.map((pending) => ({
      id: pending.playerId,
      gameId: this.gameId,
      nickname: round.state.players[pending.playerId]!.nickname,
      rejoinTokenHash: pending.hash,
    }));
    let stored = new Set<string>();
    let saving = false;
    try {
      stored = await this.gate.run(() => insertPlayers(this.deps.db, rows));
      // A nickname the database already holds for this game (from a join that was stored but
      // never completed) is refused on its own; the others join.
      const kept = round.accepted.filter((pending) => stored.has(pending.playerId));
      if (kept.length < round.accepted.length) {
        for (const pending of round.accepted) if (!stored.has(pending.playerId)) pending.resolve(refuse('NICKNAME_TAKEN', 'This nickname is already taken.'));
        round = this.settle(kept, joins(kept));
        if (!round.accepted.length) return;
      }
      saving = true;
      if (!(await this.saveState(round.state))) {
        await this.forgetPlayers(stored);
        for (const pending of round.accepted) pending.resolve(MOVED());
        return;
      }
    } catch (error) {
      this.deps.log(`room ${this.code}: ${rows.length} join(s) not saved`, error);
      // Rows are taken back only when the room store surely did not save these players; a save
      // whose answer was lost may have, and a player in the room needs its row.
      if (!saving || error instanceof RoomStoreUnavailable) await this.forgetPlayers(stored);
      for (const pending of round.accepted) pending.resolve(STORAGE_DOWN());
      return;
    }
    this.commit(round.state, round.events);
    const viewAt = this.deps.now();
    for (const { playerId, token, hash, resolve } of round.accepted) {
      this.tokens.set(hash, playerId);
      resolve({ ok: true, playerId, rejoinToken: token, code: this.code, view: playerView(this.state, playerId, viewAt)! });
    }
  }

  /** Players stored for joins that could not complete: their nicknames become free again. */
  private async forgetPlayers(ids: Set<string>) {
    await deletePlayers(this.deps.db, [...ids]).catch((error: unknown) => this.deps.log(`room ${this.code}: ${ids.size} unfinished join(s) left in the database`, error));
  }

  private async flushAnswers(): Promise<void> {
    const batch = this.pendingAnswers.splice(0);
    if (this.closed) {
      for (const pending of batch) pending.resolve(refuse('ROOM_NOT_FOUND', 'This game has closed.'));
      return;
    }
    const answers = batch.map(({ playerId, questionIndex, choices }) => ({ type: 'answer' as const, playerId, questionIndex, choices }));
    const { state, events, accepted } = this.settle(batch, reduceAnswers(this.state, answers, this.deps.now()));
    if (!accepted.length) return;
    const rows: AnswerRow[] = events.flatMap((event) => {
      if (event.type !== 'answerAccepted') return [];
      const question = state.questions[event.questionIndex]!;
      const { chosen, correct, responseMs, points } = event.answer;
      return [{ gameId: this.gameId, playerId: event.playerId, questionId: question.id, topicId: question.topicId, chosen, correct, responseMs, points }];
    });
    try {
      await this.write(async () => {
        await insertAnswers(this.deps.db, rows);
        await this.persistEvents(this.state, state, events);
      });
      if (!(await this.saveState(state))) {
        for (const pending of accepted) pending.resolve(MOVED());
        return;
      }
    } catch (error) {
      this.deps.log(`room ${this.code}: ${rows.length} answer(s) not saved`, error);
      for (const pending of accepted) pending.resolve(STORAGE_DOWN());
      return;
    }
    this.commit(state, events);
    for (const pending of accepted) pending.resolve({ ok: true, questionIndex: pending.questionIndex });
  }

  /**
   * The room store's compare-and-set: false when another node owns the room now, in which case
   * this copy stops at once (no timers, no broadcasts) and the manager forgets it.
   */
  private async saveState(next: GameState): Promise<boolean> {
    let version = await this.deps.store.save(this.code, this.deps.nodeId, this.version, next);
    if (version === null && (await this.republish())) {
      version = await this.deps.store.save(this.code, this.deps.nodeId, this.version, next);
    }
    if (version === null) {
      this.deps.log(`room ${this.code}: taken over by another node; stepping down`);
      this.lost = true;
      this.dispose();
      this.deps.onLost(this.code);
      return false;
    }
    this.version = version;
    return true;
  }

  /** The writes an event needs before it may be announced. */
  private async persistEvents(previous: GameState, next: GameState, events: GameEvent[]): Promise<void> {
    const { db } = this.deps;
    await markKicked(db, events.flatMap((event) => (event.type === 'playerKicked' ? [event.playerId] : [])));
    for (const event of events) {
      if (event.type === 'playerLeft') await releaseNickname(db, event.playerId);
      if (event.type === 'questionSkipped') await deleteAnswers(db, this.gameId, next.questions[event.index]!.id);
    }
    const phaseChange = events.find((event) => event.type === 'phaseChanged');
    if (phaseChange) {
      const change = {
        ...(previous.phase === 'lobby' ? { status: 'running' as const, startedAt: new Date() } : {}),
        ...(next.phase === 'podium' ? { status: 'ended' as const, endedAt: new Date() } : {}),
      };
      await saveProgress(db, this.gameId, next, change);
    }
  }

  private commit(next: GameState, events: GameEvent[]) {
    const previous = this.state;
    this.state = next;
    this.scheduleQuestionTimer();
    let hostChanged = false;
    for (const event of events) {
      if (event.type === 'paused' || event.type === 'resumed') {
        this.broadcastQuestion();
        hostChanged = true;
      } else if (event.type === 'playerKicked') {
        this.deps.notifier.kicked(this.code, event.playerId);
        hostChanged = true;
      } else if (event.type === 'playerJoined' || event.type === 'playerLeft' || event.type === 'lockChanged') {
        hostChanged = true;
      } else if (event.type === 'answerAccepted') {
        // The host's player list marks who has answered.
        this.pushProgress();
        hostChanged = true;
      }
    }
    if (next.phase !== previous.phase || next.index !== previous.index) {
      this.pushHostView.cancel();
      this.broadcastPhase();
      this.sendHostView();
    } else if (hostChanged) {
      this.pushHostView();
    }
    if (next.phase === 'podium' && previous.phase !== 'podium') this.startCloseTimer();
  }

  private startCloseTimer() {
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => void this.close('ended'), this.deps.timings.lingerMs);
    this.closeTimer.unref();
  }

  private broadcastQuestion() {
    const question = questionView(this.state, this.deps.now());
    if (question) this.deps.notifier.question(this.code, question);
  }

  /** A new phase: the question goes to the room at once, everything else per player. */
  private broadcastPhase() {
    if (this.state.phase === 'question') return this.broadcastQuestion();
    const now = this.deps.now();
    for (const player of activePlayers(this.state)) {
      this.deps.notifier.playerView(this.code, player.id, playerView(this.state, player.id, now)!);
    }
  }

  private sendHostView() {
    if (!this.closed) this.deps.notifier.hostView(this.code, this.hostView());
  }

  private scheduleQuestionTimer() {
    clearTimeout(this.questionTimer);
    this.questionTimer = undefined;
    const { phase, deadline } = this.state;
    if (phase !== 'question' || deadline === null || this.closed) return;
    this.questionTimer = setTimeout(() => void this.timeUp(), Math.max(0, deadline - this.deps.now()));
  }

  private async timeUp() {
    const outcome = await this.apply({ type: 'timeUp' });
    if (outcome.ok || this.closed) return;
    if (outcome.error.code === 'TOO_EARLY') this.scheduleQuestionTimer();
    if (outcome.error.code === 'STORAGE_UNAVAILABLE') {
      this.questionTimer = setTimeout(() => void this.timeUp(), 1_000);
    }
  }

  private clearTimers() {
    clearTimeout(this.questionTimer);
    clearTimeout(this.hostAbsentTimer);
    clearTimeout(this.closeTimer);
    this.pushHostView.cancel();
    this.pushProgress.cancel();
  }
}
