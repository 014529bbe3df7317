import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { classMatrix, studentMastery } from '../analytics/class-analytics.ts';
import { sourcesBody, sourcesQuery } from '../analytics/answer-sources.ts';
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
import { fileSlug, sendCsv } from './downloads.ts';
import { joinLinksFor, joinUrl, type JoinLinkSource } from './join-links.ts';
import { currentInstructor, requireInstructor } from './session.ts';
import * as ex from './examples.ts';
import { classDetail as classDetailSchema, classMatrix as classMatrixSchema, classSummary, memberExport, masteryView as masterySchema, memberSummary, openedReview, rosterImport, studentCard, studentCards, studentMastery as studentMasterySchema } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';

export const classParams = z.object({ id: z.uuid() });
const memberParams = classParams.extend({ memberId: z.uuid() });
/** `format=csv` for a spreadsheet, `sources` for the answers counted. */
const reportQuery = matrixQuerySchema.extend({ sources: sourcesQuery });
const own = ['CLASS_NOT_FOUND', 'FORBIDDEN'] as const;
const ownMember = [...own, 'MEMBER_NOT_FOUND'] as const;
const theClass = { description: 'The class, its invite link and roster.', json: json(classDetailSchema, ex.classDetail) };
const { inviteUrl: _inviteUrl, members: _members, ...listedClass } = ex.classDetail;

