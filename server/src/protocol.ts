/**
 * The realtime protocol between the server and its clients: every event, payload and ack.
 * Inbound payloads have zod schemas (parsed at the edge); outbound ones are typed here.
 * docs/protocol.md describes the same contract in prose. The web client imports this file.
 */
import { z } from 'zod';
import { DEFAULT_SETTINGS, GAME_ERROR_CODES } from './game/index.ts';
import type {
  AnswerProgress,
  HostPlayer,
  HostView,
  LeaderboardEntry,
  LeaderboardView,
  LobbyView,
  OwnStanding,
  PlayerResult,
  PlayerUpdate,
  PlayerView,
  PodiumView,
  QuestionType,
  QuestionView,
  RankedPlayer,
  RevealView,
  RosterEntry,
} from './game/index.ts';

// What clients see of the engine's views: the web imports them from here, never from the engine.
export type { AnswerProgress, LeaderboardEntry, LeaderboardView, LobbyView, OwnStanding, PlayerResult, PlayerUpdate, PlayerView, PodiumView, QuestionType, QuestionView, RankedPlayer, RevealView };

export const NAMESPACES = { host: '/host', play: '/play' } as const;

/** Room codes: 6 characters, no look-alikes (0/O, 1/I/L). */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;
export const roomCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`), 'is not a room code');

/** Stable error codes of every refusal, on both namespaces. */
export const ERROR_CODES = [
  // payload and transport
  'INVALID_PAYLOAD',
  'RATE_LIMITED',
  'STORAGE_UNAVAILABLE',
  'INTERNAL',
  // rooms
  'ROOM_NOT_FOUND',
  'JOIN_RATE_LIMITED',
  'ALREADY_JOINED',
  'NOT_JOINED',
  'INVALID_TOKEN',
  'NOT_HOST',
  'UNAUTHENTICATED',
  // game rules (from the engine)
  ...GAME_ERROR_CODES,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
/** `chosen` (displayed positions) comes with `ALREADY_ANSWERED`: the answer that counts. */
export type ProtocolError = { code: ErrorCode; message: string; chosen?: readonly number[] };

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

// ---------- /play (students) ----------

/** A random id the browser keeps, so that a browser the host removed a player from stays out. */
export const deviceIdSchema = z.string().regex(/^[\w-]{16,64}$/, 'is 16 to 64 letters, digits, "_" or "-"');

/** A student token the browser holds (one per class it is a member of). */
export const studentTokenSchema = z.string().regex(/^[\w-]{20,100}$/, 'is not a student token');

export const joinSchema = z.strictObject({
  code: roomCodeSchema,
  nickname: z.string().max(1000),
  deviceId: deviceIdSchema.optional(),
  /** The browser's class identities: in a game for one of those classes the student joins as its member. */
  studentTokens: z.array(studentTokenSchema).max(20).optional(),
});
export const rejoinSchema = z.strictObject({
  code: roomCodeSchema,
  token: z.string().min(20).max(100),
  deviceId: deviceIdSchema.optional(),
});
export const answerSchema = z.strictObject({
  questionIndex: z.int().min(0).max(1000),
  /** Displayed option positions; how many, and which, the engine judges (INVALID_CHOICE). */
  choices: z.array(z.int().min(-1000).max(1000)).max(6),
});

export type JoinPayload = z.infer<typeof joinSchema>;
export type RejoinPayload = z.infer<typeof rejoinSchema>;
export type AnswerPayload = z.infer<typeof answerSchema>;

export type JoinedAck = { playerId: string; rejoinToken: string; code: string; view: PlayerView };
export type RejoinedAck = { playerId: string; code: string; view: PlayerView };

export type PlayClientEvents = {
  'player:join': (payload: JoinPayload, ack: AckCallback<JoinedAck>) => void;
  'player:rejoin': (payload: RejoinPayload, ack: AckCallback<RejoinedAck>) => void;
  'player:answer': (payload: AnswerPayload, ack: AckCallback<{ questionIndex: number }>) => void;
  'player:leave': (payload: Record<string, never>, ack: AckCallback) => void;
};

export type PlayServerEvents = {
  /** The screen for this player on a phase change (reveal with own result, rankings); the reveal leaves out the question `game:question` brought. */
  'game:view': (view: PlayerUpdate) => void;
  /** The open question, sent to the whole room at once (never contains the answer). */
  'game:question': (question: QuestionView) => void;
  /** The room is gone (ended and closed, or the host never came back). */
  'room:closed': (info: { reason: CloseReason }) => void;
  /** A newer connection (another tab or device) took this player's seat: this one no longer acts for it. */
  'seat:moved': (info: Record<string, never>) => void;
};

// ---------- /host (instructors) ----------

/** The host's choices for a game; `settingsSchema.parse({})` is the defaults (the engine's). */
export const settingsSchema = z.strictObject({
  streakBonus: z.boolean().default(DEFAULT_SETTINGS.streakBonus),
  accuracyOnly: z.boolean().default(DEFAULT_SETTINGS.accuracyOnly),
  podiumSize: z.union([z.literal(3), z.literal(4), z.literal(5)]).default(DEFAULT_SETTINGS.podiumSize),
  showLeaderboard: z.boolean().default(DEFAULT_SETTINGS.showLeaderboard),
});
export type { HostPlayer, HostView, RosterEntry };
export type HostSettings = z.infer<typeof settingsSchema>;

/** `have`: the `rosterDigest` of the roster the host holds (a host attaching again), so an unchanged one is not sent again. */
export const attachSchema = z.strictObject({ code: roomCodeSchema, have: z.string().regex(/^\d{1,6}\.[0-9a-z]{1,7}\.[0-9a-z]{1,7}$/).optional() });
/** One player, or several at once (everyone who joined in the last minute, say). */
export const kickSchema = z.union([
  z.strictObject({ playerId: z.uuid() }),
  z.strictObject({ playerIds: z.array(z.uuid()).min(1).max(500) }),
]);
export const lockSchema = z.strictObject({ locked: z.boolean() });
/** A page of the players in play, in joining order (the roster with scores and who answered). */
export const playersPageSchema = z.strictObject({ offset: z.int().min(0).max(100_000).default(0), limit: z.int().min(1).max(500).default(100) });
export const emptySchema = z.strictObject({});
/**
 * A host command, with where the game was on the host's screen: once the game has moved on
 * (a repeated click, a second host tab, a retry after a lost ack) it is refused STALE_COMMAND.
 */
export const hostCommandSchema = z.strictObject({
  at: z.strictObject({ index: z.int().min(-1).max(1000), phase: z.enum(['lobby', 'question', 'reveal', 'leaderboard', 'podium']) }).optional(),
});
export type HostCommandPayload = z.infer<typeof hostCommandSchema>;

/**
 * Who is in the room, in joining order, as of roster update `seq` of the numbering `epoch` (a
 * node that takes the room over numbers afresh): the host gets it when it attaches, and keeps it
 * up to date from the `host:roster` changes that follow. `players` is null when the host said it
 * has this roster already (`have` in `host:attach`).
 */
export type Roster = { epoch: string; seq: number; players: RosterEntry[] | null };

/**
 * What changed in the roster since update `seq - 1` of the same `epoch`: players who joined, who
 * are gone (left, or removed by the host), who connected and who dropped. Every entry says how
 * things are now, so applying one twice changes nothing; a host that sees a gap in `seq`, or
 * another epoch, attaches again.
 */
export type RosterChanges = { epoch: string; seq: number; joined: RosterEntry[]; gone: string[]; connected: string[]; disconnected: string[] };

export { rosterDigest } from './roster-digest.ts';

export type AttachedAck = { view: HostView; roster: Roster };
export type PlayersPage = { total: number; offset: number; players: HostPlayer[] };

export type HostClientEvents = {
  'host:attach': (payload: { code: string; have?: string }, ack: AckCallback<AttachedAck>) => void;
  'host:players': (payload: z.input<typeof playersPageSchema>, ack: AckCallback<PlayersPage>) => void;
  'host:start': (payload: HostCommandPayload, ack: AckCallback) => void;
  'host:next': (payload: HostCommandPayload, ack: AckCallback) => void;
  'host:skip': (payload: HostCommandPayload, ack: AckCallback) => void;
  'host:end': (payload: HostCommandPayload, ack: AckCallback) => void;
  'host:pause': (payload: HostCommandPayload, ack: AckCallback) => void;
  'host:resume': (payload: HostCommandPayload, ack: AckCallback) => void;
  'host:kick': (payload: z.infer<typeof kickSchema>, ack: AckCallback) => void;
  'host:lock': (payload: { locked: boolean }, ack: AckCallback) => void;
};

export type HostServerEvents = {
  /** The game on the projector: on phase changes, pause and resume, lock changes. */
  'host:view': (view: HostView) => void;
  /** Joins, departures, connects and drops since the last one; throttled. */
  'host:roster': (changes: RosterChanges) => void;
  /** Answers in for the open question; throttled. */
  'host:progress': (progress: AnswerProgress & { index: number }) => void;
  'room:closed': (info: { reason: CloseReason }) => void;
};

/** The host events that drive the game, and the engine command each one runs. */
export const HOST_COMMANDS = {
  'host:start': 'start',
  'host:next': 'next',
  'host:skip': 'skip',
  'host:end': 'end',
  'host:pause': 'pause',
  'host:resume': 'resume',
} as const;
export type HostCommandEvent = keyof typeof HOST_COMMANDS;
export type HostCommand = (typeof HOST_COMMANDS)[HostCommandEvent];

/** Why a room closed: the game ended, its host never came back, or the server is restarting. */
export const CLOSE_REASONS = ['ended', 'host-left', 'server-shutdown'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The zod schema of each inbound event's payload. */
export const PLAY_PAYLOADS = {
  'player:join': joinSchema,
  'player:rejoin': rejoinSchema,
  'player:answer': answerSchema,
  'player:leave': emptySchema,
} as const;

export const HOST_PAYLOADS = {
  'host:attach': attachSchema,
  'host:players': playersPageSchema,
  'host:start': hostCommandSchema,
  'host:next': hostCommandSchema,
  'host:skip': hostCommandSchema,
  'host:end': hostCommandSchema,
  'host:pause': hostCommandSchema,
  'host:resume': hostCommandSchema,
  'host:kick': kickSchema,
  'host:lock': lockSchema,
} as const;
