import { randomInt } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { createGame } from '../game/index.ts';
import { newRoomCode } from '../rooms/room-code.ts';
import { loadOwnClass } from '../classes/class-access.ts';
import { AppError } from '../errors.ts';
import type { RoomRouter } from '../rooms/room-router.ts';
import { createGameRecord, liveRoomCodes } from './game-repository.ts';
import { planGame } from './game-setup.ts';
import type { NewGameInput } from './game-inputs.ts';

/** What opening a game needs: the database, the rooms, and the most players one room holds. */
export type GameOpening = { db: Db; router: RoomRouter; roomCapacity?: number };

/**
 * Opens a lobby for a saved quiz or a blueprint: the questions it plays, a room code no open
 * game holds, the game's record, and its room on this node.
 */
export async function openGame({ db, router, roomCapacity }: GameOpening, instructorId: string, input: NewGameInput): Promise<{ gameId: string; code: string }> {
  // A game for a class: the instructor's own class, not archived.
  if (input.class) {
    const own = await loadOwnClass(db, instructorId, input.class.id);
    if (own.archivedAt) throw new AppError(409, 'CLASS_ARCHIVED', 'This class is archived: restore it to play with it.');
  }
  const plan = await planGame(db, instructorId, input);
  const inUse = new Set([...(await liveRoomCodes(db)), ...router.codesInUse()]);
  const code = newRoomCode((candidate) => inUse.has(candidate));
  const forClass = input.class ? { classId: input.class.id, guests: input.class.guests, renaming: input.class.renaming } : {};
  const settings = { ...input.settings, shuffleOptions: plan.shuffleOptions, seed: randomInt(2 ** 31), ...forClass };
  const gameId = await createGameRecord(db, {
    instructorId,
    quizId: plan.quizId,
    classId: input.class?.id ?? null,
    title: plan.title,
    roomCode: code,
    settings,
    items: plan.items,
  });
  const state = createGame({ questions: plan.questions, settings, capacity: roomCapacity });
  const meta = { code, gameId, instructorId, title: plan.title, phase: state.phase };
  if (!(await router.open(meta, state))) throw new Error(`room code ${code} is already in the room store`);
  return { gameId, code };
}
