import { randomUUID } from 'node:crypto';
import {
  activePlayers,
  answerProgress,
  classMemberOf,
  seatOfMember,
  hostPlayers,
  hostView,
  playerUpdate,
  playerView,
  questionView,
  refusal,
  type ClassMemberRef,
  type Command,
  type GameEvent,
  type GameState,
  type HostView,
  type StateMark,
} from '../game/index.ts';
import type { Ack, AttachedAck, CloseReason, HostCommand, JoinedAck, PlayersPage, RejoinedAck } from '../protocol.ts';
import { HostRoster } from './host-roster.ts';
import { PresenceCount, type RoomPresence } from './presence-count.ts';
import type { RoomIdentity, RoomNotifier, RoomStart, RoomTimings } from './room-types.ts';
import type { RoomDurability } from './room-durability.ts';
import { RoomSteps, type PendingAnswer, type PendingJoin } from './room-steps.ts';
import { RoomTimers } from './room-timers.ts';
import { throttle } from './throttle.ts';
import { hashToken, newRejoinToken } from './tokens.ts';

export type RoomDeps = {
  durability: RoomDurability;
  notifier: RoomNotifier;
  timings: RoomTimings;
  now: () => number;
  onClosed: (code: string) => void;
  log: (message: string, error?: unknown) => void;
};

const CLOSED = () => refusal('ROOM_NOT_FOUND', 'This game has closed.');

/** How long past its deadline a question waits for the retry of an answer that arrived in time but could not be stored. */
export const UNSTORED_ANSWER_GRACE_MS = 10_000;
const UNSTORED_RETRY_CHECK_MS = 500;

/**
 * One live game: it owns the game state, runs every command through the pure engine one at a
 * time (joins and answers that arrive together in one pass), makes each result durable before
 * anyone is told, tells the room, and owns the room's timers.
 */
export class LiveRoom {
  private state: GameState;
  private readonly tokens: Map<string, string>;
  private readonly presence: PresenceCount;
  private readonly connected = (playerId: string) => this.presence.isConnected(playerId);
  private resumeWhenHostReturns: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingAnswers: PendingAnswer[] = [];
  private pendingJoins: PendingJoin[] = [];
  /** When answers that could not be stored first arrived, by player and question. */
  private readonly unstoredArrivals = new Map<string, number>();
  private readonly timers: RoomTimers;
  private closed = false;
  private readonly pushHostView: ReturnType<typeof throttle>;
  private readonly pushRoster: ReturnType<typeof throttle>;
  private readonly roster: HostRoster;
  /** Started from an incomplete count of who is connected (taken over): the first recount numbers the roster afresh. */
  private rosterRenumbers: boolean;
  private readonly pushProgress: ReturnType<typeof throttle>;
  private readonly steps: RoomSteps;

  constructor(
    readonly identity: RoomIdentity,
    start: RoomStart,
    private readonly deps: RoomDeps,
  ) {
    this.state = start.state;
    this.tokens = start.tokens ?? new Map();
    this.resumeWhenHostReturns = start.resumeWhenHostReturns ?? false;
    this.presence = new PresenceCount(start.presence);
    this.timers = new RoomTimers(
      { timeUp: () => void this.timeUp(), hostGone: () => void this.close('host-left'), linger: () => void this.close('ended') },
      deps.timings,
    );
    this.steps = new RoomSteps(identity.code, deps.durability, deps.now, deps.log, (next) => this.save(next));
    this.pushHostView = throttle(() => this.sendHostView(), deps.timings.hostUpdateMs);
    this.roster = new HostRoster(this.state, this.connected);
    this.rosterRenumbers = start.presence?.complete === false;
    this.pushRoster = throttle(() => {
      const changes = this.closed ? null : this.roster.changes(this.state, this.connected, deps.now());
      if (changes) deps.notifier.hostRoster(this.code, changes);
    }, deps.timings.hostUpdateMs);
    this.pushProgress = throttle(() => {
      if (this.state.phase === 'question' || this.state.phase === 'reveal') {
        deps.notifier.hostProgress(this.code, { index: this.state.index, ...answerProgress(this.state) });
      }
    }, deps.timings.hostUpdateMs);
    // A room without its host ends itself if the host never shows up; one taken over mid-game
    // picks up its timers where the old owner left them.
    this.timers.hostAway(this.presence.hosts === 0);
    this.scheduleQuestionTimer();
    if (start.servedUntil !== undefined && this.state.phase === 'question' && this.state.deadline !== null) this.stopClockSince(start.servedUntil);
    if (this.state.phase === 'podium') this.timers.linger();
  }

