import { Router, type Response } from 'express';
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
import { currentInstructor, requireInstructor } from './session.ts';
import { joinLinksFor, joinUrl, type JoinLinkSource } from './join-links.ts';
import { parse } from '../validation.ts';

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

function sendCsv(res: Response, filename: string, body: string) {
  res.type('text/csv; charset=utf-8').attachment(filename).send(body);
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** After-class analytics of the signed-in instructor's own games. */
export function analyticsRoutes({ db, opening, joinLinks }: { db: Db; opening?: GameOpening; joinLinks: JoinLinkSource }): Router {
  const router = Router();
  router.use('/analytics', requireInstructor);

  router.get('/games/:id/report', requireInstructor, async (req, res) => {
    const query = parse(reportQuerySchema, req.query);
    const report = await gameReport(db, currentInstructor(res).id, String(req.params.id));
    const stem = `game-${report.game.roomCode}-${day(report.game.startedAt ?? report.game.createdAt)}`;
    if (query.format === 'json') res.json(report);
    else if (query.table === 'students') sendCsv(res, `${stem}-students.csv`, toCsv(studentColumns, report.students));
    else sendCsv(res, `${stem}-questions.csv`, toCsv(questionColumns, report.questions));
  });

  router.get('/analytics/topics', async (req, res) => {
    const { from, to, format, sources } = parse(masteryQuerySchema, req.query);
    const view = await masteryView(db, currentInstructor(res).id, { from: from ?? null, to: to ?? null }, { sources });
    if (format === 'json') res.json(view);
    else sendCsv(res, `topic-mastery-${from ? day(from) : 'start'}-to-${to ? day(to) : 'now'}.csv`, toCsv(masteryColumns, masteryRows(view)));
  });

  if (opening) {
    /** Builds a review quiz from the weakest topics and opens a lobby with it. */
    router.post('/analytics/review', async (req, res) => {
      const input = parse(reviewInputSchema, req.body);
      const review = await startReviewGame(opening, currentInstructor(res).id, input);
      const links = joinLinksFor(req, joinLinks);
      const opened: OpenedReview = { ...review, joinUrl: joinUrl(links.preferred, review.code) };
      res.status(201).json(opened);
    });
  }

  return router;
}
