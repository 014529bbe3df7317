import type { Db } from '../db/client.ts';
import type { GameSettings, GameState } from '../game/index.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** Persistence of live games: every write a room makes goes through here. */

export type GameItem = { questionId: string; position: number; timeLimitSec: number; doublePoints: boolean };

export type AnswerRow = {
  gameId: string;
  playerId: string;
  questionId: string;
  topicId: string;
  chosen: number[];
  correct: boolean;
  responseMs: number;
  points: number;
};

export async function createGameRecord(
  db: Db,
  game: { instructorId: string; quizId: string | null; title: string; roomCode: string; settings: GameSettings; items: GameItem[] },
): Promise<string> {
  const row = await db.game.create({
    data: {
      instructorId: game.instructorId,
      quizId: game.quizId,
      title: game.title,
      roomCode: game.roomCode,
      settings: game.settings as unknown as Prisma.InputJsonValue,
      questions: { create: game.items },
    },
    select: { id: true },
  });
  return row.id;
}

export async function insertPlayer(db: Db, player: { id: string; gameId: string; nickname: string; rejoinTokenHash: string }) {
  await db.player.create({ data: { ...player, nicknameKey: player.nickname.normalize('NFC').toLowerCase() } });
}

/** A kicked player's nickname becomes free again, so its unique key is retired. */
export async function markKicked(db: Db, playerId: string) {
  await db.player.update({ where: { id: playerId }, data: { kickedAt: new Date(), nicknameKey: `~kicked~${playerId}` } });
}

/** Stores accepted answers; a replayed answer can never count twice (unique game+player+question). */
export async function insertAnswers(db: Db, rows: AnswerRow[]) {
  if (rows.length) await db.answer.createMany({ data: rows, skipDuplicates: true });
}

export async function deleteAnswers(db: Db, gameId: string, questionId: string) {
  await db.answer.deleteMany({ where: { gameId, questionId } });
}

/** Scores, status and a snapshot of the room, written at every phase change. */
export async function saveProgress(
  db: Db,
  gameId: string,
  state: GameState,
  change: { status?: 'running' | 'ended'; startedAt?: Date; endedAt?: Date },
) {
  const scores = Object.values(state.players).map((p) => ({ id: p.id, score: p.score }));
  await db.$transaction(async (tx) => {
    if (scores.length) {
      await tx.$executeRaw`
        UPDATE "Player" AS p SET score = s.score
          FROM jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) AS s(id uuid, score int)
         WHERE p.id = s.id AND p."gameId" = ${gameId}::uuid AND p.score <> s.score`;
    }
    await tx.game.update({
      where: { id: gameId },
      data: { ...change, snapshot: state as unknown as Prisma.InputJsonValue },
    });
  });
}

/** Room codes of games that are not over, so a new room never reuses one. */
export async function liveRoomCodes(db: Db): Promise<Set<string>> {
  const rows = await db.game.findMany({ where: { status: { not: 'ended' } }, select: { roomCode: true } });
  return new Set(rows.map((r) => r.roomCode));
}

export async function endAbandonedGames(db: Db, codes: string[]) {
  await db.game.updateMany({ where: { roomCode: { in: codes }, status: { not: 'ended' } }, data: { status: 'ended', endedAt: new Date() } });
}
