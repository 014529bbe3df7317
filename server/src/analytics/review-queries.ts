import type { Db } from '../db/client.ts';

export type ReviewCandidateRow = {
  questionId: string;
  topicId: string;
  /** Answers and wrong answers in scope: the one game, or all the instructor's games. */
  answers: number;
  wrong: number;
  /** How many of the instructor's games that started held this question (a lobby asks nothing). */
  timesAsked: number;
};

/**
 * Every question the instructor may use (built-in or their own, not archived) in the given
 * topics, with how the class did on it. With `gameId`, the answers counted are that game's;
 * otherwise those of all the instructor's games. Kicked players' answers are left out.
 */
export function reviewCandidates(
  db: Db,
  instructorId: string,
  topicIds: string[],
  gameId: string | null,
  /** Only these class members' answers count as missed (a student's or a group's review). */
  memberIds: string[] | null = null,
): Promise<ReviewCandidateRow[]> {
  return db.$queryRaw<ReviewCandidateRow[]>`
    WITH scoped AS (
      SELECT a."questionId", count(*)::int AS answers, count(*) FILTER (WHERE NOT a.correct)::int AS wrong
        FROM "Answer" a
        JOIN "Game" g ON g.id = a."gameId"
        JOIN "Player" p ON p.id = a."playerId" AND p."kickedAt" IS NULL
       WHERE g."instructorId" = ${instructorId}::uuid
         AND (${gameId}::uuid IS NULL OR g.id = ${gameId}::uuid)
         AND (${memberIds}::uuid[] IS NULL OR p."memberId" = ANY (${memberIds}::uuid[]))
         AND a."topicId" = ANY (${topicIds}::text[])
       GROUP BY a."questionId"
    ),
    asked AS (
      SELECT gq."questionId", count(*)::int AS times
        FROM "GameQuestion" gq
        JOIN "Game" g ON g.id = gq."gameId"
       WHERE g."instructorId" = ${instructorId}::uuid AND g."startedAt" IS NOT NULL
       GROUP BY gq."questionId"
    )
    SELECT q.id AS "questionId", q."topicId",
           coalesce(s.answers, 0) AS answers, coalesce(s.wrong, 0) AS wrong, coalesce(k.times, 0) AS "timesAsked"
      FROM "Question" q
      LEFT JOIN scoped s ON s."questionId" = q.id
      LEFT JOIN asked k ON k."questionId" = q.id
     WHERE q."topicId" = ANY (${topicIds}::text[])
       AND q."archivedAt" IS NULL
       AND (q.source = 'seed' OR q."authorId" = ${instructorId}::uuid)
     ORDER BY q.id`;
}
