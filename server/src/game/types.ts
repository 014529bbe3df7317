/** The three question kinds of the exam: one answer, "choose N", and true/false. */
export type QuestionType = 'single' | 'multiple' | 'truefalse';

/** A question as the engine plays it; the caller builds it from a bank question. */
export type GameQuestion = {
  /** Stable question id, e.g. "sdlc.codecommit.001". */
  readonly id: string;
  readonly topicId: string;
  readonly type: QuestionType;
  readonly prompt: string;
  /** 2-6 options, in bank order. */
  readonly options: readonly string[];
  /** Correct indexes into `options` (bank order): 1 for single/truefalse, 2-3 for multiple. */
  readonly answer: readonly number[];
  readonly explanation: string;
  /** Time to answer, from when answers open. */
  readonly timeLimitMs: number;
  /** The question is shown this long before answers open (absent in rooms saved before it was kept: none). */
  readonly readingMs?: number;
  readonly doublePoints: boolean;
};

/** Host choices for one game. */
export type GameSettings = {
  readonly streakBonus: boolean;
  /** No speed factor: a correct answer earns full points. */
  readonly accuracyOnly: boolean;
  readonly podiumSize: 3 | 4 | 5;
  /** A leaderboard phase between questions. */
  readonly showLeaderboard: boolean;
  readonly shuffleOptions: boolean;
  /** Integer seed for the option shuffle. */
  readonly seed: number;
  /** Set when the game is opened for a class: its members join as themselves. */
  readonly classId?: string;
  /** In a class game: whether players without the class's identity may join (default admit). */
  readonly guests?: 'admit' | 'refuse';
  /** In a class game: whether a member may play under a nickname of their own instead of their class name. */
  readonly renaming?: boolean;
};

export type Phase = 'lobby' | 'question' | 'reveal' | 'leaderboard' | 'podium';

/**
 * Where the game was when a host command was given (the screen it was given on): a command
 * carrying one that is no longer the game's is refused STALE_COMMAND, so that a repeated click
 * or a second host tab never advances twice.
 */
export type StateMark = { index: number; phase: Phase };

/** One accepted answer of one player. */
export type AnswerRecord = {
  readonly questionIndex: number;
  /** Bank order (mapped back from the displayed order), sorted ascending. */
  readonly chosen: readonly number[];
  /** Time from the question start, paused time excluded. */
  readonly responseMs: number;
  readonly correct: boolean;
  /** Including the streak bonus. */
  readonly points: number;
  readonly streakBonus: number;
};

export type Player = {
  readonly id: string;
  /** As typed, trimmed. */
  readonly nickname: string;
  readonly score: number;
  /** Consecutive correct answers. */
  readonly streak: number;
  readonly correctCount: number;
  /** Sum of responseMs of all scored answers (breaks ties). */
  readonly totalResponseMs: number;
  /** By question index. */
  readonly answers: Readonly<Record<number, AnswerRecord>>;
  /** Order of joining, for deterministic ranking. */
  readonly joinedSeq: number;
  /** Server clock when the player joined (absent in rooms saved before it was kept). */
  readonly joinedAt?: number;
  /** The browser the player joined from, when it said (a removed player's browser stays out). */
  readonly deviceId?: string;
  /** The class member playing this seat (class games only); a guest has none. */
  readonly memberId?: string;
  /** Out of play: removed by the host, or gone by their own choice (`left`). */
  readonly kicked: boolean;
  /** Set when the player gave the seat up themselves: the nickname and the browser may come back. */
  readonly left?: boolean;
};

