import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import {
  answerProgress,
  leaderboardView,
  playerView,
  podiumView,
  questionView,
  rankPlayers,
  reduce,
  revealView,
  type AnswerProgress,
  type Command,
  type GameEvent,
  type GameState,
  type PlayerView,
  type QuestionView,
} from '../game/index.ts';
import {
  deleteAnswers,
  insertAnswers,
  insertPlayer,
  markKicked,
  saveProgress,
  type AnswerRow,
} from '../games/game-repository.ts';
import type { Ack, ErrorCode, HostView, JoinedAck, RejoinedAck } from '../protocol.ts';
import { throttle } from './throttle.ts';
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
  onClosed: (code: string) => void;
  log: (message: string, error?: unknown) => void;
};

type Refusal = { ok: false; error: { code: ErrorCode; message: string } };
const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, error: { code, message } });
const STORAGE_DOWN = () => refuse('STORAGE_UNAVAILABLE', 'Could not save right now. Please try again.');

type PendingAnswer = { playerId: string; questionIndex: number; choices: number[]; resolve: (ack: Ack<{ questionIndex: number }>) => void };

export type HostCommand = 'start' | 'next' | 'skip' | 'end' | 'pause' | 'resume';

/**
 * One live game: it owns the game state, runs every command through the pure engine one at a
 * time, makes the results durable before anyone is told, and owns the room's timers.
 */
