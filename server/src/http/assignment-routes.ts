import { Router, type Response } from 'express';
import { z } from 'zod';
import { toCsv } from '../analytics/csv.ts';
import { progressColumns } from '../assignments/assignment-csv.ts';
import { assignmentDetailQuerySchema, assignmentInputSchema } from '../assignments/assignment-inputs.ts';
import { assignmentDetail, closeAssignment, createAssignment, deleteAssignment, listAssignments } from '../assignments/assignments.ts';
import type { Db } from '../db/client.ts';
import { parse } from '../validation.ts';
import { classParams } from './class-routes.ts';
import { fileSlug, sendCsv } from './downloads.ts';
import * as ex from './examples.ts';
import { assignment, assignmentDetail as assignmentDetailSchema, assignmentList } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';
import { currentInstructor, requireInstructor } from './session.ts';

const assignmentParams = classParams.extend({ assignmentId: z.uuid() });
const own = ['CLASS_NOT_FOUND', 'FORBIDDEN'] as const;
const ownAssignment = [...own, 'ASSIGNMENT_NOT_FOUND'] as const;
const theAssignment = { description: 'The assignment, with its status and counts.', json: json(assignment, ex.assignment) };

export const assignmentApi = {
  create: {
    method: 'post',
    path: '/api/classes/:id/assignments',
    summary: 'Set the class (or `memberIds`) self-paced work: a saved quiz, a blueprint or exam-mix draw, each student\'s weakest topics, or an exam simulation',
    description: 'Opens at `opensAt` (default now) and closes at `closesAt` (default never), on the server\'s clock; docs/assignments.md.',
    caller: 'instructor',
    params: classParams,
    body: json(assignmentInputSchema, {
      title: 'CI/CD homework',
      source: { kind: 'quiz', quizId: ex.IDS.quiz },
      opensAt: '2026-09-21T08:30:00.000Z',
      closesAt: '2026-09-28T22:00:00.000Z',
      feedback: 'each',
      questionTimeLimitSec: 60,
    }),
    responses: { 201: theAssignment },
    errors: [...own, 'CLASS_ARCHIVED', 'MEMBER_NOT_FOUND', 'QUIZ_NOT_FOUND', 'NOT_ENOUGH_QUESTIONS'],
  },
  list: {
    method: 'get',
    path: '/api/classes/:id/assignments',
    summary: "The class's assignments, each with its status and how many students started and finished it",
    caller: 'instructor',
    params: classParams,
    responses: { 200: { description: 'The assignments, most recently opened first.', json: json(assignmentList, { assignments: [ex.assignment] }) } },
    errors: own,
  },
  get: {
    method: 'get',
    path: '/api/classes/:id/assignments/:assignmentId',
    summary: "One assignment with every student's progress (`format=csv` for a spreadsheet)",
    caller: 'instructor',
    params: assignmentParams,
    query: assignmentDetailQuerySchema,
    responses: { 200: { description: 'The assignment and its students, or the students as CSV.', json: json(assignmentDetailSchema, ex.assignmentDetail), csv: true } },
    errors: ownAssignment,
  },
  close: {
    method: 'post',
    path: '/api/classes/:id/assignments/:assignmentId/close',
    summary: 'Close an assignment now: attempts in progress end with the answers they hold',
    caller: 'instructor',
    params: assignmentParams,
    responses: { 200: theAssignment },
    errors: [...ownAssignment, 'ASSIGNMENT_CLOSED'],
  },
  delete: {
    method: 'delete',
    path: '/api/classes/:id/assignments/:assignmentId',
    summary: "Delete an assignment from the class and its students' lists; its students' answers stay",
    description:
      "The assignment closes (attempts in progress end with what they hold, `endedBy: \"closed\"`) and leaves the class's list and its students' lists. Its attempts and every answer in them stay: the class's and each student's mastery, matrix and readiness keep counting them, a student's export lists them, and a student can still read their result by the attempt's id.",
    caller: 'instructor',
    params: assignmentParams,
    responses: { 204: { description: 'Deleted: the assignment is 404 `ASSIGNMENT_NOT_FOUND` from now on; its students keep their answers and can still read their results.' } },
    errors: ownAssignment,
  },
} satisfies Record<string, RouteSpec>;

/** The instructor's assignments of a class: set, follow, export, close, delete. Time is the server's, read once per request. */
export function assignmentRoutes({ db, clock = () => new Date() }: { db: Db; clock?: () => Date }): Router {
  const router = Router();
  const on = mount(router);
  router.use('/classes/:id/assignments', requireInstructor);
  const me = (res: Response) => currentInstructor(res).id;

  on(assignmentApi.create, async (req, res) => {
    const { id } = parse(assignmentApi.create.params, req.params);
    const input = parse(assignmentApi.create.body.schema, req.body);
    res.status(201).json(await createAssignment(db, me(res), id, input, clock()));
  });
  on(assignmentApi.list, async (req, res) => {
    const { id } = parse(assignmentApi.list.params, req.params);
    res.json({ assignments: await listAssignments(db, me(res), id, clock()) });
  });
  on(assignmentApi.get, async (req, res) => {
    const { id, assignmentId } = parse(assignmentApi.get.params, req.params);
    const { format } = parse(assignmentApi.get.query, req.query);
    const detail = await assignmentDetail(db, me(res), id, assignmentId, clock());
    if (format === 'json') res.json(detail);
    else sendCsv(res, `assignment-${fileSlug(detail.title, 'assignment')}.csv`, toCsv(progressColumns(detail.questionCount), detail.students));
  });
  on(assignmentApi.close, async (req, res) => {
    const { id, assignmentId } = parse(assignmentApi.close.params, req.params);
    res.json(await closeAssignment(db, me(res), id, assignmentId, clock()));
  });
  on(assignmentApi.delete, async (req, res) => {
    const { id, assignmentId } = parse(assignmentApi.delete.params, req.params);
    await deleteAssignment(db, me(res), id, assignmentId, clock());
    res.status(204).end();
  });
  return router;
}
