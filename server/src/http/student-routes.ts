import { Router, type Request, type Response } from 'express';
import { studentProgress } from '../analytics/class-analytics.ts';
import { sourcesQuerySchema } from '../analytics/answer-sources.ts';
import { recoverSchema, studentJoinSchema } from '../classes/class-inputs.ts';
import type { StudentLimiter } from '../classes/student-limiter.ts';
import { forgetBrowser, inviteInfo, joinByInvite, recoverIdentity, renewRecoveryCode } from '../classes/students.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { parse } from '../validation.ts';
import { currentStudent, requireStudent } from './student-auth.ts';

const tooMany = (res: Response, waitSec: number) => {
  res.set('Retry-After', String(waitSec));
  return new AppError(429, 'TOO_MANY_ATTEMPTS', `Too many attempts. Try again in ${Math.ceil(waitSec / 60)} minute(s).`);
};

/**
 * The students' routes: the invite link, moving to another browser with the recovery code, and
 * the student's own page (authenticated by the student token, `Authorization: Bearer …`). A
 * student reads only their own data: nothing here takes a member id.
 */
export function studentRoutes({ db, limiter }: { db: Db; limiter: StudentLimiter }): Router {
  const router = Router();
  const address = (req: Request) => req.ip ?? 'unknown';
  const student = requireStudent(db);

  router.get('/student/invite/:token', async (req, res) => {
    res.json(await inviteInfo(db, String(req.params.token)));
  });
  router.post('/student/invite/:token/join', async (req, res) => {
    const input = parse(studentJoinSchema, req.body);
    const wait = await limiter.join(address(req));
    if (wait) throw tooMany(res, wait);
    res.status(201).json(await joinByInvite(db, String(req.params.token), input.name));
  });
  router.post('/student/recover', async (req, res) => {
    const { code } = parse(recoverSchema, req.body);
    const wait = await limiter.recover(address(req));
    if (wait) throw tooMany(res, wait);
    res.status(201).json(await recoverIdentity(db, code));
  });

  router.get('/student/me', student, (_req, res) => {
    res.json(currentStudent(res));
  });
  /** The student's progress: domains and weakest topics, readiness, recent games. */
  router.get('/student/progress', student, async (req, res) => {
    const { sources } = parse(sourcesQuerySchema, req.query);
    res.json(await studentProgress(db, currentStudent(res), sources));
  });
  /** A new recovery code (the old one stops working): shown once, the browser keeps it. */
  router.post('/student/recovery-code', student, async (_req, res) => {
    res.json(await renewRecoveryCode(db, currentStudent(res).memberId));
  });
  /** This browser stops being the member. */
  router.post('/student/logout', student, async (_req, res) => {
    await forgetBrowser(db, res.locals.studentToken!);
    res.status(204).end();
  });
  return router;
}
