import type { StudentIdentity } from '../classes/class-types.ts';
import type { Db } from '../db/client.ts';
import type { ClassMatrix, MatrixDomain, MatrixRow, PlayedGame, StudentMastery } from './class-analytics-types.ts';
import { ANSWER_SOURCES, type AnswerSource } from './answer-sources.ts';
import { scopeAttempts } from './mastery-queries.ts';
import { ratio } from './ratio.ts';
import { examReadiness } from './readiness.ts';
import { masteryView } from './topic-mastery.ts';

const ALL_TIME = { from: null, to: null };
const RECENT_GAMES = 10;

/** The domains in exam order: the matrix's columns. */
async function domainColumns(db: Db): Promise<MatrixDomain[]> {
  const rows = await db.domain.findMany({ orderBy: { number: 'asc' }, select: { id: true, number: true, title: true, examWeightPercent: true } });
  return rows.map((d) => ({ domainId: d.id, number: d.number, title: d.title, examWeightPercent: d.examWeightPercent }));
}

/**
 * Answers per member and domain across the class's games and attempts, in one grouped pass: the
 * class's games (Game by classId), their member seats still in play, and those seats' answers
 * read from the analytics index (gameId, topicId, correct, playerId); the attempts' answers
 * that count (as mastery counts them) by their member.
 */
export function matrixCells(db: Db, instructorId: string, classId: string, sources: readonly AnswerSource[]) {
  return db.$queryRaw<{ memberId: string; domainId: string; attempts: number; correct: number }[]>`
    WITH games AS (
      SELECT id FROM "Game" WHERE "classId" = ${classId}::uuid AND "instructorId" = ${instructorId}::uuid
         AND ${sources.includes('live')}::boolean
    ),
    attempts AS (${scopeAttempts({ instructorId, classId, period: ALL_TIME, sources })}),
    seats AS (
      SELECT p.id, p."memberId" FROM "Player" p
       WHERE p."gameId" IN (SELECT id FROM games) AND p."memberId" IS NOT NULL AND p."kickedAt" IS NULL
    ),
    per_topic AS (
      SELECT s."memberId", a."topicId", count(*) AS attempts, count(*) FILTER (WHERE a.correct) AS correct
        FROM "Answer" a
        JOIN seats s ON s.id = a."playerId"
       WHERE a."gameId" IN (SELECT id FROM games)
       GROUP BY s."memberId", a."topicId"
      UNION ALL
      SELECT at."memberId", a."topicId", count(*) AS attempts, count(*) FILTER (WHERE a.correct) AS correct
        FROM "Answer" a
        JOIN attempts at ON at.id = a."attemptId"
       WHERE at."memberId" IS NOT NULL
       GROUP BY at."memberId", a."topicId"
    )
    SELECT pt."memberId", t."domainId", sum(pt.attempts)::int AS attempts, sum(pt.correct)::int AS correct
      FROM per_topic pt
      JOIN "Topic" t ON t.id = pt."topicId"
     GROUP BY pt."memberId", t."domainId"`;
}

/** Students x domains for the class, every member a row (with zeros before their first game). */
export async function classMatrix(db: Db, instructorId: string, classId: string, sources: readonly AnswerSource[] = ANSWER_SOURCES): Promise<ClassMatrix> {
  const [domains, members, cells, games] = await Promise.all([
    domainColumns(db),
    db.classMember.findMany({ where: { classId }, select: { id: true, name: true, externalId: true } }),
    matrixCells(db, instructorId, classId, sources),
    db.$queryRaw<{ memberId: string; games: number }[]>`
      SELECT p."memberId", count(DISTINCT p."gameId")::int AS games
        FROM "Player" p JOIN "Game" g ON g.id = p."gameId"
       WHERE g."classId" = ${classId}::uuid AND p."memberId" IS NOT NULL AND p."kickedAt" IS NULL
       GROUP BY p."memberId"`,
  ]);
  const cellOf = new Map(cells.map((c) => [`${c.memberId}/${c.domainId}`, c]));
  const gamesOf = new Map(games.map((g) => [g.memberId, g.games]));
  const students = members.map((member): MatrixRow => {
    const row = domains.map((d) => {
      const cell = cellOf.get(`${member.id}/${d.domainId}`);
      const attempts = cell?.attempts ?? 0;
      const correct = cell?.correct ?? 0;
      return { domainId: d.domainId, attempts, correct, accuracy: ratio(correct, attempts) };
    });
    const attempts = row.reduce((n, c) => n + c.attempts, 0);
    const correct = row.reduce((n, c) => n + c.correct, 0);
    return {
      memberId: member.id,
      name: member.name,
      externalId: member.externalId,
      games: gamesOf.get(member.id) ?? 0,
      attempts,
      correct,
      accuracy: ratio(correct, attempts),
      cells: row,
      readiness: examReadiness(row.map((c, i) => ({ ...c, examWeightPercent: domains[i]!.examWeightPercent }))),
    };
  });
  students.sort((a, b) => (b.readiness.estimate ?? -1) - (a.readiness.estimate ?? -1) || a.name.localeCompare(b.name) || a.memberId.localeCompare(b.memberId));
  return { classId, sources: [...sources], domains, students };
}

