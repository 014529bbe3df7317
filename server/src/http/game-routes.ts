import { Router } from 'express';
import { z } from 'zod';
import { newGameSchema } from '../games/game-inputs.ts';
import { gameOutcome, listGames } from '../games/game-queries.ts';
import type { LiveGame, OpenedGame } from '../games/game-types.ts';
import { openGame, type GameOpening } from '../games/open-game.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import { joinLinksFor, joinUrl, type JoinLinkSource } from './join-links.ts';
import { settingsSchema, type HostSettings } from '../protocol.ts';
import { parse } from '../validation.ts';

export function gameRoutes({ opening, joinLinks }: { opening: GameOpening; joinLinks: JoinLinkSource }): Router {
  const { db, router: rooms } = opening;
  const router = Router();
  router.use('/games', requireInstructor);

  /** The addresses students can open a room at, for the lobby's join link and QR code. */
  router.get('/join-links', requireInstructor, (req, res) => {
    res.json(joinLinksFor(req, joinLinks));
  });

  /** The settings a game gets unless the host changes them. */
  router.get('/games/settings', (_req, res) => {
    const defaults: HostSettings = settingsSchema.parse({});
    res.json(defaults);
  });

  /** Opens a lobby: from a saved quiz, or from a blueprint (saved as a quiz on the way). */
  router.post('/games', async (req, res) => {
    const input = parse(newGameSchema, req.body);
    const { gameId, code } = await openGame(opening, currentInstructor(res).id, input);
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
    res.json(await listGames(db, currentInstructor(res).id));
  });

  /** A game's outcome: final scores and ranks as stored. */
  router.get('/games/:id', async (req, res) => {
    res.json(await gameOutcome(db, currentInstructor(res).id, parse(z.uuid(), req.params.id)));
  });

  return router;
}