export type GameState = {
  /** +1 on every accepted command. */
  readonly version: number;
  readonly phase: Phase;
  readonly settings: GameSettings;
  readonly questions: readonly GameQuestion[];
  /** Per question: displayed position -> bank index (identity when not shuffled). */
  readonly optionOrder: readonly (readonly number[])[];
  /** Current question index, -1 in the lobby. */
  readonly index: number;
  readonly questionStartedAt: number | null;
  /** Absolute ms when the current question closes; null while paused or outside a question. */
  readonly deadline: number | null;
  /** Set while paused. */
  readonly pausedRemainingMs: number | null;
  /** When the current pause began; null when not paused. */
  readonly pausedAt: number | null;
  /**
   * Who paused the open question: the host, or the server before a planned restart (the clock
   * then runs again when the host is back). Null when not paused.
   */
  readonly pausedBy: 'host' | 'server' | null;
  /** Time spent paused during the current question. */
  readonly pausedTotalMs: number;
  /** Joining locked by the host. */
  readonly locked: boolean;
  /** Most players in play at once (absent in rooms saved before it was kept: the default). */
  readonly capacity?: number;
  readonly players: Readonly<Record<string, Player>>;
  readonly nextJoinSeq: number;
  /** Question indexes the host skipped. */
  readonly skipped: readonly number[];
  readonly endedEarly: boolean;
};

/** What the transport asks the engine to do. Who may send what is the transport's job. */
export type Command =
  /**
   * `member` is the class identity the player's browser holds, if any: it counts only when it is
   * a member of the game's class (anyone else is a guest).
   */
  | { type: 'join'; playerId: string; nickname: string; deviceId?: string; member?: ClassMemberRef }
  /** The host removes players: they stay out (seat, nickname and browser). */
  | { type: 'kick'; playerIds: string[] }
  /** A player gives their seat up. */
  | { type: 'leave'; playerId: string }
  | { type: 'lock' }
  | { type: 'unlock' }
  | { type: 'start'; at?: StateMark }
  /** `choices` are DISPLAYED positions. */
  /**
   * `atMs` is when the answer reached the room (the room's clock): it decides whether it was in
   * time and its response time, however long it waited to be processed.
   */
  | { type: 'answer'; playerId: string; questionIndex: number; choices: number[]; atMs?: number }
  /** The room's timer fired; accepted only once the deadline is reached. */
  | { type: 'timeUp' }
  | { type: 'next'; at?: StateMark }
  | { type: 'skip'; at?: StateMark }
  /** `by` defaults to the host; the server pauses open questions before a planned restart. */
  /**
   * `by` defaults to the host; the server pauses an open question before a planned restart, or
   * when it takes a room back after it could not serve it: then `sinceMs` backdates the pause to
   * when the room stopped serving, so that time is not lost to the students.
   */
  | { type: 'pause'; by?: 'host' | 'server'; sinceMs?: number; at?: StateMark }
  | { type: 'resume'; at?: StateMark }
  | { type: 'end'; at?: StateMark };

/** A class member as a join names them: who, of which class, and their class name. */
export type ClassMemberRef = { id: string; classId: string; name: string };

/** The commands that arrive in bursts, from a whole class at once. */
export type JoinCommand = Extract<Command, { type: 'join' }>;
export type AnswerCommand = Extract<Command, { type: 'answer' }>;

/**
 * What happened, for the transport (persistence, broadcasts). Server-side only:
 * `answerAccepted` carries correctness and must not be forwarded to players before the reveal.
 */
export type GameEvent =
  | { type: 'playerJoined'; playerId: string }
  | { type: 'playerKicked'; playerId: string }
  | { type: 'playerLeft'; playerId: string }
  | { type: 'answerAccepted'; playerId: string; questionIndex: number; answer: AnswerRecord }
  | { type: 'phaseChanged'; phase: Phase; index: number }
  | { type: 'questionSkipped'; index: number }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'lockChanged'; locked: boolean };

export type { ErrorCode } from './errors.ts';
import type { ErrorCode } from './errors.ts';

/** A refusal; `chosen` (displayed positions) comes with ALREADY_ANSWERED: the answer that counts. */
export type GameError = { code: ErrorCode; message: string; chosen?: readonly number[] };

export type Result = { ok: true; state: GameState; events: GameEvent[] } | { ok: false; error: GameError };

/**
 * The outcome of a burst of commands, as if reduced one by one in order: the state after the
 * accepted ones, their events, and per command its refusal (null when accepted).
 */
export type BatchResult = { state: GameState; events: GameEvent[]; refusals: (GameError | null)[] };

/** A player's place in the ranking (active players only). */
export type RankedPlayer = {
  playerId: string;
  nickname: string;
  score: number;
  /** 1-based. */
  rank: number;
  correctCount: number;
  totalResponseMs: number;
};
