/** Finished games written straight into PostgreSQL for the analytics benches (not part of `npm test`). */
import type pg from 'pg';

export type BankQuestionRow = { id: string; topicId: string; answer: number[]; options: number };

/** Every live bank question with its key and option count. */
export async function bankQuestions(client: pg.Client): Promise<BankQuestionRow[]> {
  const { rows } = await client.query<BankQuestionRow>(
    `SELECT id, "topicId", answer, cardinality(options) AS options FROM "Question" WHERE "archivedAt" IS NULL`,
  );
  return rows;
}

/** `count` different questions drawn with `pick`, stored as the game's questions (30 s each). */
export async function askQuestions(
  client: pg.Client,
  gameId: string,
  questions: readonly BankQuestionRow[],
  count: number,
  pick: <T>(items: readonly T[]) => T,
): Promise<BankQuestionRow[]> {
  const asked: BankQuestionRow[] = [];
  while (asked.length < count) {
    const q = pick(questions);
    if (!asked.includes(q)) asked.push(q);
  }
  await client.query(
    `INSERT INTO "GameQuestion" ("gameId", position, "questionId", "timeLimitSec")
     SELECT $1, i - 1, q, 30 FROM unnest($2::text[]) WITH ORDINALITY AS t(q, i)`,
    [gameId, asked.map((q) => q.id)],
  );
  return asked;
}

/**
 * Each player answers the asked questions in order, right with `chance(player index, question)`,
 * until `budget` answers are spent; stored in one INSERT. Returns the budget left (0 or less: done).
 */
export async function answerQuestions(
  client: pg.Client,
  game: { gameId: string; startedAt: Date; playerIds: readonly string[]; asked: readonly BankQuestionRow[] },
  budget: number,
  chance: (player: number, question: BankQuestionRow) => number,
  random: () => number,
): Promise<number> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const rows = { player: [] as string[], question: [] as string[], topic: [] as string[], chosen: [] as string[], correct: [] as boolean[], ms: [] as number[] };
  let left = budget;
  for (const [p, playerId] of game.playerIds.entries()) {
    for (const q of game.asked) {
      if (left-- <= 0) break;
      const correct = random() < chance(p, q);
      const wrong = Array.from({ length: q.options }, (_, i) => i).filter((i) => !q.answer.includes(i));
      rows.player.push(playerId);
      rows.question.push(q.id);
      rows.topic.push(q.topicId);
      rows.chosen.push(JSON.stringify(correct ? q.answer : [pick(wrong)]));
      rows.correct.push(correct);
      rows.ms.push(Math.floor(500 + random() * 25_000));
    }
  }
  await client.query(
    `INSERT INTO "Answer" ("gameId", "playerId", "questionId", "topicId", chosen, correct, "responseMs", points, "answeredAt")
     SELECT $1, p, q, t, ARRAY(SELECT jsonb_array_elements_text(c::jsonb)::int), ok, ms, CASE WHEN ok THEN 800 ELSE 0 END, $8
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::int[]) AS r(p, q, t, c, ok, ms)`,
    [game.gameId, rows.player, rows.question, rows.topic, rows.chosen, rows.correct, rows.ms, game.startedAt],
  );
  return left;
}
