/**
 * What the per-student and class analytics answer, as types: the web client reads them too
 * (through `Json<…>`), so this file imports types only, from import-free files.
 */
import type { MasteryView } from './analytics-types.ts';
import type { Readiness } from './readiness.ts';

export type MatrixDomain = { domainId: string; number: number; title: string; examWeightPercent: number };

/** One cell of the class matrix: a student's answers in one domain. */
export type MatrixCell = { domainId: string; attempts: number; correct: number; accuracy: number | null };

export type MatrixRow = {
  memberId: string;
  name: string;
  externalId: string | null;
  games: number;
  attempts: number;
  correct: number;
  accuracy: number | null;
  /** One cell per domain, in exam order (the columns). */
  cells: MatrixCell[];
  readiness: Readiness;
};

/** `GET /api/classes/:id/matrix`: students x domains, most ready first (no estimate last), then by name. */
export type ClassMatrix = { classId: string; sources: ('live' | 'assignment' | 'simulation')[]; domains: MatrixDomain[]; students: MatrixRow[] };

/** A game a student played, as their page lists it. */
export type PlayedGame = {
  gameId: string;
  title: string;
  playedAt: Date;
  nickname: string;
  score: number;
  /** Among the players still in the game at the end: by score, then lower total response time. */
  rank: number;
  players: number;
  answered: number;
  correct: number;
};

/** One student's mastery across every game of their class, with the same definitions as the class's. */
export type StudentMastery = {
  member: { id: string; name: string; externalId: string | null };
  class: { id: string; name: string };
  mastery: MasteryView;
  readiness: Readiness;
  /** Most recent first. */
  recentGames: PlayedGame[];
};
