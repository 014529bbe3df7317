import type { AnswerProgress, GameState, HostView, PlayerUpdate, QuestionView } from '../game/index.ts';
import type { CloseReason, RosterChanges } from '../protocol.ts';
import type { RoomPresence } from './presence-count.ts';

/** Where a room sends what happened; the realtime layer implements it with Socket.IO. */
export type RoomNotifier = {
  /** The open question, to every player of the room. */
  question(code: string, question: QuestionView): void;
  /** One player's whole screen. */
  playerView(code: string, playerId: string, view: PlayerUpdate): void;
  hostView(code: string, view: HostView): void;
  /** Who joined, left, connected or dropped since the last roster update. */
  hostRoster(code: string, changes: RosterChanges): void;
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

/** Which room this is. */
export type RoomIdentity = { code: string; gameId: string; instructorId: string; title: string };

/** Where a room starts: a new game at version 0, or a state another node saved (takeover). */
export type RoomStart = {
  state: GameState;
  /** Rejoin token hash -> player id. */
  tokens?: Map<string, string>;
  /** Who is connected right now, on any node (a taken-over room asks the cluster). */
  presence?: RoomPresence;
  /** The room comes back from a restart with its question paused: the clock runs again when the host is back. */
  resumeWhenHostReturns?: boolean;
  /**
   * When the room was last served before this start (it crashed, or its node died): an open
   * question's clock stops from then, so the students get the time that was left.
   */
  servedUntil?: number;
};