  get code() {
    return this.identity.code;
  }

  get phase() {
    return this.state.phase;
  }

  get isClosed() {
    return this.closed;
  }

  /** True once another node has taken the room over; this copy no longer answers for it. */
  get lostOwnership() {
    return this.deps.durability.lost;
  }

  /** The committed state (states are never mutated), for tests and reports; never sent to players as is. */
  get currentState(): GameState {
    return this.state;
  }

  // ---------- students ----------

  /**
   * Joins that arrive together are checked one by one by the engine and stored together. A
   * member of the game's class who holds a seat already (another device of theirs) takes that
   * seat over: same score and answers, a new rejoin token, and the other device's stops working.
   */
  join(nickname: string, deviceId?: string, identities: readonly ClassMemberRef[] = []): Promise<Ack<JoinedAck>> {
    const member = identities.find((identity) => classMemberOf(this.state, identity));
    const joinNow = (): Promise<Ack<JoinedAck>> => {
      const { token, hash } = newRejoinToken();
      return this.batch<PendingJoin, Ack<JoinedAck>>(this.pendingJoins, { playerId: randomUUID(), nickname, deviceId, member, token, hash }, () => this.flushJoins());
    };
    if (!classMemberOf(this.state, member)) return joinNow();
    return new Promise<Ack<JoinedAck>>((resolve) => {
      void this.enqueue(async () => {
        const seat = this.closed ? undefined : seatOfMember(this.state, member!.id);
        // Not joined (any more): a join of their own, queued behind this.
        if (!seat) return void joinNow().then(resolve);
        resolve(await this.reseat(seat.id));
      });
    });
  }

  /** A member's seat moves to the device that asks now. */
  private async reseat(playerId: string): Promise<Ack<JoinedAck>> {
    const { token, hash } = newRejoinToken();
    try {
      await this.deps.durability.writeNow((record) => record.replaceRejoinToken(playerId, hash));
    } catch (error) {
      this.deps.log(`room ${this.code}: seat not moved to another device`, error);
      return refusal('STORAGE_UNAVAILABLE', 'Could not save right now. Please try again.');
    }
    for (const [known, id] of this.tokens) if (id === playerId) this.tokens.delete(known);
    this.tokens.set(hash, playerId);
    return { ok: true, playerId, rejoinToken: token, code: this.code, view: playerView(this.state, playerId, this.deps.now())! };
  }

  /** The player behind a rejoin token and their current screen. */
  rejoin(token: string): Ack<RejoinedAck> {
    const playerId = this.tokens.get(hashToken(token));
    const player = playerId ? this.state.players[playerId] : undefined;
    if (!playerId || !player || player.left) return refusal('INVALID_TOKEN', 'This device is not part of the game any more. Join again.');
    if (player.kicked) return refusal('PLAYER_KICKED', 'The host removed you from this game.');
    return { ok: true, playerId, code: this.code, view: playerView(this.state, playerId, this.deps.now())! };
  }

  /** Answers that arrive together are checked one by one by the engine and stored in one insert. */
  answer(playerId: string, questionIndex: number, choices: number[]): Promise<Ack<{ questionIndex: number }>> {
    // Stamped now, on arrival; an answer retried because it could not be stored keeps its first stamp.
    const key = `${playerId}/${questionIndex}`;
    const atMs = this.unstoredArrivals.get(key) ?? this.deps.now();
    return this.batch<PendingAnswer, Ack<{ questionIndex: number }>>(this.pendingAnswers, { playerId, questionIndex, choices, atMs }, () => this.flushAnswers()).then((ack) => {
      if (!ack.ok && ack.error.code === 'STORAGE_UNAVAILABLE') this.unstoredArrivals.set(key, atMs);
      else this.unstoredArrivals.delete(key);
      return ack;
    });
  }

  /** The player gives the seat up (a student who joined under the wrong name, say). */
  leave(playerId: string): Promise<Ack> {
    return this.apply({ type: 'leave', playerId });
  }

  playerConnected(playerId: string) {
    this.presence.playerConnected(playerId);
    this.pushRoster();
  }

  playerDisconnected(playerId: string) {
    this.presence.playerDisconnected(playerId);
    this.pushRoster();
  }

