import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { answerSchema, flagSchema, moveSchema, positionParamSchema } from '../assignments/assignment-inputs.ts';
import {
  answerQuestion,
  attemptResult,
  flagItem,
  listMyAssignments,
  moveTo,
  showAttempt,
  showQuestion,
  startAssignmentAttempt,
  startSelfSimulation,
  submitAttempt,
} from '../assignments/attempts.ts';
import type { Db } from '../db/client.ts';
import { parse } from '../validation.ts';
import * as ex from './examples.ts';
import { answerAck, attempt, attemptQuestion, attemptResult as attemptResultSchema, studentAssignments } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';
import { currentStudent, requireStudent } from './student-auth.ts';

const attemptParams = z.object({ attemptId: z.uuid() });
/** A write to an attempt that is over is refused with how it ended. */
const ended = ['ASSIGNMENT_CLOSED', 'ATTEMPT_SUBMITTED', 'ATTEMPT_TIME_UP'] as const;
/** Moving and flagging: a simulation in progress, at one of its positions. */
const simulationChange = ['ATTEMPT_NOT_FOUND', ...ended, 'NOT_A_SIMULATION', 'POSITION_OUT_OF_RANGE'] as const;
const started = { description: 'A new attempt, on its first question.', json: json(attempt, ex.attempt) };
const resumed = { description: 'The attempt the student has already, where they were (any device).', json: json(attempt, ex.attempt) };
const theAttempt = { description: 'The attempt as it is now.', json: json(attempt, ex.attempt) };
const result = { description: 'The result: score, domains against the exam weights, scaled-score estimate (simulations), every question with its key.', json: json(attemptResultSchema, ex.simulationResult) };

export const studentAssignmentApi = {
  list: {
    method: 'get',
    path: '/api/student/assignments',
    summary: "The student's assignments with their attempts, and their own exam simulations",
    caller: 'student',
    responses: { 200: { description: 'Their work.', json: json(studentAssignments, ex.studentAssignments) } },
  },
  start: {
    method: 'post',
    path: '/api/student/assignments/:assignmentId/attempt',
    summary: 'Start the attempt at an assignment, or resume the one the student has',
    caller: 'student',
    params: z.object({ assignmentId: z.uuid() }),
    responses: { 201: started, 200: resumed },
    errors: ['ASSIGNMENT_NOT_FOUND', 'ASSIGNMENT_NOT_OPEN', 'ASSIGNMENT_CLOSED', 'NOT_ENOUGH_QUESTIONS'],
  },
  simulation: {
    method: 'post',
    path: '/api/student/simulations',
    summary: 'Start an exam simulation (75 questions, 180 minutes) where the class allows it, or resume the one in progress',
    caller: 'student',
    responses: { 201: started, 200: resumed },
    errors: ['SIMULATIONS_OFF', 'NOT_ENOUGH_QUESTIONS'],
  },
  attempt: {
    method: 'get',
    path: '/api/student/attempts/:attemptId',
    summary: 'An attempt: its clock, items and current question (without its key)',
    caller: 'student',
    params: attemptParams,
    responses: { 200: theAttempt },
    errors: ['ATTEMPT_NOT_FOUND'],
  },
  question: {
    method: 'get',
    path: '/api/student/attempts/:attemptId/questions/:position',
    summary: 'One item of an attempt: any in a simulation or once over; in practice the current one or one answered',
    caller: 'student',
    params: attemptParams.extend({ position: positionParamSchema }),
    responses: { 200: { description: 'The item; its key only once the student may see it.', json: json(attemptQuestion, ex.attemptQuestion) } },
    errors: ['ATTEMPT_NOT_FOUND', 'POSITION_OUT_OF_RANGE', 'NOT_CURRENT_QUESTION'],
  },
  answer: {
    method: 'post',
    path: '/api/student/attempts/:attemptId/answer',
    summary: 'Answer an item, acknowledged once stored: practice, the current item once; a simulation, any item, changed until submit',
    caller: 'student',
    params: attemptParams,
    body: json(answerSchema, { position: 0, choices: [0] }),
    responses: { 200: { description: 'The stored answer, its feedback (`feedback: each`) and the attempt.', json: json(answerAck, ex.answerAck) } },
    errors: ['ATTEMPT_NOT_FOUND', ...ended, 'POSITION_OUT_OF_RANGE', 'ALREADY_ANSWERED', 'QUESTION_TIME_UP', 'NOT_CURRENT_QUESTION', 'INVALID_CHOICE'],
  },
  move: {
    method: 'post',
    path: '/api/student/attempts/:attemptId/move',
    summary: "Go to another item of a simulation (kept for the student's other devices)",
    caller: 'student',
    params: attemptParams,
    body: json(moveSchema, { position: 12 }),
    responses: { 200: theAttempt },
    errors: simulationChange,
  },
  flag: {
    method: 'post',
    path: '/api/student/attempts/:attemptId/flag',
    summary: 'Flag an item of a simulation for review, or unflag it',
    caller: 'student',
    params: attemptParams,
    body: json(flagSchema, { position: 12, flagged: true }),
    responses: { 200: theAttempt },
    errors: simulationChange,
  },
  submit: {
    method: 'post',
    path: '/api/student/attempts/:attemptId/submit',
    summary: 'Hand the attempt in as it is',
    caller: 'student',
    params: attemptParams,
    responses: { 200: result },
    errors: ['ATTEMPT_NOT_FOUND', ...ended],
  },
  result: {
    method: 'get',
    path: '/api/student/attempts/:attemptId/result',
    summary: 'The result of an attempt that is over',
    caller: 'student',
    params: attemptParams,
    responses: { 200: result },
    errors: ['ATTEMPT_NOT_FOUND', 'RESULT_NOT_READY'],
  },
} satisfies Record<string, RouteSpec>;

