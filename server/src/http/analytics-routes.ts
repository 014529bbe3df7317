import { Router } from 'express';
import { z } from 'zod';
import type { OpenedReview } from '../analytics/analytics-types.ts';
import { sourcesQuery } from '../analytics/answer-sources.ts';
import { toCsv } from '../analytics/csv.ts';
import { masteryColumns, masteryRows, questionColumns, studentColumns } from '../analytics/csv-tables.ts';
import { gameReport } from '../analytics/game-report.ts';
import { reviewInputSchema, startReviewGame } from '../analytics/review-game.ts';
import { masteryView } from '../analytics/topic-mastery.ts';
import type { Db } from '../db/client.ts';
import type { GameOpening } from '../games/open-game.ts';
import { sendCsv } from './downloads.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import { joinLinksFor, joinUrl, type JoinLinkSource } from './join-links.ts';
import { parse } from '../validation.ts';
import * as ex from './examples.ts';
import { gameReport as gameReportSchema, masteryView as masteryViewSchema, openedReview } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';

const reportQuerySchema = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    table: z.enum(['students', 'questions']).optional(),
  })
  .refine((q) => q.format !== 'csv' || q.table !== undefined, { message: 'choose table=students or table=questions', path: ['table'] });

/** An instant: an ISO date-time with offset, or a date (midnight UTC). */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((value) => new Date(value));

const masteryQuerySchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    sources: sourcesQuery,
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after from', path: ['to'] });

const gameParams = z.object({ id: z.uuid() });

export const analyticsApi = {
  report: {
    method: 'get',
    path: '/api/games/:id/report',
    summary: 'After class: questions hardest first, topics weakest first, domains, and each student (`format=csv&table=students|questions` for a spreadsheet)',
    caller: 'instructor',
    params: gameParams,
    query: reportQuerySchema,
    responses: { 200: { description: 'The report (README, Analytics), or one of its tables as CSV.', json: json(gameReportSchema, ex.gameReport), csv: true } },
    errors: ['GAME_NOT_FOUND', 'FORBIDDEN'],
  },
  topics: {
    method: 'get',
    path: '/api/analytics/topics',
    summary: "Topic mastery across the instructor's games played in [from, to): weakest first, by domain, trend, never-practised topics, heat map (`format=csv`)",
    caller: 'instructor',
    query: masteryQuerySchema,
    responses: { 200: { description: 'The mastery view (README, Analytics), or its topics as CSV.', json: json(masteryViewSchema, ex.masteryView), csv: true } },
  },
  review: {
    method: 'post',
    path: '/api/analytics/review',
    summary: 'Save a review quiz from the weakest topics (`topics`, or those a game missed: `gameId`) and open its lobby',
    caller: 'instructor',
    body: json(reviewInputSchema, { gameId: ex.IDS.game, count: 10 }),
    responses: { 201: { description: 'The quiz, the lobby and where its questions came from.', json: json(openedReview, ex.openedReview) } },
    errors: ['GAME_NOT_FOUND', 'FORBIDDEN', 'UNKNOWN_TOPICS', 'NOTHING_MISSED', 'NOT_ENOUGH_QUESTIONS'],
  },
} satisfies Record<string, RouteSpec>;


const day = (date: Date) => date.toISOString().slice(0, 10);

/** After-class analytics of the signed-in instructor's own games. */
export function analyticsRoutes({ db, opening, joinLinks }: { db: Db; opening?: GameOpening; joinLinks: JoinLinkSource }): Router {
  const router = Router();
  const on = mount(router);
  router.use('/analytics', requireInstructor);

  on(analyticsApi.report, requireInstructor, async (req, res) => {
    const query = parse(analyticsApi.report.query, req.query);
    const report = await gameReport(db, currentInstructor(res).id, parse(analyticsApi.report.params, req.params).id);
    const stem = `game-${report.game.roomCode}-${day(report.game.startedAt ?? report.game.createdAt)}`;
    if (query.format === 'json') res.json(report);
    else if (query.table === 'students') sendCsv(res, `${stem}-students.csv`, toCsv(studentColumns, report.students));
    else sendCsv(res, `${stem}-questions.csv`, toCsv(questionColumns, report.questions));
  });

  on(analyticsApi.topics, async (req, res) => {
    const { from, to, format, sources } = parse(analyticsApi.topics.query, req.query);
    const view = await masteryView(db, currentInstructor(res).id, { from: from ?? null, to: to ?? null }, { sources });
    if (format === 'json') res.json(view);
    else sendCsv(res, `topic-mastery-${from ? day(from) : 'start'}-to-${to ? day(to) : 'now'}.csv`, toCsv(masteryColumns, masteryRows(view)));
  });

  if (opening) {
    /** Builds a review quiz from the weakest topics and opens a lobby with it. */
    on(analyticsApi.review, async (req, res) => {
      const input = parse(analyticsApi.review.body.schema, req.body);
      const review = await startReviewGame(opening, currentInstructor(res).id, input);
      const links = joinLinksFor(req, joinLinks);
      const opened: OpenedReview = { ...review, joinUrl: joinUrl(links.preferred, review.code) };
      res.status(201).json(opened);
    });
  }

  return router;
}
