import { randomUUID } from 'node:crypto';
import { REMOVED_SEAT } from '../classes/member-names.ts';
import { poolOf, type Db } from '../db/client.ts';
import { nicknameKey, type GameSettings, type GameState } from '../game/index.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { AnswerRecordRow, ProgressChange } from '../rooms/game-recorder.ts';
import { changedFields } from './snapshot-change.ts';

/** Persistence of live games: every write a room makes goes through here. */

export type GameItem = { questionId: string; position: number; timeLimitSec: number; readingSec: number | null; doublePoints: boolean };

/** An accepted answer as stored, with its game. */
export type AnswerRow = AnswerRecordRow & { gameId: string };

const answerRecordFields = { playerId: true, questionId: true, topicId: true, chosen: true, correct: true, responseMs: true, points: true } as const;

/**
 * Answers of one game. A live answer always names its game and its seat (the table's check
 * constraint holds it to that); only an attempt's answers have neither.
 */
export async function gameAnswerRows(db: Db, gameId: string, where: Prisma.AnswerWhereInput = {}): Promise<AnswerRow[]> {
  const rows = await db.answer.findMany({ where: { ...where, gameId, source: 'live' }, select: answerRecordFields });
  return rows.map((row) => ({ ...row, gameId, playerId: row.playerId! }));
}

