import type { Db } from '../db/client.ts';
import { createGame, reduceJoins, withStoredAnswers, type GameSettings, type GameState } from '../game/index.ts';
import type { GameRecorders } from '../rooms/game-recorder.ts';
import type { RoomRouter } from '../rooms/room-router.ts';
import type { RoomMeta } from '../rooms/room-store.ts';
import { gameAnswerRows, snapshotState } from './game-repository.ts';
import { toGameQuestion } from './game-questions.ts';

/** A game to resume: its room, its state, and when its room was last served (null: never recorded). */
export type SuspendedGame = { meta: RoomMeta; state: GameState; servedAt: number | null };

/**
 * One process starting again: reopens the games that were live when it last stopped. (In a
 * cluster the rooms stay in Redis and another node takes them over instead.)
 */
export async function resumeGames(db: Db, router: RoomRouter, recorders: GameRecorders): Promise<number> {
  const games = await loadSuspendedGames(db);
  for (const { meta, state, servedAt } of games) {
    const tokens = await recorders(meta.gameId).rejoinTokens();
    // A question the host paused stays paused; one the server paused runs again with the host.
    // (Snapshots from before `pausedBy` existed have none: they were paused by the server.)
    const pausedForRestart = state.phase === 'question' && state.pausedRemainingMs !== null && state.pausedBy !== 'host';
    // A crash left the question running: its clock stops from when the room was last served.
    const crashed = state.phase === 'question' && state.deadline !== null;
    await router.open(meta, state, { tokens, resumeWhenHostReturns: pausedForRestart || crashed, ...(crashed && servedAt ? { servedUntil: servedAt } : {}) });
  }
  return games.length;
}

/**
 * The games that were live when this server last stopped, rebuilt from PostgreSQL: the state
 * snapshot of the last phase change (or of a planned restart), plus what came after it and is
 * stored anyway — players who joined later and answers to the open question.
 */
export async function loadSuspendedGames(db: Db): Promise<SuspendedGame[]> {
  const games = await db.game.findMany({
    where: { status: { in: ['lobby', 'running'] } },
    include: {
      questions: { orderBy: { position: 'asc' }, include: { question: true } },
      players: { orderBy: { joinedAt: 'asc' } },
    },
  });
  const suspended: SuspendedGame[] = [];
  for (const game of games) {
    let state = game.snapshot
      ? snapshotState(game.snapshot)
      : createGame({
          questions: game.questions.map((item) => toGameQuestion(item.question, item)),
          settings: game.settings as unknown as GameSettings,
        });
    // Joined after the snapshot: join again (even if the room was locked since).
    const lateJoins = game.players
      .filter((player) => !player.kickedAt && !player.leftAt && !state.players[player.id])
      .map((player) => ({
        type: 'join' as const,
        playerId: player.id,
        nickname: player.nickname,
        // A member's seat stays theirs (their class name as it was when they joined).
        ...(player.memberId && game.classId ? { member: { id: player.memberId, classId: game.classId, name: player.nickname } } : {}),
      }));
    if (lateJoins.length) state = { ...reduceJoins({ ...state, locked: false }, lateJoins, Date.now()).state, locked: state.locked };
    const open = state.phase === 'question' ? state.questions[state.index] : undefined;
    if (open) {
      const answers = await gameAnswerRows(db, game.id, { questionId: open.id });
      state = withStoredAnswers(state, answers);
    }
    suspended.push({
      meta: { code: game.roomCode, gameId: game.id, instructorId: game.instructorId, title: game.title, phase: state.phase },
      state,
      servedAt: game.servedAt?.getTime() ?? null,
    });
  }
  return suspended;
}