/**
 * A student's assignments and exam simulations (student token, `Authorization: Bearer …`). The
 * attempt lives on the server, so any device of the student continues it; every answer is
 * acknowledged once stored. Time is the server's, read once per request.
 */
export function studentAssignmentRoutes({ db, clock = () => new Date() }: { db: Db; clock?: () => Date }): Router {
  const router = Router();
  const on = mount(router);
  const student = requireStudent(db);
  router.use(['/student/assignments', '/student/simulations', '/student/attempts'], student);
  const me = (res: Response) => currentStudent(res);
  const attemptId = (req: Request) => parse(attemptParams, req.params).attemptId;

  on(studentAssignmentApi.list, async (_req, res) => {
    res.json(await listMyAssignments(db, me(res), clock()));
  });
  on(studentAssignmentApi.start, async (req, res) => {
    const { assignmentId } = parse(studentAssignmentApi.start.params, req.params);
    const { created, attempt } = await startAssignmentAttempt(db, me(res), assignmentId, clock());
    res.status(created ? 201 : 200).json(attempt);
  });
  on(studentAssignmentApi.simulation, async (_req, res) => {
    const { created, attempt } = await startSelfSimulation(db, me(res), clock());
    res.status(created ? 201 : 200).json(attempt);
  });
  on(studentAssignmentApi.attempt, async (req, res) => {
    res.json(await showAttempt(db, me(res), attemptId(req), clock()));
  });
  on(studentAssignmentApi.question, async (req, res) => {
    const { attemptId, position } = parse(studentAssignmentApi.question.params, req.params);
    res.json(await showQuestion(db, me(res), attemptId, position, clock()));
  });
  on(studentAssignmentApi.answer, async (req, res) => {
    const id = attemptId(req);
    res.json(await answerQuestion(db, me(res), id, parse(studentAssignmentApi.answer.body.schema, req.body), clock()));
  });
  on(studentAssignmentApi.move, async (req, res) => {
    const id = attemptId(req);
    const { position } = parse(studentAssignmentApi.move.body.schema, req.body);
    res.json(await moveTo(db, me(res), id, position, clock()));
  });
  on(studentAssignmentApi.flag, async (req, res) => {
    const id = attemptId(req);
    res.json(await flagItem(db, me(res), id, parse(studentAssignmentApi.flag.body.schema, req.body), clock()));
  });
  on(studentAssignmentApi.submit, async (req, res) => {
    res.json(await submitAttempt(db, me(res), attemptId(req), clock()));
  });
  on(studentAssignmentApi.result, async (req, res) => {
    res.json(await attemptResult(db, me(res), attemptId(req), clock()));
  });
  return router;
}