export async function createGameRecord(
  db: Db,
  game: { instructorId: string; quizId: string | null; classId?: string | null; title: string; roomCode: string; settings: GameSettings; items: GameItem[] },
): Promise<string> {
  const row = await db.game.create({
    data: {
      instructorId: game.instructorId,
      quizId: game.quizId,
      classId: game.classId ?? null,
      title: game.title,
      roomCode: game.roomCode,
      settings: game.settings as unknown as Prisma.InputJsonValue,
      questions: { create: game.items },
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * Players who joined together, in one statement; returns the ids stored. A player whose
 * nickname a stored player of the game already holds is skipped, not the whole group.
 */
export async function insertPlayers(
  db: Db,
  players: { id: string; gameId: string; nickname: string; rejoinTokenHash: string; memberId?: string | null; joinSeq?: number }[],
): Promise<Set<string>> {
  if (!players.length) return new Set();
  const rows = players.map((player) => ({ ...player, memberId: player.memberId ?? null, joinSeq: player.joinSeq ?? null, nicknameKey: nicknameKey(player.nickname) }));
  const stored = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "Player" (id, "gameId", nickname, "nicknameKey", "rejoinTokenHash", "memberId", "joinSeq")
    SELECT r.id, r."gameId", r.nickname, r."nicknameKey", r."rejoinTokenHash", r."memberId", r."joinSeq"
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(id uuid, "gameId" uuid, nickname text, "nicknameKey" text, "rejoinTokenHash" text, "memberId" uuid, "joinSeq" int)
    ON CONFLICT ("gameId", "nicknameKey") DO NOTHING
    RETURNING id`;
  return new Set(stored.map((row) => row.id));
}

/** Rejoin token hashes of a game's players: the database has them, so any node can rejoin anyone. */
export async function rejoinTokens(db: Db, gameId: string): Promise<Map<string, string>> {
  const players = await db.player.findMany({ where: { gameId }, select: { id: true, rejoinTokenHash: true } });
  return new Map(players.filter((p) => p.rejoinTokenHash).map((p) => [p.rejoinTokenHash!, p.id]));
}

/**
 * Players the host removed: out of the game's results; their nicknames stay taken.
 * `rankedThrough`: the last question whose reveal ranked them (ranking.ts, lastRankedPosition).
 */
export async function markKicked(db: Db, playerIds: string[], rankedThrough: number) {
  if (playerIds.length) await db.player.updateMany({ where: { id: { in: playerIds } }, data: { kickedAt: new Date(), rankedThrough } });
}

/**
 * A player who gave the seat up: out of the game's results like a removed one, but the
 * nickname is free again, so its unique key is retired.
 */
export async function markLeft(db: Db, playerId: string, rankedThrough: number) {
  await db.player.update({ where: { id: playerId }, data: { nicknameKey: `~left~${playerId}`, leftAt: new Date(), rankedThrough } });
}

/**
 * Stores accepted answers; a replayed answer can never count twice (unique game+player+question).
 * Returns the answers that were stored already instead, as they are stored.
 */
export async function insertAnswers(db: Db, rows: AnswerRow[]): Promise<AnswerRow[]> {
  if (!rows.length) return [];
  // One statement with the rows as one JSON parameter: the hot path of a live room, where
  // Prisma's createMany spent more time building the query than PostgreSQL took to run it.
  const inserted = await db.$queryRaw<{ playerId: string; questionId: string }[]>`
    INSERT INTO "Answer" ("gameId", "playerId", "questionId", "topicId", chosen, correct, "responseMs", points)
    SELECT r."gameId", r."playerId", r."questionId", r."topicId",
           ARRAY(SELECT jsonb_array_elements_text(r.chosen)::int), r.correct, r."responseMs", r.points
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r("gameId" uuid, "playerId" uuid, "questionId" text, "topicId" text, chosen jsonb, correct boolean, "responseMs" int, points int)
    ON CONFLICT ("gameId", "playerId", "questionId") DO NOTHING
    RETURNING "playerId", "questionId"`;
  if (inserted.length === rows.length) return [];
  const stored = new Set(inserted.map((row) => `${row.playerId}/${row.questionId}`));
  const clashing = rows.filter((row) => !stored.has(`${row.playerId}/${row.questionId}`));
  return gameAnswerRows(db, clashing[0]!.gameId, { OR: clashing.map(({ playerId, questionId }) => ({ playerId, questionId })) });
}

/** Takes back answers stored for a step that did not happen. */
export async function deleteAnswerRows(db: Db, gameId: string, keys: { playerId: string; questionId: string }[]) {
  if (keys.length) await db.answer.deleteMany({ where: { gameId, OR: keys.map(({ playerId, questionId }) => ({ playerId, questionId })) } });
}

/** A question the host skipped: marked so, and its answers deleted (nobody scores it). */
export async function markSkipped(db: Db, gameId: string, position: number, questionId: string) {
  await db.$transaction([
    db.gameQuestion.updateMany({ where: { gameId, position }, data: { skipped: true } }),
    db.answer.deleteMany({ where: { gameId, questionId } }),
  ]);
}

/** A snapshot as this process stored it: the state, and the id the stored copy carries (`saveId`). */
export type StoredSnapshot = { state: GameState; saveId: string };

/**
 * Scores, status and a snapshot of the room, written at every phase change, in one statement
 * (with the order of joining, which a join batch that was settled again may have moved). A
 * snapshot never replaces a newer one (a node that lost the room may still be writing), and a
 * start time is kept once set. Returns the snapshot as stored, or null when a newer one was there.
 *
 * With `base`, the snapshot this process stored last: a step that changed no player (the
 * question opening, the leaderboard) sends only the fields that changed, merged into the stored
 * copy as long as that is still `base` (its `saveId`); otherwise the whole state is written.
 */
export async function saveProgress(db: Db, gameId: string, state: GameState, change: ProgressChange, base?: StoredSnapshot | null): Promise<StoredSnapshot | null> {
  const saveId = randomUUID();
  const fields = base && base.state.version < state.version ? changedFields(base.state, state) : null;
  const merged = fields !== null && (await mergeProgress(db, gameId, base!.saveId, { ...fields, saveId }, change));
  const written = merged || (await writeSnapshot(db, gameId, state, saveId, change)) > 0;
  if (written && change.status === 'ended') await forgetRemovedNames(db, gameId);
  return written ? { state, saveId } : null;
}

/** Writes the whole state, never over a newer one; the number of games written (0 or 1). */
async function writeSnapshot(db: Db, gameId: string, state: GameState, saveId: string, change: ProgressChange): Promise<number> {
  const scores = Object.values(state.players).map((p) => ({ id: p.id, score: p.score, joinSeq: p.joinedSeq }));
  const written = await poolOf(db).query(
    `WITH current AS (
       SELECT 1 FROM "Game" WHERE id = $1::uuid AND coalesce((snapshot->>'version')::int, -1) <= $2::int
     ), scores AS (
       UPDATE "Player" AS p SET score = s.score, "joinSeq" = s."joinSeq"
         FROM jsonb_to_recordset($3::jsonb) AS s(id uuid, score int, "joinSeq" int)
        WHERE p.id = s.id AND p."gameId" = $1::uuid AND (p.score <> s.score OR p."joinSeq" IS DISTINCT FROM s."joinSeq")
          AND EXISTS (SELECT 1 FROM current)
     )
     UPDATE "Game"
        SET snapshot = $4::jsonb,
            status = coalesce($5::"GameStatus", status),
            "startedAt" = coalesce("startedAt", $6::timestamptz),
            "endedAt" = coalesce($7::timestamptz, "endedAt")
      WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM current)`,
    [gameId, state.version, JSON.stringify(scores), JSON.stringify({ ...state, saveId }), ...progressValues(change)],
  );
  return written.rowCount ?? 0;
}

/** A progress change's status and times, as the last three parameters of a snapshot's statement. */
const progressValues = (change: ProgressChange) => [change.status ?? null, change.startedAt ?? null, change.endedAt ?? null];

/**
 * The room played on under a removed student's name until the end; the record of the finished
 * game keeps no name of theirs (a no-op for a game nobody was removed from).
 */
async function forgetRemovedNames(db: Db, gameId: string) {
  await db.$executeRaw`
    UPDATE "Game" g
       SET snapshot = jsonb_set(g.snapshot, '{players}', (
             SELECT jsonb_object_agg(e.key, CASE WHEN p.id IS NULL THEN e.value ELSE jsonb_set(e.value, '{nickname}', to_jsonb(${REMOVED_SEAT.nickname}::text)) END)
               FROM jsonb_each(g.snapshot->'players') e
               LEFT JOIN "Player" p ON p.id::text = e.key AND p."gameId" = g.id AND p."nicknameKey" = ${REMOVED_SEAT.keyPrefix} || p.id::text))
     WHERE g.id = ${gameId}::uuid AND g.status = 'ended' AND jsonb_typeof(g.snapshot->'players') = 'object'
       AND EXISTS (SELECT 1 FROM "Player" r WHERE r."gameId" = g.id AND r."nicknameKey" = ${REMOVED_SEAT.keyPrefix} || r.id::text)`;
}

/** The state a stored snapshot holds: without the id of the save that wrote it. */
export function snapshotState(snapshot: Prisma.JsonValue): GameState {
  const { saveId: _saveId, ...state } = snapshot as unknown as GameState & { saveId?: string };
  return state;
}

/** Merges fields into the stored snapshot if that is still the one saved as `baseId`; false (nothing written) when it is not. */
async function mergeProgress(db: Db, gameId: string, baseId: string, fields: Record<string, unknown>, change: ProgressChange): Promise<boolean> {
  const written = await poolOf(db).query(
    `UPDATE "Game"
        SET snapshot = snapshot || $3::jsonb,
            status = coalesce($4::"GameStatus", status),
            "startedAt" = coalesce("startedAt", $5::timestamptz),
            "endedAt" = coalesce($6::timestamptz, "endedAt")
      WHERE id = $1::uuid AND snapshot->>'saveId' = $2`,
    [gameId, baseId, JSON.stringify(fields), ...progressValues(change)],
  );
  return (written.rowCount ?? 0) > 0;
}

/** Room codes of games that are not over, so a new room never reuses one. */
export async function liveRoomCodes(db: Db): Promise<Set<string>> {
  const rows = await db.game.findMany({ where: { status: { not: 'ended' } }, select: { roomCode: true } });
  return new Set(rows.map((r) => r.roomCode));
}

