import { Router, type Request, type Response } from 'express';
import { classMatrix, studentMastery } from '../analytics/class-analytics.ts';
import { sourcesBody, sourcesQuerySchema } from '../analytics/answer-sources.ts';
import { startClassReview } from '../analytics/class-review.ts';
import { toCsv } from '../analytics/csv.ts';
import { masteryColumns, masteryRows } from '../analytics/csv-tables.ts';
import { matrixColumns } from '../analytics/matrix-csv.ts';
import { masteryView } from '../analytics/topic-mastery.ts';
import type { OpenedReview } from '../analytics/analytics-types.ts';
import { loadMember, loadOwnClass } from '../classes/class-access.ts';
import {
  cardsSchema,
  classInputSchema,
  classListQuerySchema,
  classPatchSchema,
  classReviewSchema,
  matrixQuerySchema,
  memberInputSchema,
  memberPatchSchema,
  mergeSchema,
  rosterImportSchema,
} from '../classes/class-inputs.ts';
import {
  addMember,
  classDetail,
  createClass,
  exportMember,
  importRoster,
  issueCards,
  listClasses,
  mergeMembers,
  removeMember,
  renewMemberCode,
  renewInvite,
  setArchived,
  updateClass,
  updateMember,
} from '../classes/classes.ts';
import type { Db } from '../db/client.ts';
import type { GameOpening } from '../games/open-game.ts';
import { parse } from '../validation.ts';
import { joinLinksFor, joinUrl, type JoinLinkSource } from './join-links.ts';
import { currentInstructor, requireInstructor } from './session.ts';

const csvOrJson = matrixQuerySchema;

function sendCsv(res: Response, filename: string, body: string) {
  res.type('text/csv; charset=utf-8').attachment(filename).send(body);
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'class';

/** The instructor's classes: roster, invite link, cards, the students' analytics, review games. */
export function classRoutes({ db, opening, joinLinks }: { db: Db; opening?: GameOpening; joinLinks: JoinLinkSource }): Router {
  const router = Router();
  router.use('/classes', requireInstructor);
  const me = (res: Response) => currentInstructor(res).id;
  /** The address students reach this server at, for invite and card links. */
  const base = (req: Request) => joinLinksFor(req, joinLinks).preferred;
  const id = (req: Request) => String(req.params.id);
  const memberId = (req: Request) => String(req.params.memberId);

  router.get('/classes', async (req, res) => {
    res.json(await listClasses(db, me(res), parse(classListQuerySchema, req.query).archived));
  });
  router.post('/classes', async (req, res) => {
    res.status(201).json(await createClass(db, me(res), parse(classInputSchema, req.body), base(req)));
  });
  router.get('/classes/:id', async (req, res) => {
    res.json(await classDetail(db, me(res), id(req), base(req)));
  });
  router.patch('/classes/:id', async (req, res) => {
    res.json(await updateClass(db, me(res), id(req), parse(classPatchSchema, req.body), base(req)));
  });
  router.post('/classes/:id/archive', async (req, res) => {
    res.json(await setArchived(db, me(res), id(req), true, base(req)));
  });
  router.post('/classes/:id/restore', async (req, res) => {
    res.json(await setArchived(db, me(res), id(req), false, base(req)));
  });
  /** A new invite link; the old one stops working. */
  router.post('/classes/:id/invite', async (req, res) => {
    res.json(await renewInvite(db, me(res), id(req), base(req)));
  });

  router.post('/classes/:id/members', async (req, res) => {
    res.status(201).json(await addMember(db, me(res), id(req), parse(memberInputSchema, req.body)));
  });
  router.post('/classes/:id/roster', async (req, res) => {
    res.status(201).json(await importRoster(db, me(res), id(req), parse(rosterImportSchema, req.body).csv));
  });
  router.patch('/classes/:id/members/:memberId', async (req, res) => {
    res.json(await updateMember(db, me(res), id(req), memberId(req), parse(memberPatchSchema, req.body)));
  });
  router.delete('/classes/:id/members/:memberId', async (req, res) => {
    await removeMember(db, me(res), id(req), memberId(req));
    res.status(204).end();
  });
  router.post('/classes/:id/members/:memberId/merge', async (req, res) => {
    res.json(await mergeMembers(db, me(res), id(req), memberId(req), parse(mergeSchema, req.body).from));
  });
  router.get('/classes/:id/members/:memberId/export', async (req, res) => {
    const data = await exportMember(db, me(res), id(req), memberId(req));
    res.attachment(`student-${slug(data.member.name)}-${data.exportedAt.toISOString().slice(0, 10)}.json`).json(data);
  });
  /** A new recovery code for one student (a lost device, a forgotten code): the old one stops working. */
  router.post('/classes/:id/members/:memberId/recovery-code', async (req, res) => {
    res.json(await renewMemberCode(db, me(res), id(req), memberId(req), base(req)));
  });
  /** Printable cards: each student's name and personal link; printing gives every card a new code. */
  router.post('/classes/:id/cards', async (req, res) => {
    res.json({ cards: await issueCards(db, me(res), id(req), parse(cardsSchema, req.body ?? {}).memberIds, base(req)) });
  });

  router.get('/classes/:id/mastery', async (req, res) => {
    const { format } = parse(csvOrJson, req.query);
    const { sources } = parse(sourcesQuerySchema, req.query);
    const own = await loadOwnClass(db, me(res), id(req));
    const view = await masteryView(db, me(res), { from: null, to: null }, { classId: own.id, sources });
    if (format === 'json') res.json(view);
    else sendCsv(res, `class-${slug(own.name)}-topics.csv`, toCsv(masteryColumns, masteryRows(view)));
  });
  router.get('/classes/:id/matrix', async (req, res) => {
    const { format } = parse(csvOrJson, req.query);
    const { sources } = parse(sourcesQuerySchema, req.query);
    const own = await loadOwnClass(db, me(res), id(req));
    const matrix = await classMatrix(db, me(res), own.id, sources);
    if (format === 'json') res.json(matrix);
    else sendCsv(res, `class-${slug(own.name)}-students.csv`, toCsv(matrixColumns(matrix.domains), matrix.students));
  });
  router.get('/classes/:id/members/:memberId/mastery', async (req, res) => {
    const { format } = parse(csvOrJson, req.query);
    const { sources } = parse(sourcesQuerySchema, req.query);
    const own = await loadOwnClass(db, me(res), id(req));
    const member = await loadMember(db, own.id, memberId(req));
    const view = await studentMastery(db, { instructorId: me(res), classId: own.id, className: own.name, member, sources });
    if (format === 'json') res.json(view);
    else sendCsv(res, `student-${slug(member.name)}-topics.csv`, toCsv(masteryColumns, masteryRows(view.mastery)));
  });

  if (opening) {
    /** A review game from the weakest topics of the class, a group (`memberIds`), or one student. */
    router.post('/classes/:id/review', async (req, res) => {
      const review = await startClassReview(opening, me(res), id(req), parse(classReviewSchema.extend({ sources: sourcesBody }), req.body));
      const opened: OpenedReview = { ...review, joinUrl: joinUrl(base(req), review.code) };
      res.status(201).json(opened);
    });
  }
  return router;
}