  /** Changes with every connect and disconnect seen here (see PresenceCount.reconcile). */
  get presenceMark(): number {
    return this.presence.mark;
  }

  reconcilePresence(count: RoomPresence, mark: number) {
    if (this.closed) return;
    const changed = this.presence.reconcile(count, mark);
    if (changed) this.onHostCount();
    if (this.rosterRenumbers) {
      this.rosterRenumbers = false;
      this.deps.notifier.hostRoster(this.code, this.roster.restart(this.state, this.connected));
    } else if (changed) {
      this.pushRoster();
    }
  }

  // ---------- host ----------

  /** A host command; `at` is where the game was on the host's screen (refused STALE_COMMAND once it moved on). */
  hostCommand(command: HostCommand, at?: StateMark): Promise<Ack> {
    return this.apply({ type: command, ...(at ? { at } : {}) });
  }

  kick(playerIds: string[]): Promise<Ack> {
    return this.apply({ type: 'kick', playerIds });
  }

  setLocked(locked: boolean): Promise<Ack> {
    return this.apply({ type: locked ? 'lock' : 'unlock' });
  }

  /**
   * The instructor's screen and the roster (whole, unless `have` says the host has it), if this
   * is their room; `counted` when the socket was attached already.
   */
  attachHost(instructorId: string, counted: boolean, have?: string): Ack<AttachedAck> {
    if (instructorId !== this.identity.instructorId) return refusal('NOT_HOST', 'Only the instructor who opened this game can host it.');
    if (!counted) this.hostAttached();
    if (this.resumeWhenHostReturns) {
      this.resumeWhenHostReturns = false;
      // After whatever the room is doing (the pause of a room that just came back, say).
      void this.queue.then(() => {
        const { phase, pausedRemainingMs, pausedBy } = this.state;
        if (phase === 'question' && pausedRemainingMs !== null && pausedBy !== 'host') return this.apply({ type: 'resume' });
      });
    }
    return { ok: true, view: this.hostView(), roster: this.roster.current(this.state, this.connected, this.deps.now(), have) };
  }

  /** A page of the players in play with their scores and whether they answered (the host's roster panel). */
  hostPlayers(page: { offset: number; limit: number }): Ack<PlayersPage> {
    return { ok: true, offset: page.offset, ...hostPlayers(this.state, this.connected, this.deps.now(), page) };
  }

  hostAttached() {
    this.presence.hostAttached();
    this.onHostCount();
  }

  hostDetached() {
    this.presence.hostDetached();
    this.onHostCount();
  }

  hostView(): HostView {
    return hostView(this.state, this.identity, this.deps.now());
  }


  // ---------- lifecycle ----------

  /** Ends the game if it is still running, tells everyone, and frees the room code. */
  async close(reason: CloseReason): Promise<void> {
    if (this.closed) return;
    if (this.state.phase !== 'podium' && reason !== 'server-shutdown') await this.apply({ type: 'end' });
    if (this.closed) return;
    this.dispose();
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
    await this.enqueue(() => this.deps.durability.write((record) => record.saveProgress(this.state, {})));
  }

