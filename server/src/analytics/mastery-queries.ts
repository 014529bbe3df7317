import type { Db } from '../db/client.ts';
import type { TopicMasteryRow } from './analytics-types.ts';
import { ANSWER_SOURCES, type AnswerSource } from './answer-sources.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** A half-open period [from, to) of when games were played; a missing end is unbounded. */
export type Period = { from: Date | null; to: Date | null };

/**
 * Whose answers count: the instructor's games and their classes' attempts (assignments, exam
 * simulations) in the period, only those of one class (`classId`), only the answers of some of
 * its members (`memberIds`: one student, a group), and only from some sources (default: all).
 * The definitions are the same at every level; only the answers counted differ.
 */
export type MasteryScope = { instructorId: string; period: Period; classId?: string; memberIds?: string[]; sources?: readonly AnswerSource[] };

const sourcesOf = (scope: Pick<MasteryScope, 'sources'>) => scope.sources ?? ANSWER_SOURCES;

/**
 * The scope's games. A game counts at its start (or its creation, for a lobby that never
 * started: it has no answers anyway).
 */
function scopeGames({ instructorId, period: { from, to }, classId, ...scope }: MasteryScope): Prisma.Sql {
  return Prisma.sql`
    SELECT g.id, coalesce(g."startedAt", g."createdAt") AS "playedAt"
      FROM "Game" g
     WHERE g."instructorId" = ${instructorId}::uuid
       ${sourcesOf(scope).includes('live') ? Prisma.empty : Prisma.sql`AND false`}
       ${classId ? Prisma.sql`AND g."classId" = ${classId}::uuid` : Prisma.empty}
       AND (${from}::timestamptz IS NULL OR coalesce(g."startedAt", g."createdAt") >= ${from}::timestamptz)
       AND (${to}::timestamptz IS NULL OR coalesce(g."startedAt", g."createdAt") < ${to}::timestamptz)`;
}

/**
 * SQL: the practice attempt aliased `at` has a per-question timer and no open item at `now`:
 * every item is answered or its own time ran out (`currentPracticePosition` of
 * assignments/attempt-clock.ts is null). The attempt is over: its answers count here, and
 * `endOverdueAttempts` ends it.
 */
export const attemptRanOutOfItems = (now: Date) => Prisma.sql`(at.kind = 'practice' AND at."questionTimeLimitSec" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "AttemptItem" pending WHERE pending."attemptId" = at.id
       AND NOT EXISTS (SELECT 1 FROM "Answer" a WHERE a."attemptId" = at.id AND a."questionId" = pending."questionId")
       AND (pending."shownAt" IS NULL OR pending."shownAt" + at."questionTimeLimitSec" * interval '1 second' > ${now}::timestamptz)))`;

/**
 * The scope's attempts whose answers count: of the chosen sources, started in the period, and
 * only once the student may know whether their answers were right (feedback after each
 * question, or the attempt is over, its last question's time run out included), so no report
 * tells a key early. An attempt counts as one game, played at its start.
 */
export function scopeAttempts({ instructorId, period: { from, to }, classId, memberIds, ...scope }: MasteryScope, now = new Date()): Prisma.Sql {
  const kinds = sourcesOf(scope).flatMap((source) => (source === 'assignment' ? ['practice'] : source === 'simulation' ? ['simulation'] : []));
  return Prisma.sql`
    SELECT at.id, at."startedAt" AS "playedAt", at."memberId"
      FROM "Attempt" at
      JOIN "Class" c ON c.id = at."classId"
     WHERE c."instructorId" = ${instructorId}::uuid
       AND at.kind::text = ANY (${kinds}::text[])
       ${classId ? Prisma.sql`AND at."classId" = ${classId}::uuid` : Prisma.empty}
       ${memberIds ? Prisma.sql`AND at."memberId" = ANY (${memberIds}::uuid[])` : Prisma.empty}
       AND (${from}::timestamptz IS NULL OR at."startedAt" >= ${from}::timestamptz)
       AND (${to}::timestamptz IS NULL OR at."startedAt" < ${to}::timestamptz)
       AND (at.feedback = 'each' OR at."submittedAt" IS NOT NULL OR at."endsAt" <= ${now}::timestamptz OR ${attemptRanOutOfItems(now)})`;
}

/** The answers that count: never a kicked player's; with members, only their seats' (read through Player's memberId index). */
function scopeAnswers({ memberIds }: MasteryScope): Prisma.Sql {
  if (!memberIds) return Prisma.sql`NOT EXISTS (SELECT 1 FROM "Player" p WHERE p.id = a."playerId" AND p."kickedAt" IS NOT NULL)`;
  return Prisma.sql`a."playerId" IN (SELECT p.id FROM "Player" p WHERE p."memberId" = ANY (${memberIds}::uuid[]) AND p."kickedAt" IS NULL)`;
}

