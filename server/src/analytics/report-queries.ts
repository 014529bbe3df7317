import type { Db } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { StudentReport } from './analytics-types.ts';

/**
 * Grouped aggregates of one game's answers, computed in PostgreSQL. Only players in play count:
 * those who left (`player:leave`) or were removed by the host, and their answers, are left out
 * everywhere, as the game's own ranking leaves them out.
 */

/** The player `p` is in play: neither removed by the host nor gone by their own choice. */
const inPlay = Prisma.sql`p."kickedAt" IS NULL AND p."leftAt" IS NULL`;

export type QuestionStatsRow = {
  position: number;
  questionId: string;
  topicId: string;
  domainId: string;
  type: string;
  prompt: string;
  /** The host skipped it. */
  skipped: boolean;
  options: string[];
  answered: number;
  correct: number;
  averageResponseMs: number | null;
};

export function questionStats(db: Db, gameId: string): Promise<QuestionStatsRow[]> {
  return db.$queryRaw<QuestionStatsRow[]>`
    SELECT gq.position, gq."questionId", gq.skipped, q."topicId", t."domainId", q.type::text AS type, q.prompt, q.options,
           count(a.id)::int AS answered,
           count(a.id) FILTER (WHERE a.correct)::int AS correct,
           avg(a."responseMs")::float8 AS "averageResponseMs"
      FROM "GameQuestion" gq
      JOIN "Question" q ON q.id = gq."questionId"
      JOIN "Topic" t ON t.id = q."topicId"
      LEFT JOIN ("Answer" a JOIN "Player" p ON p.id = a."playerId" AND ${inPlay})
             ON a."gameId" = gq."gameId" AND a."questionId" = gq."questionId"
     WHERE gq."gameId" = ${gameId}::uuid
     GROUP BY gq.position, gq."questionId", gq.skipped, q.id, t."domainId"
     ORDER BY gq.position`;
}

export type WrongOptionRow = { questionId: string; option: number; count: number };

/**
 * Per question, the wrong option (bank order, 0-based) that the most answers included; ties go
 * to the lower option. For "choose two" questions every chosen option not in the key counts.
 */
export function mostChosenWrongOptions(db: Db, gameId: string): Promise<WrongOptionRow[]> {
  return db.$queryRaw<WrongOptionRow[]>`
    SELECT DISTINCT ON (a."questionId") a."questionId", o.option::int AS option, count(*)::int AS count
      FROM "Answer" a
      JOIN "Player" p ON p.id = a."playerId" AND ${inPlay}
      JOIN "Question" q ON q.id = a."questionId"
     CROSS JOIN LATERAL unnest(a.chosen) AS o(option)
     WHERE a."gameId" = ${gameId}::uuid AND NOT a.correct AND o.option <> ALL (q.answer)
     GROUP BY a."questionId", o.option
     ORDER BY a."questionId", count(*) DESC, o.option`;
}

export type TopicStatsRow = { topicId: string; title: string; domainId: string; questions: number; answered: number; correct: number };

export function topicStats(db: Db, gameId: string): Promise<TopicStatsRow[]> {
  return db.$queryRaw<TopicStatsRow[]>`
    SELECT a."topicId", t.title, t."domainId",
           count(DISTINCT a."questionId")::int AS questions,
           count(*)::int AS answered,
           count(*) FILTER (WHERE a.correct)::int AS correct
      FROM "Answer" a
      JOIN "Player" p ON p.id = a."playerId" AND ${inPlay}
      JOIN "Topic" t ON t.id = a."topicId"
     WHERE a."gameId" = ${gameId}::uuid
     GROUP BY a."topicId", t.title, t."domainId"`;
}

export type DomainStatsRow = { domainId: string; number: number; title: string; examWeightPercent: number; answered: number; correct: number };

export function domainStats(db: Db, gameId: string): Promise<DomainStatsRow[]> {
  return db.$queryRaw<DomainStatsRow[]>`
    SELECT d.id AS "domainId", d.number, d.title, d."examWeightPercent",
           count(*)::int AS answered,
           count(*) FILTER (WHERE a.correct)::int AS correct
      FROM "Answer" a
      JOIN "Player" p ON p.id = a."playerId" AND ${inPlay}
      JOIN "Topic" t ON t.id = a."topicId"
      JOIN "Domain" d ON d.id = t."domainId"
     WHERE a."gameId" = ${gameId}::uuid
     GROUP BY d.id
     ORDER BY d.number`;
}

export type StudentStatsRow = Omit<StudentReport, 'accuracy' | 'missedTopics'>;

/**
 * Every player in play with their stored score. Ranks follow the game's own rule:
 * score, then the lower total response time, then who joined first; 1-based and distinct.
 */
export function studentStats(db: Db, gameId: string): Promise<StudentStatsRow[]> {
  return db.$queryRaw<StudentStatsRow[]>`
    SELECT p.id AS "playerId", p.nickname, p.score,
           row_number() OVER (ORDER BY p.score DESC, coalesce(sum(a."responseMs"), 0) ASC, p."joinSeq" ASC NULLS LAST, p."joinedAt" ASC, p.id)::int AS rank,
           count(a.id)::int AS answered,
           count(a.id) FILTER (WHERE a.correct)::int AS correct,
           avg(a."responseMs")::float8 AS "averageResponseMs"
      FROM "Player" p
      LEFT JOIN "Answer" a ON a."playerId" = p.id AND a."gameId" = p."gameId"
     WHERE p."gameId" = ${gameId}::uuid AND ${inPlay}
     GROUP BY p.id
     ORDER BY rank`;
}

export type MissedTopicRow = { playerId: string; topicId: string; title: string; wrong: number };

/** Per player, the topics with at least one wrong answer, most wrong answers first. */
export function missedTopics(db: Db, gameId: string): Promise<MissedTopicRow[]> {
  return db.$queryRaw<MissedTopicRow[]>`
    SELECT a."playerId", a."topicId", t.title, count(*)::int AS wrong
      FROM "Answer" a
      JOIN "Topic" t ON t.id = a."topicId"
     WHERE a."gameId" = ${gameId}::uuid AND NOT a.correct
     GROUP BY a."playerId", a."topicId", t.title
     ORDER BY a."playerId", wrong DESC, a."topicId"`;
}

export type GameTotalsRow = { answered: number; correct: number; averageResponseMs: number | null };

export async function gameTotals(db: Db, gameId: string): Promise<GameTotalsRow> {
  const [row] = await db.$queryRaw<GameTotalsRow[]>`
    SELECT count(*)::int AS answered,
           count(*) FILTER (WHERE a.correct)::int AS correct,
           avg(a."responseMs")::float8 AS "averageResponseMs"
      FROM "Answer" a
      JOIN "Player" p ON p.id = a."playerId" AND ${inPlay}
     WHERE a."gameId" = ${gameId}::uuid`;
  return row!;
}