/** The games a member played (their seats in the class's games), most recent first. */
async function playedGames(db: Db, memberId: string, limit: number): Promise<PlayedGame[]> {
  return db.$queryRaw<PlayedGame[]>`
    WITH mine AS (
      -- The member's most recent started games first: only those games' standings are ranked.
      SELECT p.id, p."gameId" FROM "Player" p JOIN "Game" g ON g.id = p."gameId"
       WHERE p."memberId" = ${memberId}::uuid AND p."kickedAt" IS NULL AND g."startedAt" IS NOT NULL
       ORDER BY g."startedAt" DESC, g.id
       LIMIT ${limit}
    ),
    standings AS (
      SELECT p.id, p."gameId", p.nickname, p.score,
             rank() OVER (PARTITION BY p."gameId" ORDER BY p.score DESC, coalesce(r.ms, 0) ASC)::int AS rank,
             count(*) OVER (PARTITION BY p."gameId")::int AS players
        FROM "Player" p
        LEFT JOIN LATERAL (SELECT sum(a."responseMs") FILTER (WHERE a.correct) AS ms FROM "Answer" a WHERE a."playerId" = p.id) r ON true
       WHERE p."gameId" IN (SELECT "gameId" FROM mine) AND p."kickedAt" IS NULL
    )
    SELECT g.id AS "gameId", g.title, coalesce(g."startedAt", g."createdAt") AS "playedAt", s.nickname, s.score, s.rank, s.players,
           (SELECT count(*) FROM "Answer" a WHERE a."playerId" = s.id)::int AS answered,
           (SELECT count(*) FROM "Answer" a WHERE a."playerId" = s.id AND a.correct)::int AS correct
      FROM standings s
      JOIN mine m ON m.id = s.id
      JOIN "Game" g ON g.id = s."gameId"
     WHERE g."startedAt" IS NOT NULL
     ORDER BY coalesce(g."startedAt", g."createdAt") DESC, g.id
     LIMIT ${limit}`;
}

/**
 * One student's mastery across every game of their class: the class-level view's definitions
 * (accuracy, trend over the topic's games, priority, weakest first) on their answers only,
 * their exam readiness, and their recent games.
 */
export async function studentMastery(
  db: Db,
  scope: {
    instructorId: string;
    classId: string;
    className: string;
    member: { id: string; name: string; externalId: string | null };
    sources?: readonly AnswerSource[];
  },
): Promise<StudentMastery> {
  const { instructorId, classId, member, sources } = scope;
  const [mastery, recentGames] = await Promise.all([
    masteryView(db, instructorId, ALL_TIME, { classId, memberIds: [member.id], sources }),
    playedGames(db, member.id, RECENT_GAMES),
  ]);
  const readiness = examReadiness(
    mastery.domains.map((d) => ({ domainId: d.domainId, examWeightPercent: d.examWeightPercent, attempts: d.attempts, correct: d.correct })),
  );
  // Only these fields: the caller may hand over the whole stored row (hashes included).
  return { member: { id: member.id, name: member.name, externalId: member.externalId }, class: { id: classId, name: scope.className }, mastery, readiness, recentGames };
}

/** The student's own page: their mastery in their class, from their token's identity. */
export async function studentProgress(db: Db, me: StudentIdentity, sources?: readonly AnswerSource[]): Promise<StudentMastery> {
  const member = await db.classMember.findUniqueOrThrow({
    where: { id: me.memberId },
    select: { id: true, name: true, externalId: true, class: { select: { instructorId: true } } },
  });
  const { class: owner, ...own } = member;
  return studentMastery(db, { instructorId: owner.instructorId, classId: me.classId, className: me.className, member: own, sources });
}