export type MasteryResult = {
  /** Every curriculum topic, in curriculum order; zeros for topics never practised. */
  topics: TopicMasteryRow[];
  /** Games of the period with answers, and those answers. */
  totals: { games: number; answers: number };
};

/**
 * The instructor's answers in the period grouped per topic, in one pass over the answers. Per
 * topic, its games are ordered by when they were played and the answers split into the most
 * recent `recentGames` games and the earlier ones. Answers of kicked players are left out.
 * Every row also carries the period's totals (periodGames, periodAnswers).
 */
export function topicMasterySql(scope: MasteryScope, recentGames: number): Prisma.Sql {
  const { instructorId } = scope;
  return Prisma.sql`
    WITH live AS (${scopeGames(scope)}),
    attempts AS (${scopeAttempts(scope)}),
    games AS (SELECT id, "playedAt" FROM live UNION ALL SELECT id, "playedAt" FROM attempts),
    per_game AS (
      SELECT a."topicId", a."gameId",
             count(*)::int AS attempts,
             count(*) FILTER (WHERE a.correct)::int AS correct
        FROM "Answer" a
       WHERE a."gameId" IN (SELECT id FROM live)
         AND ${scopeAnswers(scope)}
       GROUP BY a."topicId", a."gameId"
      UNION ALL
      SELECT a."topicId", a."attemptId",
             count(*)::int AS attempts,
             count(*) FILTER (WHERE a.correct)::int AS correct
        FROM "Answer" a
       WHERE a."attemptId" IN (SELECT id FROM attempts)
       GROUP BY a."topicId", a."attemptId"
    ),
    ranked AS (
      SELECT pg.*, gm."playedAt",
             row_number() OVER (PARTITION BY pg."topicId" ORDER BY gm."playedAt" DESC, pg."gameId" DESC) AS recency
        FROM per_game pg
        JOIN games gm ON gm.id = pg."gameId"
    ),
    stats AS (
      SELECT "topicId",
             count(*)::int AS games,
             sum(attempts)::int AS attempts,
             sum(correct)::int AS correct,
             coalesce(sum(attempts) FILTER (WHERE recency <= ${recentGames}::int), 0)::int AS "recentAttempts",
             coalesce(sum(correct) FILTER (WHERE recency <= ${recentGames}::int), 0)::int AS "recentCorrect",
             coalesce(sum(attempts) FILTER (WHERE recency > ${recentGames}::int), 0)::int AS "earlierAttempts",
             coalesce(sum(correct) FILTER (WHERE recency > ${recentGames}::int), 0)::int AS "earlierCorrect",
             max("playedAt") AS "lastPlayedAt"
        FROM ranked
       GROUP BY "topicId"
    ),
    totals AS (
      SELECT count(DISTINCT "gameId")::int AS games, coalesce(sum(attempts), 0)::int AS answers FROM per_game
    )
    SELECT t.id AS "topicId", t.title, t.position, d.id AS "domainId", d.number AS "domainNumber", d.title AS "domainTitle",
           d."examWeightPercent",
           (SELECT count(*) FROM "Question" q
             WHERE q."topicId" = t.id AND q."archivedAt" IS NULL
               AND (q.source = 'seed' OR q."authorId" = ${instructorId}::uuid))::int AS "questionCount",
           coalesce(s.games, 0) AS games, coalesce(s.attempts, 0) AS attempts, coalesce(s.correct, 0) AS correct,
           coalesce(s."recentAttempts", 0) AS "recentAttempts", coalesce(s."recentCorrect", 0) AS "recentCorrect",
           coalesce(s."earlierAttempts", 0) AS "earlierAttempts", coalesce(s."earlierCorrect", 0) AS "earlierCorrect",
           s."lastPlayedAt",
           totals.games AS "periodGames", totals.answers AS "periodAnswers"
      FROM "Topic" t
      JOIN "Domain" d ON d.id = t."domainId"
      CROSS JOIN totals
      LEFT JOIN stats s ON s."topicId" = t.id
     ORDER BY d.number, t.position`;
}

export async function topicMastery(db: Db, scope: MasteryScope, recentGames: number): Promise<MasteryResult> {
  const rows = await db.$queryRaw<(TopicMasteryRow & { periodGames: number; periodAnswers: number })[]>(topicMasterySql(scope, recentGames));
  const first = rows[0];
  return {
    topics: rows.map(({ periodGames: _g, periodAnswers: _a, ...row }) => row),
    totals: { games: first?.periodGames ?? 0, answers: first?.periodAnswers ?? 0 },
  };
}
