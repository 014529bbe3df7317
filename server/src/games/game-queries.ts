import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { gameAnswerRows } from './game-repository.ts';
import type { GameOutcome, GameSummary, PlayerStatus, StoredAnswer } from './game-types.ts';

const playerStatus = (player: { kickedAt: Date | null; leftAt: Date | null }): PlayerStatus =>
  player.kickedAt ? 'removed' : player.leftAt ? 'left' : 'playing';

/** Players stored before the order of joining was kept go after the others, by join time. */
const byJoining = (player: { joinSeq: number | null }) => player.joinSeq ?? Number.MAX_SAFE_INTEGER;

/** The instructor's games, newest first (200 at most); `playerCount` counts the players in play (not those who left or were removed). */
export async function listGames(db: Db, instructorId: string): Promise<GameSummary[]> {
  const games = await db.game.findMany({
    where: { instructorId },
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: {
      id: true, title: true, roomCode: true, status: true, createdAt: true, startedAt: true, endedAt: true,
      _count: { select: { players: { where: { kickedAt: null, leftAt: null } }, questions: true } },
    },
  });
  return games.map(({ _count, ...game }) => ({ ...game, playerCount: _count.players, questionCount: _count.questions }));
}

/**
 * A game's outcome as stored, for the instructor who ran it: its questions, the final scores and
 * each player's answers in question order (a skipped question's answers are not stored).
 * Every player who joined is listed, by score, those out of play (left or removed) marked so;
 * `joinOrder` numbers them all in the order they joined.
 */
export async function gameOutcome(db: Db, instructorId: string, id: string): Promise<GameOutcome> {
  const game = await db.game.findUnique({
    where: { id },
    include: { players: { orderBy: [{ score: 'desc' }, { joinedAt: 'asc' }] }, questions: { orderBy: { position: 'asc' } } },
  });
  if (!game) throw new AppError(404, 'GAME_NOT_FOUND', 'No such game.');
  if (game.instructorId !== instructorId) throw new AppError(403, 'FORBIDDEN', 'This game belongs to another instructor.');
  const position = new Map(game.questions.map((q) => [q.questionId, q.position]));
  const joined = game.players.toSorted((a, b) => byJoining(a) - byJoining(b) || a.joinedAt.getTime() - b.joinedAt.getTime() || a.id.localeCompare(b.id));
  const joinOrder = new Map(joined.map((p, i) => [p.id, i + 1]));
  const answersOf = new Map<string, StoredAnswer[]>();
  for (const { playerId, gameId: _g, topicId: _t, chosen, ...answer } of await gameAnswerRows(db, id)) {
    const list = answersOf.get(playerId) ?? [];
    list.push({ position: position.get(answer.questionId)!, chosen: [...chosen], ...answer });
    answersOf.set(playerId, list);
  }
  return {
    id: game.id,
    title: game.title,
    roomCode: game.roomCode,
    status: game.status,
    createdAt: game.createdAt,
    startedAt: game.startedAt,
    endedAt: game.endedAt,
    questions: game.questions.map((q) => ({
      position: q.position, questionId: q.questionId, timeLimitSec: q.timeLimitSec, readingSec: q.readingSec, doublePoints: q.doublePoints, skipped: q.skipped,
    })),
    players: game.players.map((p) => ({
      id: p.id,
      nickname: p.nickname,
      score: p.score,
      joinOrder: joinOrder.get(p.id)!,
      status: playerStatus(p),
      outAt: p.kickedAt ?? p.leftAt,
      rankedThrough: p.rankedThrough,
      answers: (answersOf.get(p.id) ?? []).sort((a, b) => a.position - b.position),
    })),
  };
}
