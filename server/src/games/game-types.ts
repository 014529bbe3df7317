/**
 * What the game API answers, as types without a runtime import: the web client reads them too
 * (through `Json<…>`).
 */
import type { HostView } from '../protocol.ts';

/** A lobby just opened: where students join. */
/** A lobby just opened: its join link, and every other address students could use. */
export type OpenedGame = { gameId: string; code: string; joinUrl: string; joinUrls: string[]; localOnly: boolean };

/** One of the instructor's rooms that is open right now. */
export type LiveGame = { code: string; gameId: string; title: string; phase: HostView['phase'] };

export type GameStatus = 'lobby' | 'running' | 'ended';

/** A game in the instructor's list; `playerCount` counts the players in play (not those who left or were removed). */
export type GameSummary = {
  id: string;
  title: string;
  roomCode: string;
  status: GameStatus;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  playerCount: number;
  questionCount: number;
};

/** One stored answer: what a score is made of, so anyone can recompute it (docs/protocol.md, Scoring). */
export type StoredAnswer = { position: number; questionId: string; chosen: number[]; correct: boolean; responseMs: number; points: number };

/** In play to the end, gone by their own choice (`player:leave`), or removed by the host. */
export type PlayerStatus = 'playing' | 'left' | 'removed';

/**
 * A game's outcome as stored: its questions (`skipped`: the host skipped it, so it scored nobody
 * and kept streaks, unlike a question nobody answered), the final scores and every answer behind
 * them, and each player's `joinOrder` (1 joined first: the ranking's last tie-break). Players
 * out of play are listed too, with when they went out (`outAt`) and the last question whose
 * reveal ranked them (`rankedThrough`: -1 for none, null while playing or when not known).
 */
export type GameOutcome = Omit<GameSummary, 'playerCount' | 'questionCount'> & {
  questions: { position: number; questionId: string; timeLimitSec: number; readingSec: number | null; doublePoints: boolean; skipped: boolean }[];
  players: {
    id: string;
    nickname: string;
    score: number;
    joinOrder: number;
    status: PlayerStatus;
    outAt: Date | null;
    rankedThrough: number | null;
    answers: StoredAnswer[];
  }[];
};
