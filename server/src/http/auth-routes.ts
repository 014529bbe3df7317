import { Router } from 'express';
import {
  authenticate,
  createFirstInstructor,
  createInstructor,
  credentialsSchema,
  needsSetup,
  newInstructorSchema,
} from '../auth/accounts.ts';
import type { AuthStatus } from '../auth/account-types.ts';
import type { LoginLimiter } from '../auth/login-limiter.ts';
import { createSession, deleteSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { currentInstructor, requireInstructor, sessionCookieOptions, sessionToken } from './session.ts';
import { parse } from '../validation.ts';

export type AuthRouteDeps = { db: Db; registration: 'open' | 'closed'; loginLimiter: LoginLimiter };

export function authRoutes({ db, registration, loginLimiter }: AuthRouteDeps): Router {
  const router = Router();

  const signIn = async (req: Parameters<Parameters<typeof router.post>[1]>[0], res: Parameters<Parameters<typeof router.post>[1]>[1], instructorId: string) => {
    const { token, expiresAt } = await createSession(db, instructorId);
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req, expiresAt));
  };

  router.get('/auth/status', async (_req, res) => {
    const status: AuthStatus = { needsSetup: await needsSetup(db), registration };
    res.json(status);
  });

  router.post('/auth/setup', async (req, res) => {
    const input = parse(newInstructorSchema, req.body);
    const instructor = await createFirstInstructor(db, input);
    await signIn(req, res, instructor.id);
    res.status(201).json(instructor);
  });

  router.post('/auth/register', async (req, res) => {
    if (registration !== 'open') {
      throw new AppError(403, 'REGISTRATION_CLOSED', 'Registration is closed. Ask an instructor to create your account.');
    }
    const instructor = await createInstructor(db, parse(newInstructorSchema, req.body));
    await signIn(req, res, instructor.id);
    res.status(201).json(instructor);
  });

  router.post('/auth/login', async (req, res) => {
    const { email, password } = parse(credentialsSchema, req.body);
    const waitSec = await loginLimiter.check(req.ip ?? 'unknown', email);
    if (waitSec > 0) {
      res.set('Retry-After', String(waitSec));
      throw new AppError(429, 'TOO_MANY_ATTEMPTS', `Too many sign-in attempts. Try again in ${Math.ceil(waitSec / 60)} minute(s).`);
    }
    const instructor = await authenticate(db, email, password);
    if (!instructor) {
      await loginLimiter.failed(email);
      throw new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect.');
    }
    await loginLimiter.succeeded(email);
    await signIn(req, res, instructor.id);
    res.json(instructor);
  });

  router.post('/auth/logout', async (req, res) => {
    const token = sessionToken(req);
    if (token) await deleteSession(db, token);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  router.get('/me', requireInstructor, (_req, res) => {
    res.json(currentInstructor(res));
  });

  return router;
}
