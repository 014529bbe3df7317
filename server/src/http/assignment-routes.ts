import { Router, type Request, type Response } from 'express';
import { toCsv } from '../analytics/csv.ts';
import { progressColumns } from '../assignments/assignment-csv.ts';
import { assignmentDetailQuerySchema, assignmentInputSchema } from '../assignments/assignment-inputs.ts';
import { assignmentDetail, closeAssignment, createAssignment, deleteAssignment, listAssignments } from '../assignments/assignments.ts';
import type { Db } from '../db/client.ts';
import { parse } from '../validation.ts';
import { currentInstructor, requireInstructor } from './session.ts';

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'assignment';

/** The instructor's assignments of a class: set, follow, export, close, delete. Time is the server's, read once per request. */
export function assignmentRoutes({ db, clock = () => new Date() }: { db: Db; clock?: () => Date }): Router {
  const router = Router();
  router.use('/classes/:id/assignments', requireInstructor);
  const me = (res: Response) => currentInstructor(res).id;
  const classId = (req: Request) => String(req.params.id);
  const assignmentId = (req: Request) => String(req.params.assignmentId);

  router.post('/classes/:id/assignments', async (req, res) => {
    const input = parse(assignmentInputSchema, req.body);
    res.status(201).json(await createAssignment(db, me(res), classId(req), input, clock()));
  });
  router.get('/classes/:id/assignments', async (req, res) => {
    res.json({ assignments: await listAssignments(db, me(res), classId(req), clock()) });
  });
  router.get('/classes/:id/assignments/:assignmentId', async (req, res) => {
    const { format } = parse(assignmentDetailQuerySchema, req.query);
    const detail = await assignmentDetail(db, me(res), classId(req), assignmentId(req), clock());
    if (format === 'json') res.json(detail);
    else res.type('text/csv; charset=utf-8').attachment(`assignment-${slug(detail.title)}.csv`).send(toCsv(progressColumns(detail.questionCount), detail.students));
  });
  router.post('/classes/:id/assignments/:assignmentId/close', async (req, res) => {
    res.json(await closeAssignment(db, me(res), classId(req), assignmentId(req), clock()));
  });
  router.delete('/classes/:id/assignments/:assignmentId', async (req, res) => {
    await deleteAssignment(db, me(res), classId(req), assignmentId(req));
    res.status(204).end();
  });
  return router;
}
