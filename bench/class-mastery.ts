/**
 * Times the per-student analytics of a class beside the class-level query:
 *
 *   npx tsx bench/class-mastery.ts [--students 200] [--answers 100000] [--classes 3] [--runs 30] [--explain] [--keep]
 *
 * Creates its own database on the local PostgreSQL (BENCH_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres names the server), migrates and seeds it with the
 * real banks, and fills `--classes` classes of the same instructor with `--students` members and
 * `--answers` answers each (games of 20 questions that every member plays); the first class is
 * measured, the others are data the queries must skip. Times, with the routes' use cases: the
 * class-level mastery of the class (GET /api/classes/:id/mastery), one student's mastery
 * (GET /api/classes/:id/members/:memberId/mastery, also the student's own page), the class matrix
 * students x domains (GET /api/classes/:id/matrix), and the instructor's mastery over all games.
 * The data comes from a fixed seed, so runs compare.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seed } from '../seed/loader.ts';
import { classMatrix, matrixCells, studentMastery } from '../server/src/analytics/class-analytics.ts';
import { topicMasterySql } from '../server/src/analytics/mastery-queries.ts';
import { masteryView, TREND_GAMES } from '../server/src/analytics/topic-mastery.ts';
import { newInviteToken } from '../server/src/classes/student-secrets.ts';
import { createDb } from '../server/src/db/client.ts';
import { ensureDatabase, withDatabase } from '../server/src/db/embedded-postgres.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { Prisma } from '../server/src/generated/prisma/client.ts';
import { mulberry32 } from '../server/src/game/shuffle.ts';
import { answerQuestions, askQuestions, bankQuestions } from './synthetic-games.ts';

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '200' },
    answers: { type: 'string', default: '100000' },
    classes: { type: 'string', default: '3' },
    runs: { type: 'string', default: '30' },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const STUDENTS = Number(args.students);
const ANSWERS = Number(args.answers);
const CLASSES = Number(args.classes);
const RUNS = Number(args.runs);
const QUESTIONS_PER_GAME = 20;
const DAYS = 42;

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = `quiz_bench_${randomBytes(4).toString('hex')}`;
const random = mulberry32(20261210);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function fillClass(client: pg.Client, instructorId: string, c: number): Promise<{ classId: string; memberIds: string[]; games: number }> {
  const classId = randomUUID();
  await client.query(`INSERT INTO "Class" (id, "instructorId", name, "inviteToken") VALUES ($1, $2, $3, $4)`, [classId, instructorId, `Class ${c + 1}`, newInviteToken()]);
  const memberIds = Array.from({ length: STUDENTS }, () => randomUUID());
  await client.query(
    `INSERT INTO "ClassMember" (id, "classId", name, "nameKey", origin)
     SELECT m, $1, 'Student ' || i, 'student ' || i, 'invite' FROM unnest($2::uuid[]) WITH ORDINALITY AS t(m, i)`,
    [classId, memberIds],
  );
  const questions = await bankQuestions(client);
  // Each student has a skill per domain-ish (per topic prefix) so the matrix spreads out.
  const skill = memberIds.map(() => 0.3 + random() * 0.65);
  const games = Math.ceil(ANSWERS / (STUDENTS * QUESTIONS_PER_GAME));
  let left = ANSWERS;
  const start = Date.now() - DAYS * 86_400_000;
  for (let g = 0; g < games && left > 0; g++) {
    const gameId = randomUUID();
    const startedAt = new Date(start + (g / games) * DAYS * 86_400_000);
    await client.query(
      `INSERT INTO "Game" (id, "instructorId", "classId", title, "roomCode", status, settings, "createdAt", "startedAt", "endedAt")
       VALUES ($1, $2, $3, $4, $5, 'ended', '{}'::jsonb, $6, $6, $6)`,
      [gameId, instructorId, classId, `Class ${c + 1} game ${g + 1}`, `C${c}${String(g).padStart(4, '0')}`, startedAt],
    );
    const asked = await askQuestions(client, gameId, questions, QUESTIONS_PER_GAME, pick);
    const playerIds = memberIds.map(() => randomUUID());
    await client.query(
      `INSERT INTO "Player" (id, "gameId", nickname, "nicknameKey", "rejoinTokenHash", score, "memberId")
       SELECT p, $1, 'Student ' || i, 'student ' || i, md5(p::text), 0, m FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS t(p, m, i)`,
      [gameId, playerIds, memberIds],
    );
    left = await answerQuestions(client, { gameId, startedAt, playerIds, asked }, left, (student) => skill[student]!, random);
  }
  return { classId, memberIds, games };
}

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const fmt = (n: number) => n.toFixed(1).padStart(7);
  console.log(`${label.padEnd(58)} median ${fmt(percentile(ms, 50))} ms   p95 ${fmt(percentile(ms, 95))} ms   (${RUNS} runs)`);
}

async function explain(db: ReturnType<typeof createDb>['db'], label: string, sql: Prisma.Sql) {
  const plan = await db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
  console.log(`\nplan, ${label}:\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
}

async function main() {
  await ensureDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { db, pool } = createDb(url);
  try {
    await migrate(client);
    await seed(db);
    const instructorId = randomUUID();
    await client.query(`INSERT INTO "Instructor" (id, email, name, "passwordHash") VALUES ($1, 'bench@school.test', 'Bench', 'x')`, [instructorId]);
    const t0 = performance.now();
    const classes = [];
    for (let c = 0; c < CLASSES; c++) classes.push(await fillClass(client, instructorId, c));
    await client.query('VACUUM ANALYZE');
    const total = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Answer"')).rows[0]!.n;
    const [measured] = classes;
    const { classId, memberIds, games } = measured!;
    console.log(`database ${name}: ${CLASSES} classes of ${STUDENTS} students, ${total} answers in all (filled in ${((performance.now() - t0) / 1000).toFixed(1)} s);`);
    console.log(`the measured class: ${ANSWERS} answers in ${games} games over ${DAYS} days (${Math.round(ANSWERS / STUDENTS)} per student)`);

    const all = { from: null, to: null };
    const member = { id: memberIds[Math.floor(STUDENTS / 2)]!, name: 'Student', externalId: null };
    await time('class-level mastery of the class (/classes/:id/mastery)', () => masteryView(db, instructorId, all, { classId }));
    await time('one student (/classes/:id/members/:m/mastery)', () => studentMastery(db, { instructorId, classId, className: 'Class 1', member }));
    await time('class matrix, students x domains (/classes/:id/matrix)', () => classMatrix(db, instructorId, classId));
    await time('instructor mastery, every game (/analytics/topics)', () => masteryView(db, instructorId, all));

    if (args.explain) {
      await explain(db, 'one student', topicMasterySql({ instructorId, period: all, classId, memberIds: [member.id] }, TREND_GAMES));
      await explain(db, 'class-level', topicMasterySql({ instructorId, period: all, classId }, TREND_GAMES));
      void matrixCells;
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS)
        WITH games AS (SELECT id FROM "Game" WHERE "classId" = $1 AND "instructorId" = $2),
        seats AS (SELECT p.id, p."memberId" FROM "Player" p WHERE p."gameId" IN (SELECT id FROM games) AND p."memberId" IS NOT NULL AND p."kickedAt" IS NULL),
        per_topic AS (SELECT s."memberId", a."topicId", count(*) AS attempts, count(*) FILTER (WHERE a.correct) AS correct
          FROM "Answer" a JOIN seats s ON s.id = a."playerId" WHERE a."gameId" IN (SELECT id FROM games) GROUP BY s."memberId", a."topicId")
        SELECT pt."memberId", t."domainId", sum(pt.attempts)::int, sum(pt.correct)::int FROM per_topic pt JOIN "Topic" t ON t.id = pt."topicId" GROUP BY 1, 2`, [classId, instructorId]);
      console.log(`\nplan, class matrix:\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  } finally {
    await client.end();
    await db.$disconnect();
    await pool.end();
    if (args.keep) console.log(`kept ${withDatabase(serverUrl, name)}`);
    else {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await admin.end();
    }
  }
}

await main();