export const classApi = {
  list: {
    method: 'get',
    path: '/api/classes',
    summary: 'Own classes',
    caller: 'instructor',
    query: classListQuerySchema,
    responses: { 200: { description: 'Own classes.', json: json(z.array(classSummary), [listedClass]) } },
  },
  create: {
    method: 'post',
    path: '/api/classes',
    summary: 'Create a class (dates `YYYY-MM-DD`); it gets an invite link (`…/c/<token>`)',
    caller: 'instructor',
    body: json(classInputSchema, { name: 'DOP-C02 autumn cohort', startsOn: '2026-09-14', endsOn: '2026-12-18' }),
    responses: { 201: theClass },
  },
  get: { method: 'get', path: '/api/classes/:id', summary: 'An own class, its invite link and roster', caller: 'instructor', params: classParams, responses: { 200: theClass }, errors: own },
  update: {
    method: 'patch',
    path: '/api/classes/:id',
    summary: 'Change name, dates or `selfJoin` (off: only cards and recovery codes let students in)',
    caller: 'instructor',
    params: classParams,
    body: json(classPatchSchema, { selfJoin: false }),
    responses: { 200: theClass },
    errors: own,
  },
  archive: { method: 'post', path: '/api/classes/:id/archive', summary: 'Archive a class: its link stops working, its numbers stay', caller: 'instructor', params: classParams, responses: { 200: theClass }, errors: own },
  restore: { method: 'post', path: '/api/classes/:id/restore', summary: 'Restore an archived class', caller: 'instructor', params: classParams, responses: { 200: theClass }, errors: own },
  invite: { method: 'post', path: '/api/classes/:id/invite', summary: 'A new invite link; the old one stops working', caller: 'instructor', params: classParams, responses: { 200: theClass }, errors: own },
  addMember: {
    method: 'post',
    path: '/api/classes/:id/members',
    summary: 'Add a student',
    caller: 'instructor',
    params: classParams,
    body: json(memberInputSchema, { name: 'Grace H', externalId: 's-1024' }),
    responses: { 201: { description: 'The new student.', json: json(memberSummary, { ...ex.member, devices: 0, games: 0, answers: 0, lastSeenAt: null }) } },
    errors: [...own, 'NAME_INVALID', 'NAME_TAKEN', 'EXTERNAL_ID_TAKEN'],
  },
  roster: {
    method: 'post',
    path: '/api/classes/:id/roster',
    summary: 'Import a roster: a name per line, an optional external id after `,` or `;`, an optional header; invalid or duplicate lines are left out, the rest imported',
    caller: 'instructor',
    params: classParams,
    body: json(rosterImportSchema, { csv: 'name,id\nGrace H,s-1024\nAlan T,s-1025\n' }),
    responses: { 201: { description: 'The students created and the lines left out.', json: json(rosterImport, { created: [{ ...ex.member, devices: 0, games: 0, answers: 0, lastSeenAt: null }], problems: [{ line: 3, name: 'Alan T', message: 'Someone in this class already has this name' }] }) } },
    errors: [...own, 'ROSTER_EMPTY', 'ROSTER_TOO_LONG'],
  },
  updateMember: {
    method: 'patch',
    path: '/api/classes/:id/members/:memberId',
    summary: 'Rename a student or change their external id',
    caller: 'instructor',
    params: memberParams,
    body: json(memberPatchSchema, { name: 'Grace Hopper' }),
    responses: { 200: { description: 'The student.', json: json(memberSummary, ex.member) } },
    errors: [...ownMember, 'NAME_INVALID', 'NAME_TAKEN', 'EXTERNAL_ID_TAKEN'],
  },
  removeMember: {
    method: 'delete',
    path: '/api/classes/:id/members/:memberId',
    summary: 'Remove a student: identity, browsers and code are deleted; their seats stay, unlinked and renamed "Removed student"; a seat in a game still open is taken out of play',
    caller: 'instructor',
    params: memberParams,
    responses: { 204: { description: 'Removed.' } },
    errors: ownMember,
  },
  merge: {
    method: 'post',
    path: '/api/classes/:id/members/:memberId/merge',
    summary: "`from`'s seats and browsers become this student's; `from` is deleted",
    caller: 'instructor',
    params: memberParams,
    body: json(mergeSchema, { from: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e' }),
    responses: { 200: { description: 'The student that stays.', json: json(memberSummary, ex.member) } },
    errors: [...ownMember, 'SAME_MEMBER'],
  },
  exportMember: {
    method: 'get',
    path: '/api/classes/:id/members/:memberId/export',
    summary: 'Everything stored about one student (identity, browsers\' dates, seats, answers), as a JSON download',
    caller: 'instructor',
    params: memberParams,
    responses: {
      200: {
        description: 'The student\'s data.',
        download: true,
        json: json(memberExport, {
          exportedAt: ex.later,
          class: { id: ex.IDS.class, name: ex.classDetail.name },
          member: { id: ex.IDS.member, name: 'Grace H', externalId: 's-1024', origin: 'roster', createdAt: ex.at, lastSeenAt: ex.later },
          devices: [{ createdAt: ex.at, lastSeenAt: ex.later }],
          games: [{ gameId: ex.IDS.game, title: 'Week 3: CI/CD', playedAt: ex.at, nickname: 'Grace H', score: 950, removedByHost: false }],
          attempts: [{ attemptId: ex.IDS.attempt, assignmentId: ex.IDS.assignment, kind: 'practice', title: 'CI/CD homework', startedAt: ex.later, submittedAt: ex.later, correct: 1, questionCount: 1 }],
          answers: [
            { source: 'live', gameId: ex.IDS.game, attemptId: null, questionId: 'sdlc.codebuild.001', topicId: 'sdlc.codebuild', chosen: [0], correct: true, responseMs: 2000, points: 950, answeredAt: ex.at },
            { source: 'assignment', gameId: null, attemptId: ex.IDS.attempt, questionId: 'sdlc.codebuild.002', topicId: 'sdlc.codebuild', chosen: [1], correct: true, responseMs: 14000, points: 0, answeredAt: ex.later },
          ],
        }),
      },
    },
    errors: ownMember,
  },
  memberCode: {
    method: 'post',
    path: '/api/classes/:id/members/:memberId/recovery-code',
    summary: 'A new recovery code for one student (a lost device, a forgotten code): the old one stops working',
    caller: 'instructor',
    params: memberParams,
    responses: { 200: { description: 'Their new card.', json: json(studentCard, ex.card) } },
    errors: ownMember,
  },
  cards: {
    method: 'post',
    path: '/api/classes/:id/cards',
    summary: 'Printable cards (every student, or `memberIds`): each card gets a new recovery code, so the student\'s earlier code (an earlier card, or the one their phone showed when they joined) stops working; the roster\'s `recoveryCodeSetAt` tells who has one',
    caller: 'instructor',
    params: classParams,
    body: json(cardsSchema, { memberIds: [ex.IDS.member] }),
    responses: { 200: { description: 'One card per student.', json: json(studentCards, { cards: [ex.card] }) } },
    errors: ownMember,
  },
  mastery: {
    method: 'get',
    path: '/api/classes/:id/mastery',
    summary: "Topic mastery of the class's games (the `/api/analytics/topics` view), `format=csv` for its topics",
    caller: 'instructor',
    params: classParams,
    query: reportQuery,
    responses: { 200: { description: 'The mastery view (README, Analytics), or its topics as CSV.', json: json(masterySchema, { ...ex.masteryView, period: { from: null, to: null } }), csv: true } },
    errors: own,
  },
  matrix: {
    method: 'get',
    path: '/api/classes/:id/matrix',
    summary: 'Students x domains, most ready first (`format=csv`)',
    caller: 'instructor',
    params: classParams,
    query: reportQuery,
    responses: { 200: { description: 'The matrix, or its students as CSV.', json: json(classMatrixSchema, ex.classMatrix), csv: true } },
    errors: own,
  },
  memberMastery: {
    method: 'get',
    path: '/api/classes/:id/members/:memberId/mastery',
    summary: "One student's mastery, readiness and recent games (`format=csv` for their topics)",
    caller: 'instructor',
    params: memberParams,
    query: reportQuery,
    responses: { 200: { description: 'Their page, or their topics as CSV.', json: json(studentMasterySchema, ex.studentMastery), csv: true } },
    errors: ownMember,
  },
  review: {
    method: 'post',
    path: '/api/classes/:id/review',
    summary: 'A review game from the weakest topics of one student, a group (`memberIds`) or the class, opened for the class',
    caller: 'instructor',
    params: classParams,
    body: json(classReviewSchema.extend({ sources: sourcesBody }), { memberIds: [ex.IDS.member], count: 10, guests: 'refuse', sources: ['assignment', 'simulation'] }),
    responses: { 201: { description: 'The quiz, the lobby and where its questions came from.', json: json(openedReview, ex.openedReview) } },
    errors: [...ownMember, 'CLASS_ARCHIVED', 'NOTHING_MISSED', 'NOT_ENOUGH_QUESTIONS'],
  },
} satisfies Record<string, RouteSpec>;

const slug = (name: string) => fileSlug(name, 'class');

/** The instructor's classes: roster, invite link, cards, the students' analytics, review games. */
export function classRoutes({ db, opening, joinLinks }: { db: Db; opening?: GameOpening; joinLinks: JoinLinkSource }): Router {
  const router = Router();
  const on = mount(router);
  router.use('/classes', requireInstructor);
  const me = (res: Response) => currentInstructor(res).id;
  /** The address students reach this server at, for invite and card links. */
  const base = (req: Request) => joinLinksFor(req, joinLinks).preferred;
  const id = (req: Request) => parse(classParams, req.params).id;
  const memberId = (req: Request) => parse(memberParams, req.params).memberId;

  on(classApi.list, async (req, res) => {
    res.json(await listClasses(db, me(res), parse(classApi.list.query, req.query).archived));
  });
  on(classApi.create, async (req, res) => {
    res.status(201).json(await createClass(db, me(res), parse(classApi.create.body.schema, req.body), base(req)));
  });
  on(classApi.get, async (req, res) => {
    res.json(await classDetail(db, me(res), id(req), base(req)));
  });
  on(classApi.update, async (req, res) => {
    res.json(await updateClass(db, me(res), id(req), parse(classApi.update.body.schema, req.body), base(req)));
  });
  on(classApi.archive, async (req, res) => {
    res.json(await setArchived(db, me(res), id(req), true, base(req)));
  });
  on(classApi.restore, async (req, res) => {
    res.json(await setArchived(db, me(res), id(req), false, base(req)));
  });
  /** A new invite link; the old one stops working. */
  on(classApi.invite, async (req, res) => {
    res.json(await renewInvite(db, me(res), id(req), base(req)));
  });

  on(classApi.addMember, async (req, res) => {
    res.status(201).json(await addMember(db, me(res), id(req), parse(classApi.addMember.body.schema, req.body)));
  });
  on(classApi.roster, async (req, res) => {
    res.status(201).json(await importRoster(db, me(res), id(req), parse(classApi.roster.body.schema, req.body).csv));
  });
  on(classApi.updateMember, async (req, res) => {
    res.json(await updateMember(db, me(res), id(req), memberId(req), parse(classApi.updateMember.body.schema, req.body)));
  });
  on(classApi.removeMember, async (req, res) => {
    await removeMember(db, me(res), id(req), memberId(req), opening?.router);
    res.status(204).end();
  });
  on(classApi.merge, async (req, res) => {
    res.json(await mergeMembers(db, me(res), id(req), memberId(req), parse(classApi.merge.body.schema, req.body).from));
  });
  on(classApi.exportMember, async (req, res) => {
    const data = await exportMember(db, me(res), id(req), memberId(req));
    res.attachment(`student-${slug(data.member.name)}-${data.exportedAt.toISOString().slice(0, 10)}.json`).json(data);
  });
  /** A new recovery code for one student (a lost device, a forgotten code): the old one stops working. */
  on(classApi.memberCode, async (req, res) => {
    res.json(await renewMemberCode(db, me(res), id(req), memberId(req), base(req)));
  });
  /** Printable cards: each student's name and personal link; printing gives every card a new code. */
  on(classApi.cards, async (req, res) => {
    res.json({ cards: await issueCards(db, me(res), id(req), parse(classApi.cards.body.schema, req.body ?? {}).memberIds, base(req)) });
  });

  on(classApi.mastery, async (req, res) => {
    const { format, sources } = parse(classApi.mastery.query, req.query);
    const own = await loadOwnClass(db, me(res), id(req));
    const view = await masteryView(db, me(res), { from: null, to: null }, { classId: own.id, sources });
    if (format === 'json') res.json(view);
    else sendCsv(res, `class-${slug(own.name)}-topics.csv`, toCsv(masteryColumns, masteryRows(view)));
  });
  on(classApi.matrix, async (req, res) => {
    const { format, sources } = parse(classApi.matrix.query, req.query);
    const own = await loadOwnClass(db, me(res), id(req));
    const matrix = await classMatrix(db, me(res), own.id, sources);
    if (format === 'json') res.json(matrix);
    else sendCsv(res, `class-${slug(own.name)}-students.csv`, toCsv(matrixColumns(matrix.domains), matrix.students));
  });
  on(classApi.memberMastery, async (req, res) => {
    const { format, sources } = parse(classApi.memberMastery.query, req.query);
    const params = parse(memberParams, req.params);
    const own = await loadOwnClass(db, me(res), params.id);
    const member = await loadMember(db, own.id, params.memberId);
    const view = await studentMastery(db, { instructorId: me(res), classId: own.id, className: own.name, member, sources });
    if (format === 'json') res.json(view);
    else sendCsv(res, `student-${slug(member.name)}-topics.csv`, toCsv(masteryColumns, masteryRows(view.mastery)));
  });

  if (opening) {
    /** A review game from the weakest topics of the class, a group (`memberIds`), or one student. */
    on(classApi.review, async (req, res) => {
      const review = await startClassReview(opening, me(res), id(req), parse(classApi.review.body.schema, req.body));
      const opened: OpenedReview = { ...review, joinUrl: joinUrl(base(req), review.code) };
      res.status(201).json(opened);
    });
  }
  return router;
}
