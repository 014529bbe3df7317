import { Router, type Request, type Response } from 'express';
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
import { currentStudent, requireStudent } from './student-auth.ts';

/**
 * A student's assignments and exam simulations (student token, `Authorization: Bearer …`). The
 * attempt lives on the server, so any device of the student continues it; every answer is
 * acknowledged once stored. Time is the server's, read once per request.
 */
export function studentAssignmentRoutes({ db, clock = () => new Date() }: { db: Db; clock?: () => Date }): Router {
  const router = Router();
  const student = requireStudent(db);
  router.use(['/student/assignments', '/student/simulations', '/student/attempts'], student);
  const me = (res: Response) => currentStudent(res);
  const attemptId = (req: Request) => String(req.params.attemptId);

  router.get('/student/assignments', async (_req, res) => {
    res.json(await listMyAssignments(db, me(res), clock()));
  });
  router.post('/student/assignments/:assignmentId/attempt', async (req, res) => {
    const { created, attempt } = await startAssignmentAttempt(db, me(res), String(req.params.assignmentId), clock());
    res.status(created ? 201 : 200).json(attempt);
  });
  router.post('/student/simulations', async (_req, res) => {
    const { created, attempt } = await startSelfSimulation(db, me(res), clock());
    res.status(created ? 201 : 200).json(attempt);
  });
  router.get('/student/attempts/:attemptId', async (req, res) => {
    res.json(await showAttempt(db, me(res), attemptId(req), clock()));
  });
  router.get('/student/attempts/:attemptId/questions/:position', async (req, res) => {
    const position = parse(positionParamSchema, req.params.position);
    res.json(await showQuestion(db, me(res), attemptId(req), position, clock()));
  });
  router.post('/student/attempts/:attemptId/answer', async (req, res) => {
    const input = parse(answerSchema, req.body);
    res.json(await answerQuestion(db, me(res), attemptId(req), input, clock()));
  });
  router.post('/student/attempts/:attemptId/move', async (req, res) => {
    const { position } = parse(moveSchema, req.body);
    res.json(await moveTo(db, me(res), attemptId(req), position, clock()));
  });
  router.post('/student/attempts/:attemptId/flag', async (req, res) => {
    res.json(await flagItem(db, me(res), attemptId(req), parse(flagSchema, req.body), clock()));
  });
  router.post('/student/attempts/:attemptId/submit', async (req, res) => {
    res.json(await submitAttempt(db, me(res), attemptId(req), clock()));
  });
  router.get('/student/attempts/:attemptId/result', async (req, res) => {
    res.json(await attemptResult(db, me(res), attemptId(req), clock()));
  });
  return router;
}
