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
import * as ex from './examples.ts';
import { gameOutcome as gameOutcomeSchema, gameSummary, joinLinks as joinLinksSchema, liveGame, openedGame } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';

const gameParams = z.object({ id: z.uuid() });
const game = { id: ex.IDS.game, title: 'Week 3: CI/CD', roomCode: 'K7QMPX', status: 'ended', createdAt: ex.at, startedAt: ex.at, endedAt: ex.at } as const;

export const gameApi = {
  joinLinks: {
    method: 'get',
    path: '/api/join-links',
    summary: "The addresses students can open a room at (the lobby's join link and QR code)",
    caller: 'instructor',
    responses: { 200: { description: 'The preferred base and every choice.', json: json(joinLinksSchema, { preferred: 'http://192.168.1.20:3000', choices: [{ url: 'http://192.168.1.20:3000', label: 'Wi-Fi (192.168.1.20)' }], localOnly: false }) } },
  },
  settings: {
    method: 'get',
    path: '/api/games/settings',
    summary: 'The settings a game gets unless the host changes them',
    caller: 'instructor',
    responses: { 200: { description: 'The defaults.', json: json(settingsSchema, settingsSchema.parse({})) } },
  },
  open: {
    method: 'post',
    path: '/api/games',
    summary: 'Open a lobby from a saved quiz or a blueprint (saved as a quiz on the way); `class` opens it for a class',
    caller: 'instructor',
    body: json(newGameSchema, { quizId: ex.IDS.quiz, settings: { streakBonus: true, podiumSize: 3 }, class: { id: ex.IDS.class, guests: 'refuse' } }),
    responses: { 201: { description: 'Where students join.', json: json(openedGame, { gameId: ex.IDS.game, code: 'K7QMPX', joinUrl: 'http://192.168.1.20:3000/join/K7QMPX', joinUrls: ['http://192.168.1.20:3000/join/K7QMPX'], localOnly: false }) } },
    errors: ['QUIZ_NOT_FOUND', 'FORBIDDEN', 'NOT_ENOUGH_QUESTIONS', 'QUIZ_CHANGED', 'CLASS_NOT_FOUND', 'CLASS_ARCHIVED'],
  },
  live: {
    method: 'get',
    path: '/api/games/live',
    summary: "The instructor's rooms that are open right now (to get back to one after a reload)",
    caller: 'instructor',
    responses: { 200: { description: 'Open rooms.', json: json(z.array(liveGame), [{ code: 'K7QMPX', gameId: ex.IDS.game, title: 'Week 3: CI/CD', phase: 'lobby' }]) } },
  },
  list: {
    method: 'get',
    path: '/api/games',
    summary: 'Own games, newest first',
    caller: 'instructor',
    responses: { 200: { description: 'Own games.', json: json(z.array(gameSummary), [{ ...game, playerCount: 24, questionCount: 10 }]) } },
  },
  outcome: {
    method: 'get',
    path: '/api/games/:id',
    summary: "A game's outcome as stored: its questions, final scores and every answer behind them (with response times and points, so scores can be recomputed)",
    caller: 'instructor',
    params: gameParams,
    responses: {
      200: {
        description: 'The game as stored.',
        json: json(gameOutcomeSchema, {
          ...game,
          questions: [
            { position: 0, questionId: 'sdlc.codebuild.001', timeLimitSec: 20, readingSec: null, doublePoints: false, skipped: false },
            { position: 1, questionId: 'sdlc.codebuild.002', timeLimitSec: 20, readingSec: null, doublePoints: false, skipped: true },
          ],
          players: [
            {
              id: ex.IDS.player,
              nickname: 'Grace',
              score: 950,
              joinOrder: 1,
              status: 'playing',
              outAt: null,
              rankedThrough: null,
              answers: [{ position: 0, questionId: 'sdlc.codebuild.001', chosen: [0], correct: true, responseMs: 2000, points: 950 }],
            },
            { id: 'b7a6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d', nickname: 'Alan', score: 0, joinOrder: 2, status: 'removed', outAt: ex.at, rankedThrough: -1, answers: [] },
          ],
        }),
      },
    },
    errors: ['GAME_NOT_FOUND', 'FORBIDDEN'],
  },
} satisfies Record<string, RouteSpec>;

export function gameRoutes({ opening, joinLinks }: { opening: GameOpening; joinLinks: JoinLinkSource }): Router {
  const { db, router: rooms } = opening;
  const router = Router();
  const on = mount(router);
  router.use('/games', requireInstructor);

  /** The addresses students can open a room at, for the lobby's join link and QR code. */
  on(gameApi.joinLinks, requireInstructor, (req, res) => {
    res.json(joinLinksFor(req, joinLinks));
  });

  /** The settings a game gets unless the host changes them. */
  on(gameApi.settings, (_req, res) => {
    const defaults: HostSettings = settingsSchema.parse({});
    res.json(defaults);
  });

  /** Opens a lobby: from a saved quiz, or from a blueprint (saved as a quiz on the way). */
  on(gameApi.open, async (req, res) => {
    const input = parse(gameApi.open.body.schema, req.body);
    const { gameId, code } = await openGame(opening, currentInstructor(res).id, input);
    const links = joinLinksFor(req, joinLinks);
    const opened: OpenedGame = { gameId, code, joinUrl: joinUrl(links.preferred, code), joinUrls: links.choices.map((c) => joinUrl(c.url, code)), localOnly: links.localOnly };
    res.status(201).json(opened);
  });

  /** The instructor's games that are open right now (to get back to one after a reload). */
  on(gameApi.live, (_req, res) => {
    const live: LiveGame[] = rooms.ofInstructor(currentInstructor(res).id);
    res.json(live);
  });

  on(gameApi.list, async (_req, res) => {
    res.json(await listGames(db, currentInstructor(res).id));
  });

  /** A game's outcome: final scores and ranks as stored. */
  on(gameApi.outcome, async (req, res) => {
    res.json(await gameOutcome(db, currentInstructor(res).id, parse(gameApi.outcome.params, req.params).id));
  });

  return router;
}