export class LiveRoom {
  private state: GameState;
  private readonly tokens = new Map<string, string>();
  private readonly connections = new Map<string, number>();
  private hostConnections = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingAnswers: PendingAnswer[] = [];
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
    initial: GameState,
    private readonly deps: RoomDeps,
  ) {
    this.state = initial;
    this.pushHostView = throttle(() => this.sendHostView(), deps.timings.hostUpdateMs);
    this.pushProgress = throttle(() => {
      if (this.state.phase === 'question' || this.state.phase === 'reveal') {
        this.deps.notifier.hostProgress(this.code, { index: this.state.index, ...answerProgress(this.state) });
      }
    }, deps.timings.hostUpdateMs);
    // A room starts without its host: it ends itself if the host never shows up.
    this.hostDetached();
  }

  get phase() {
    return this.state.phase;
  }

  get isClosed() {
    return this.closed;
  }

  /** A copy of the state for tests and reports; never sent to players as is. */
  snapshot(): GameState {
    return this.state;
  }

  // ---------- students ----------

  async join(nickname: string): Promise<Ack<JoinedAck>> {
    const playerId = randomUUID();
    const { token, hash } = newRejoinToken();
    const outcome = await this.apply({ type: 'join', playerId, nickname }, async (next) => {
      await insertPlayer(this.deps.db, { id: playerId, gameId: this.gameId, nickname: next.players[playerId]!.nickname, rejoinTokenHash: hash });
    });
    if (!outcome.ok) return outcome;
    this.tokens.set(hash, playerId);
    return { ok: true, playerId, rejoinToken: token, code: this.code, view: playerView(this.state, playerId, this.deps.now())! };
  }

  /** The player behind a rejoin token and their current screen. */
  rejoin(token: string): Ack<RejoinedAck> {
    const playerId = this.tokens.get(hashToken(token));
    const player = playerId ? this.state.players[playerId] : undefined;
    if (!playerId || !player) return refuse('INVALID_TOKEN', 'This device is not part of the game any more. Join again.');
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
    this.connections.set(playerId, (this.connections.get(playerId) ?? 0) + 1);
    this.pushHostView();
  }

  playerDisconnected(playerId: string) {
    const left = (this.connections.get(playerId) ?? 1) - 1;
    if (left > 0) this.connections.set(playerId, left);
    else this.connections.delete(playerId);
    this.pushHostView();
  }

  // ---------- host ----------

  hostCommand(command: HostCommand): Promise<Ack> {
    return this.apply({ type: command });
  }

  kick(playerId: string): Promise<Ack> {
    return this.apply({ type: 'kick', playerId });
  }

  setLocked(locked: boolean): Promise<Ack> {
    return this.apply({ type: locked ? 'lock' : 'unlock' });
  }

  hostAttached() {
    this.hostConnections += 1;
    clearTimeout(this.hostAbsentTimer);
    this.hostAbsentTimer = undefined;
  }

  hostDetached() {
    this.hostConnections = Math.max(0, this.hostConnections - 1);
    if (this.hostConnections > 0 || this.closed || this.hostAbsentTimer) return;
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
      players: Object.values(s.players)
        .filter((p) => !p.kicked)
        .sort((a, b) => a.joinedSeq - b.joinedSeq)
        .map((p) => ({ id: p.id, nickname: p.nickname, score: scores.get(p.id) ?? 0, connected: this.connections.has(p.id) })),
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
    this.closed = true;
    this.clearTimers();
    this.deps.notifier.closed(this.code, reason);
    this.deps.onClosed(this.code);
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

  /** Runs one command: engine, then storage, then the new state becomes visible. */
  private apply(command: Command, persist?: (next: GameState) => Promise<void>): Promise<Ack> {
    return this.enqueue(async (): Promise<Ack> => {
      if (this.closed) return refuse('ROOM_NOT_FOUND', 'This game has closed.');
      const result = reduce(this.state, command, this.deps.now());
      if (!result.ok) return refuse(result.error.code, result.error.message);
      try {
        await persist?.(result.state);
        await this.persistEvents(result.state, result.events);
      } catch (error) {
        this.deps.log(`room ${this.code}: ${command.type} not saved`, error);
        return STORAGE_DOWN();
      }
      this.commit(result.state, result.events);
      return { ok: true };
    });
  }

  private async flushAnswers(): Promise<void> {
    const batch = this.pendingAnswers.splice(0);
    if (this.closed) {
      for (const pending of batch) pending.resolve(refuse('ROOM_NOT_FOUND', 'This game has closed.'));
      return;
    }
    const now = this.deps.now();
    let state = this.state;
    const events: GameEvent[] = [];
    const accepted: PendingAnswer[] = [];
    for (const pending of batch) {
      const result = reduce(state, { type: 'answer', playerId: pending.playerId, questionIndex: pending.questionIndex, choices: pending.choices }, now);
      if (!result.ok) {
        pending.resolve(refuse(result.error.code, result.error.message));
        continue;
      }
      state = result.state;
      events.push(...result.events);
      accepted.push(pending);
    }
    if (!accepted.length) return;
    const rows: AnswerRow[] = events.flatMap((event) => {
      if (event.type !== 'answerAccepted') return [];
      const question = state.questions[event.questionIndex]!;
      const { chosen, correct, responseMs, points } = event.answer;
      return [{ gameId: this.gameId, playerId: event.playerId, questionId: question.id, topicId: question.topicId, chosen, correct, responseMs, points }];
    });
    try {
      await insertAnswers(this.deps.db, rows);
      await this.persistEvents(state, events);
    } catch (error) {
      this.deps.log(`room ${this.code}: ${rows.length} answer(s) not saved`, error);
      for (const pending of accepted) pending.resolve(STORAGE_DOWN());
      return;
    }
    this.commit(state, events);
    for (const pending of accepted) pending.resolve({ ok: true, questionIndex: pending.questionIndex });
  }

  /** The writes an event needs before it may be announced. */
  private async persistEvents(next: GameState, events: GameEvent[]): Promise<void> {
    const { db } = this.deps;
    for (const event of events) {
      if (event.type === 'playerKicked') await markKicked(db, event.playerId);
      if (event.type === 'questionSkipped') await deleteAnswers(db, this.gameId, next.questions[event.index]!.id);
    }
    const phaseChange = events.find((event) => event.type === 'phaseChanged');
    if (phaseChange) {
      const change = {
        ...(this.state.phase === 'lobby' ? { status: 'running' as const, startedAt: new Date() } : {}),
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
      } else if (event.type === 'playerJoined' || event.type === 'lockChanged') {
        hostChanged = true;
      } else if (event.type === 'answerAccepted') {
        this.pushProgress();
      }
    }
    if (next.phase !== previous.phase || next.index !== previous.index) {
      this.pushHostView.cancel();
      this.broadcastPhase();
      this.sendHostView();
    } else if (hostChanged) {
      this.pushHostView();
    }
    if (next.phase === 'podium' && previous.phase !== 'podium') {
      this.closeTimer = setTimeout(() => void this.close('ended'), this.deps.timings.lingerMs);
      this.closeTimer.unref();
    }
  }

  private broadcastQuestion() {
    const question = questionView(this.state, this.deps.now());
    if (question) this.deps.notifier.question(this.code, question);
  }

  /** A new phase: the question goes to the room at once, everything else per player. */
  private broadcastPhase() {
    if (this.state.phase === 'question') return this.broadcastQuestion();
    const now = this.deps.now();
    for (const player of Object.values(this.state.players)) {
      if (player.kicked) continue;
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
