import type { GameEvent, GameState } from '../game/index.ts';

/**
 * A player as stored when they join: the rejoin token only as its hash; the class member who
 * plays the seat, if any; `joinSeq`, the room's order of joining (the ranking's last tie-break).
 */
export type NewPlayer = { id: string; nickname: string; rejoinTokenHash: string; memberId?: string | null; joinSeq?: number };

/** An accepted answer as stored. */
export type AnswerRecordRow = {
  playerId: string;
  questionId: string;
  topicId: string;
  chosen: readonly number[];
  correct: boolean;
  responseMs: number;
  points: number;
};

/** Fields of the game that change with its phase. */
export type ProgressChange = { status?: 'running' | 'ended'; startedAt?: Date; endedAt?: Date };

/**
 * The durable record of one game, where a live room writes what must survive it: the players,
 * the accepted answers, and the game's progress. PostgreSQL keeps it in production
 * (games/pg-game-recorder.ts); tests of the room use the memory one. Both pass
 * test/integration/game-recorder-contract.test.ts.
 */
export interface GameRecorder {
  /** Players who joined together; returns the ids stored. One whose nickname (ignoring case) is taken in this game is skipped. */
  addPlayers(players: NewPlayer[]): Promise<Set<string>>;
  /** Players whose join could not complete: their nicknames are free again. */
  removePlayers(ids: string[]): Promise<void>;
  /**
   * Accepted answers. One already stored for the same player and question is kept as it was,
   * and comes back in the result, as stored (a node that died after storing it, before its
   * room knew): the room then takes the stored one.
   */
  addAnswers(rows: AnswerRecordRow[]): Promise<AnswerRecordRow[]>;
  /** Answers stored for a step that did not happen after all. */
  removeAnswers(keys: { playerId: string; questionId: string }[]): Promise<void>;
  /**
   * What a step must have stored before it is announced: players the host removed (their
   * nicknames stay taken), players who left (theirs become free), a skipped question (marked
   * skipped, its answers deleted), and at a phase change the scores, status and a snapshot of the state.
   */
  recordStep(previous: GameState, next: GameState, events: readonly GameEvent[]): Promise<void>;
  /** Scores and a snapshot of the whole state; a snapshot never replaces a newer one. */
  saveProgress(state: GameState, change: ProgressChange): Promise<void>;
  /** The stored answers to one question. */
  answersTo(questionId: string): Promise<AnswerRecordRow[]>;
  /** A class member took their seat on another device: the seat's rejoin token is this one now (the old one stops working). */
  replaceRejoinToken(playerId: string, rejoinTokenHash: string): Promise<void>;
  /** Rejoin token hash -> player id, for every player who has one. */
  rejoinTokens(): Promise<Map<string, string>>;
}

/** The recorder of each game, by id (a node taking a room over needs the record of its game). */
export type GameRecorders = (gameId: string) => GameRecorder;

/**
 * The progress a step changes: started when its first question opens, ended when it reaches the
 * podium. A game ended from the lobby never started: no start time.
 */
export function progressChange(previous: GameState, next: GameState, now: Date): ProgressChange {
  return {
    ...(previous.phase === 'lobby' && next.phase !== 'lobby' && next.phase !== 'podium' ? { status: 'running' as const, startedAt: now } : {}),
    ...(next.phase === 'podium' ? { status: 'ended' as const, endedAt: now } : {}),
  };
}