  /** The store lost the room (Redis restarted without its data): publish it again; false when another node has it. */
  republish(): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.deps.durability.republish(this.state);
  }

  /** Stops the timers without touching the game (the process is going away, or another node took the room). */
  dispose() {
    this.closed = true;
    this.timers.stop();
    this.pushHostView.cancel();
    this.pushRoster.cancel();
    this.pushProgress.cancel();
  }

  // ---------- commands ----------

  /** The room could not serve since `sinceMs`: that time does not count; the clock runs again now, or when the host is back. */
  private stopClockSince(sinceMs: number) {
    void this.apply({ type: 'pause', by: 'server', sinceMs }).then((ack) => {
      if (ack.ok && !this.resumeWhenHostReturns) void this.apply({ type: 'resume' });
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Collects commands that arrive while the room is busy; the first one queues the flush of them all. */
  private batch<P extends { resolve: (ack: A) => void }, A>(pending: P[], item: Omit<P, 'resolve'>, flush: () => Promise<void>): Promise<A> {
    return new Promise((resolve) => {
      pending.push({ ...item, resolve } as P);
      if (pending.length === 1) void this.enqueue(flush);
    });
  }

  /** Runs one command: engine, then storage, then the new state becomes visible (see RoomSteps). */
  private apply(command: Command): Promise<Ack> {
    return this.enqueue(async () => {
      if (this.closed) return CLOSED();
      const outcome = await this.steps.command(this.state, command);
      if (outcome.next) this.commit(outcome.next.state, outcome.next.events);
      await outcome.after?.();
      return outcome.ack;
    });
  }

  private async flushJoins(): Promise<void> {
    const batch = this.pendingJoins.splice(0);
    if (this.closed) return batch.forEach((pending) => pending.resolve(CLOSED()));
    const outcome = await this.steps.joins(this.state, batch);
    if (outcome.next) this.commit(outcome.next.state, outcome.next.events);
    const viewAt = this.deps.now();
    for (const { playerId, token, hash, resolve } of outcome.joined) {
      this.tokens.set(hash, playerId);
      resolve({ ok: true, playerId, rejoinToken: token, code: this.code, view: playerView(this.state, playerId, viewAt)! });
    }
  }

  private async flushAnswers(): Promise<void> {
    const batch = this.pendingAnswers.splice(0);
    if (this.closed) return batch.forEach((pending) => pending.resolve(CLOSED()));
    const outcome = await this.steps.answers(this.state, batch);
    if (outcome.next) this.commit(outcome.next.state, outcome.next.events);
    for (const pending of outcome.stored) pending.resolve({ ok: true, questionIndex: pending.questionIndex });
    for (const [pending, refused] of outcome.storedBefore) pending.resolve(refused);
  }

  /** The room store's compare-and-set; when another node owns the room, this copy stops at once. */
  private async save(next: GameState): Promise<boolean> {
    const saved = await this.deps.durability.save(next, this.state);
    if (!saved) this.dispose();
    return saved;
  }

  // ---------- fan-out and timers ----------

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
        this.pushRoster();
      } else if (event.type === 'playerJoined' || event.type === 'playerLeft') {
        this.pushRoster();
      } else if (event.type === 'lockChanged') {
        hostChanged = true;
      } else if (event.type === 'answerAccepted') {
        this.pushProgress();
      }
    }
    if (next.index !== previous.index) this.unstoredArrivals.clear();
    if (next.phase !== previous.phase || next.index !== previous.index) {
      this.pushHostView.cancel();
      this.broadcastPhase();
      this.sendHostView();
    } else if (hostChanged) {
      this.pushHostView();
    }
    if (next.phase === 'podium' && previous.phase !== 'podium') this.timers.linger();
  }

  private broadcastQuestion() {
    const question = questionView(this.state, this.deps.now());
    if (question) this.deps.notifier.question(this.code, question);
  }

  /** A new phase: the question goes to the room at once, everything else per player. */
  private broadcastPhase() {
    if (this.state.phase === 'question') return this.broadcastQuestion();
    const now = this.deps.now();
    for (const player of activePlayers(this.state)) this.deps.notifier.playerView(this.code, player.id, playerUpdate(this.state, player.id, now)!);
  }

  private sendHostView() {
    if (!this.closed) this.deps.notifier.hostView(this.code, this.hostView());
  }

  /** With no host connected the room ends itself after a grace period; a host's return cancels it. */
  private onHostCount() {
    this.timers.hostAway(this.presence.hosts === 0);
  }

  /**
   * An answer that arrived in time but could not be stored (the database stalled) keeps its
   * question open past the deadline, for a while, so the student's retry still counts.
   */
  private awaitsRetryOfAnInTimeAnswer(): boolean {
    const { phase, index, deadline } = this.state;
    if (phase !== 'question' || deadline === null || this.deps.now() - deadline >= UNSTORED_ANSWER_GRACE_MS) return false;
    for (const [key, atMs] of this.unstoredArrivals) if (key.endsWith(`/${index}`) && atMs < deadline) return true;
    return false;
  }

  private scheduleQuestionTimer() {
    const { phase, deadline } = this.state;
    this.timers.questionIn(phase === 'question' && deadline !== null && !this.closed ? deadline - this.deps.now() : null);
  }

  private async timeUp() {
    if (this.awaitsRetryOfAnInTimeAnswer()) return this.timers.questionIn(UNSTORED_RETRY_CHECK_MS);
    const outcome = await this.apply({ type: 'timeUp' });
    if (outcome.ok || this.closed) return;
    if (outcome.error.code === 'TOO_EARLY') this.scheduleQuestionTimer();
    if (outcome.error.code === 'STORAGE_UNAVAILABLE') this.timers.questionIn(1_000);
  }
}
