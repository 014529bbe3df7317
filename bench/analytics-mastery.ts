/**
 * Times the topic-mastery query (GET /api/analytics/topics) on 100,000 answers.
 *
 *   npx tsx bench/analytics-mastery.ts [--answers 100000] [--runs 30] [--explain] [--keep] [--without-index]
 *
 * Creates its own database on the local PostgreSQL (BENCH_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres names the server), migrates and seeds it with the
 * real question banks, fills it with games, players and answers, times the use case the route
 * calls, and drops the database again (--keep leaves it, to look at plans with psql). The data
 * is drawn from a fixed seed, so runs compare. --without-index drops the analytics index of
 * migration 20261129133000 first, to see what it is worth.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seed } from '../seed/loader.ts';
import { gameReport } from '../server/src/analytics/game-report.ts';
import { topicMasterySql } from '../server/src/analytics/mastery-queries.ts';
import { masteryView, TREND_GAMES } from '../server/src/analytics/topic-mastery.ts';
import { createDb } from '../server/src/db/client.ts';
import { ensureDatabase, withDatabase } from '../server/src/db/embedded-postgres.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { Prisma } from '../server/src/generated/prisma/client.ts';
import { mulberry32 } from '../server/src/game/shuffle.ts';
import { answerQuestions, askQuestions, bankQuestions } from './synthetic-games.ts';

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'without-index': { type: 'boolean', default: false },
  },
});
const ANSWERS = Number(args.answers);
const RUNS = Number(args.runs);
const PLAYERS_PER_GAME = 25;
const QUESTIONS_PER_GAME = 10;
const OTHER_INSTRUCTORS = 3;
const DAYS = 180;

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = `quiz_bench_${randomBytes(4).toString('hex')}`;

// The engine's seeded generator: the same data on every run.
const random = mulberry32(20261129);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function fill(client: pg.Client, instructorIds: string[]) {
  const questions = await bankQuestions(client);
  // Each topic has a "true" difficulty so accuracies spread out as in a real class.
  const skill = new Map(questions.map((q) => [q.topicId, 0.35 + random() * 0.6]));
  const games = Math.ceil(ANSWERS / (PLAYERS_PER_GAME * QUESTIONS_PER_GAME));
  let left = ANSWERS;
  const start = Date.now() - DAYS * 86_400_000;
  for (let g = 0; g < games && left > 0; g++) {
    const gameId = randomUUID();
    // Most games are the measured instructor's; the others' games are noise the query must skip.
    const instructorId = g % 5 === 4 ? pick(instructorIds.slice(1)) : instructorIds[0]!;
    const startedAt = new Date(start + (g / games) * DAYS * 86_400_000);
    await client.query(
      `INSERT INTO "Game" (id, "instructorId", title, "roomCode", status, settings, "createdAt", "startedAt", "endedAt")
       VALUES ($1, $2, $3, $4, 'ended', '{}'::jsonb, $5, $5, $5)`,
      [gameId, instructorId, `Bench game ${g + 1}`, `B${String(g).padStart(5, '0')}`, startedAt],
    );
    const asked = await askQuestions(client, gameId, questions, QUESTIONS_PER_GAME, pick);
    const playerIds = Array.from({ length: PLAYERS_PER_GAME }, () => randomUUID());
    await client.query(
      `INSERT INTO "Player" (id, "gameId", nickname, "nicknameKey", "rejoinTokenHash", score)
       SELECT p, $1, 'Student ' || i, 'student ' || i, md5(p::text), 0 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(p, i)`,
      [gameId, playerIds],
    );
    left = await answerQuestions(client, { gameId, startedAt, playerIds, asked }, left, (_player, q) => skill.get(q.topicId)!, random);
  }
  return games;
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
  console.log(`${label.padEnd(44)} median ${fmt(percentile(ms, 50))} ms   p95 ${fmt(percentile(ms, 95))} ms   (${RUNS} runs)`);
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
    const instructorIds = Array.from({ length: 1 + OTHER_INSTRUCTORS }, () => randomUUID());
    for (const [i, id] of instructorIds.entries()) {
      await client.query(`INSERT INTO "Instructor" (id, email, name, "passwordHash") VALUES ($1, $2, $3, 'x')`, [id, `bench${i}@school.test`, `Bench ${i}`]);
    }
    const t0 = performance.now();
    const games = await fill(client, instructorIds);
    if (args['without-index']) await client.query('DROP INDEX "Answer_gameId_topicId_correct_playerId_idx"');
    await client.query('VACUUM ANALYZE');
    const counts = (
      await client.query<{ answers: number; mine: number; topics: number }>(
        `SELECT count(*)::int AS answers, count(*) FILTER (WHERE g."instructorId" = $1)::int AS mine, count(DISTINCT a."topicId")::int AS topics
           FROM "Answer" a JOIN "Game" g ON g.id = a."gameId"`,
        [instructorIds[0]],
      )
    ).rows[0]!;
    console.log(`database ${name}: ${counts.answers} answers in ${games} games over ${DAYS} days, ${counts.topics} topics;`);
    console.log(`${counts.mine} answers belong to the measured instructor (filled in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const me = instructorIds[0]!;
    const lastMonth = new Date(Date.now() - 30 * 86_400_000);
    await time('mastery, all time (GET /api/analytics/topics)', () => masteryView(db, me, { from: null, to: null }));
    await time('mastery, last 30 days', () => masteryView(db, me, { from: lastMonth, to: null }));
    const oneGame = (await client.query<{ id: string }>(`SELECT id FROM "Game" WHERE "instructorId" = $1 LIMIT 1`, [me])).rows[0]!.id;
    await time('one game report (GET /api/games/:id/report)', () => gameReport(db, me, oneGame));

    if (args.explain) {
      for (const [label, period] of [['all time', { from: null, to: null }], ['last 30 days', { from: lastMonth, to: null }]] as const) {
        const plan = await db.$queryRaw<{ 'QUERY PLAN': string }[]>(
          Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${topicMasterySql({ instructorId: me, period }, TREND_GAMES)}`,
        );
        console.log(`\nplan of the mastery query, ${label}:\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
      }
    }
  } finally {
    await client.end();
    await db.$disconnect();
    await pool.end();
    if (args.keep) return void console.log(`kept ${withDatabase(serverUrl, name)}`);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
