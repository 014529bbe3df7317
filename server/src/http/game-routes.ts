import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { newGameSchema } from '../games/game-setup.ts';
import type { GameOutcome, GameSummary, LiveGame, OpenedGame } from '../games/game-types.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import { HttpError } from './errors.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import { joinLinksFor, joinUrl, type JoinLinkSource } from './join-links.ts';
import { parse } from './validate.ts';

export function gameRoutes({ db, rooms, joinLinks }: { db: Db; rooms: RoomManager; joinLinks: JoinLinkSource }): Router {
  const router = Router();
  router.use('/games', requireInstructor);

  /** The addresses students can open a room at, for the lobby's join link and QR code. */
  router.get('/join-links', requireInstructor, (req, res) => {
    res.json(joinLinksFor(req, joinLinks));
  });

  /** Opens a lobby: from a saved quiz, or from a blueprint (saved as a quiz on the way). */
  router.post('/games', async (req, res) => {
    const input = parse(newGameSchema, req.body);
    const { gameId, code } = await rooms.create(currentInstructor(res).id, input);
    const links = joinLinksFor(req, joinLinks);
    const opened: OpenedGame = { gameId, code, joinUrl: joinUrl(links.preferred, code), joinUrls: links.choices.map((c) => joinUrl(c.url, code)), localOnly: links.localOnly };
    res.status(201).json(opened);
  });

  /** The instructor's games that are open right now (to get back to one after a reload). */
  router.get('/games/live', (_req, res) => {
    const live: LiveGame[] = rooms.ofInstructor(currentInstructor(res).id);
    res.json(live);
  });

  router.get('/games', async (_req, res) => {
    const games = await db.game.findMany({
      where: { instructorId: currentInstructor(res).id },
      orderBy: { createdAt: 'desc' },
      take: 200,
      select: {
        id: true, title: true, roomCode: true, status: true, createdAt: true, startedAt: true, endedAt: true,
        // Players the host removed are not counted.
        _count: { select: { players: { where: { kickedAt: null } }, questions: true } },
      },
    });
    const list: GameSummary[] = games.map(({ _count, ...game }) => ({ ...game, playerCount: _count.players, questionCount: _count.questions }));
    res.json(list);
  });

  /** A game's outcome: final scores and ranks as stored. */
  router.get('/games/:id', async (req, res) => {
    const id = parse(z.uuid(), req.params.id);
    const game = await db.game.findUnique({
      where: { id },
      include: { players: { where: { kickedAt: null }, orderBy: [{ score: 'desc' }, { joinedAt: 'asc' }] }, questions: { orderBy: { position: 'asc' } } },
    });
    if (!game) throw new HttpError(404, 'GAME_NOT_FOUND', 'No such game.');
    if (game.instructorId !== currentInstructor(res).id) throw new HttpError(403, 'FORBIDDEN', 'This game belongs to another instructor.');
    const outcome: GameOutcome = {
      id: game.id,
      title: game.title,
      roomCode: game.roomCode,
      status: game.status,
      createdAt: game.createdAt,
      startedAt: game.startedAt,
      endedAt: game.endedAt,
      questions: game.questions.map((q) => ({ position: q.position, questionId: q.questionId, timeLimitSec: q.timeLimitSec, doublePoints: q.doublePoints })),
      players: game.players.map((p) => ({ id: p.id, nickname: p.nickname, score: p.score })),
    };
    res.json(outcome);
  });

  return router;
}
