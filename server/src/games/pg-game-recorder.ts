import type { Db } from '../db/client.ts';
import { lastRankedPosition, type GameState } from '../game/index.ts';
import { progressChange, type GameRecorder, type GameRecorders, type ProgressChange } from '../rooms/game-recorder.ts';
import {
  deleteAnswerRows,
  gameAnswerRows,
  insertAnswers,
  insertPlayers,
  markKicked,
  markLeft,
  markSkipped,
  rejoinTokens,
  saveProgress,
  type StoredSnapshot,
} from './game-repository.ts';

/** Records that these games' rooms are being served now (one statement for all of them). */
export function pgMarkServed(db: Db): (gameIds: string[]) => Promise<void> {
  return async (gameIds) => {
    await db.game.updateMany({ where: { id: { in: gameIds } }, data: { servedAt: new Date() } });
  };
}

/** The record of every game in PostgreSQL. */
export function pgGameRecorders(db: Db): GameRecorders {
  return (gameId) => pgGameRecorder(db, gameId);
}

export function pgGameRecorder(db: Db, gameId: string): GameRecorder {
  // The snapshot this recorder stored last: the next one sends only what changed since.
  let stored: StoredSnapshot | null = null;
  const save = async (state: GameState, change: ProgressChange) => {
    const saved = await saveProgress(db, gameId, state, change, stored);
    if (saved && (!stored || saved.state.version > stored.state.version)) stored = saved;
  };
  return {
    addPlayers: (players) => insertPlayers(db, players.map((player) => ({ ...player, gameId }))),
    removePlayers: async (ids) => {
      if (ids.length) await db.player.deleteMany({ where: { id: { in: ids }, gameId } });
    },
    addAnswers: async (rows) => (await insertAnswers(db, rows.map((row) => ({ ...row, gameId })))).map(({ gameId: _game, ...row }) => row),
    removeAnswers: (keys) => deleteAnswerRows(db, gameId, keys),
    async recordStep(previous, next, events) {
      await markKicked(db, events.flatMap((event) => (event.type === 'playerKicked' ? [event.playerId] : [])), lastRankedPosition(next));
      for (const event of events) {
        if (event.type === 'playerLeft') await markLeft(db, event.playerId, lastRankedPosition(next));
        if (event.type === 'questionSkipped') await markSkipped(db, gameId, event.index, next.questions[event.index]!.id);
      }
      if (events.some((event) => event.type === 'phaseChanged')) await save(next, progressChange(previous, next, new Date()));
    },
    saveProgress: save,
    answersTo: (questionId) => gameAnswerRows(db, gameId, { questionId }),
    replaceRejoinToken: async (playerId, rejoinTokenHash) => {
      await db.player.updateMany({ where: { id: playerId, gameId }, data: { rejoinTokenHash } });
    },
    rejoinTokens: () => rejoinTokens(db, gameId),
  };
}
