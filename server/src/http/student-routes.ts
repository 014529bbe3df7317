import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { studentProgress } from '../analytics/class-analytics.ts';
import { sourcesQuerySchema } from '../analytics/answer-sources.ts';
import { inviteTokenSchema, recoverSchema, studentJoinSchema } from '../classes/class-inputs.ts';
import type { StudentLimiter } from '../classes/student-limiter.ts';
import { forgetBrowser, inviteInfo, joinByInvite, recoverIdentity, renewRecoveryCode } from '../classes/students.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { parse } from '../validation.ts';
import { currentStudent, requireStudent } from './student-auth.ts';
import * as ex from './examples.ts';
import { inviteInfo as inviteInfoSchema, recoveryCode, studentCredentials, studentIdentity, studentMastery } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';

const credentials = {
  description: 'The student token for this browser (keep it: `Authorization: Bearer <token>`) and the recovery code to move on with.',
  json: json(studentCredentials, { token: 'Zq3xW8vN2mK7pL4tR9sY6uB1cD5eF0gH', recoveryCode: 'K7QMP-4TXR9', recoveryCodeSetAt: ex.at, member: { id: ex.IDS.member, name: 'Grace H' }, class: { id: ex.IDS.class, name: ex.classDetail.name } }),
};

const inviteParams = z.object({ token: inviteTokenSchema });

export const studentApi = {
  invite: {
    method: 'get',
    path: '/api/student/invite/:token',
    summary: 'What a class link shows before a student joins',
    caller: 'anyone',
    params: inviteParams,
    responses: { 200: { description: 'The class.', json: json(inviteInfoSchema, { className: ex.classDetail.name, instructorName: 'Ada Lovelace', selfJoin: true }) } },
    errors: ['INVITE_INVALID'],
  },
  join: {
    method: 'post',
    path: '/api/student/invite/:token/join',
    summary: 'Join a class from its link under a name (300 per address in 15 minutes)',
    caller: 'anyone',
    params: inviteParams,
    body: json(studentJoinSchema, { name: 'Grace H' }),
    responses: { 201: credentials },
    errors: ['INVITE_INVALID', 'SELF_JOIN_CLOSED', 'NAME_INVALID', 'NAME_TAKEN', 'TOO_MANY_ATTEMPTS'],
  },
  recover: {
    method: 'post',
    path: '/api/student/recover',
    summary: 'Become a class member on this browser with a recovery code (case, spaces and dashes ignored; 30 tries per address in 15 minutes)',
    caller: 'anyone',
    body: json(recoverSchema, { code: 'k7qmp 4txp9' }),
    responses: { 201: credentials },
    errors: ['RECOVERY_CODE_INVALID', 'TOO_MANY_ATTEMPTS'],
  },
  me: {
    method: 'get',
    path: '/api/student/me',
    summary: 'The class member this token names',
    caller: 'student',
    responses: { 200: { description: 'Who this browser is.', json: json(studentIdentity, { memberId: ex.IDS.member, name: 'Grace H', classId: ex.IDS.class, className: ex.classDetail.name, archived: false, recoveryCodeSetAt: ex.at }) } },
  },
  progress: {
    method: 'get',
    path: '/api/student/progress',
    summary: "The student's own page: domains and weakest topics, readiness, recent games (as the instructor's one-student view)",
    caller: 'student',
    query: sourcesQuerySchema,
    responses: { 200: { description: 'Their progress.', json: json(studentMastery, ex.studentMastery) } },
  },
  recoveryCode: {
    method: 'post',
    path: '/api/student/recovery-code',
    summary: 'A new recovery code (the old one stops working): shown once, the browser keeps it',
    caller: 'student',
    responses: { 200: { description: 'The new code.', json: json(recoveryCode, { recoveryCode: 'P4WD8-MXK2T', recoveryCodeSetAt: ex.later }) } },
  },
  logout: { method: 'post', path: '/api/student/logout', summary: 'This browser stops being the member', caller: 'student', responses: { 204: { description: 'Forgotten.' } } },
} satisfies Record<string, RouteSpec>;

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
  const on = mount(router);
  const address = (req: Request) => req.ip ?? 'unknown';
  const student = requireStudent(db);

  on(studentApi.invite, async (req, res) => {
    res.json(await inviteInfo(db, parse(inviteParams, req.params).token));
  });
  on(studentApi.join, async (req, res) => {
    const { token } = parse(inviteParams, req.params);
    const input = parse(studentApi.join.body.schema, req.body);
    const wait = await limiter.join(address(req));
    if (wait) throw tooMany(res, wait);
    res.status(201).json(await joinByInvite(db, token, input.name));
  });
  on(studentApi.recover, async (req, res) => {
    const { code } = parse(studentApi.recover.body.schema, req.body);
    const wait = await limiter.recover(address(req));
    if (wait) throw tooMany(res, wait);
    res.status(201).json(await recoverIdentity(db, code));
  });

  on(studentApi.me, student, (_req, res) => {
    res.json(currentStudent(res));
  });
  /** The student's progress: domains and weakest topics, readiness, recent games. */
  on(studentApi.progress, student, async (req, res) => {
    const { sources } = parse(studentApi.progress.query, req.query);
    res.json(await studentProgress(db, currentStudent(res), sources));
  });
  /** A new recovery code (the old one stops working): shown once, the browser keeps it. */
  on(studentApi.recoveryCode, student, async (_req, res) => {
    res.json(await renewRecoveryCode(db, currentStudent(res).memberId));
  });
  /** This browser stops being the member. */
  on(studentApi.logout, student, async (_req, res) => {
    await forgetBrowser(db, res.locals.studentToken!);
    res.status(204).end();
  });
  return router;
}
