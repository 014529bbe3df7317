import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { OwnGame } from './analytics-types.ts';

/**
 * A game the instructor ran: 404 when there is no such game (an id that is not a uuid cannot
 * name one), 403 when it is someone else's. Only its own instructor sees a game's analytics.
 */
export async function loadOwnGame(db: Db, instructorId: string, gameId: string): Promise<OwnGame> {
  const notFound = new AppError(404, 'GAME_NOT_FOUND', 'No such game.');
  if (!z.uuid().safeParse(gameId).success) throw notFound;
  const game = await db.game.findUnique({
    where: { id: gameId },
    select: { id: true, instructorId: true, title: true, roomCode: true, status: true, createdAt: true, startedAt: true, endedAt: true },
  });
  if (!game) throw notFound;
  if (game.instructorId !== instructorId) throw new AppError(403, 'FORBIDDEN', 'This game belongs to another instructor.');
  const { instructorId: _owner, ...own } = game;
  return own;
}
