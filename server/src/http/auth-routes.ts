import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { linkInfo, useLink } from '../auth/account-links.ts';
import { linkUseSchema, passwordChangeSchema } from '../auth/account-inputs.ts';
import type { AuthStatus, PublicInstructor, RegistrationReceived } from '../auth/account-types.ts';
import {
  authenticate,
  createFirstInstructor,
  credentialsSchema,
  needsSetup,
  newInstructorSchema,
  passwordMatches,
  registerInstructor,
  setPassword,
} from '../auth/accounts.ts';
import { DEVICE_COOKIE, DEVICE_TTL_MS, trustDevice, trustedDevice } from '../auth/devices.ts';
import type { LoginLimiter, RegistrationLimiter } from '../auth/login-limiter.ts';
import { createSession, deleteSession, endSessionByPublicId, endSessions, listSessions, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { currentInstructor, currentSession, requireInstructor, sessionCookieOptions, sessionToken } from './session.ts';
import { parse } from '../validation.ts';

export type AuthRouteDeps = {
  db: Db;
  registration: 'open' | 'closed';
  loginLimiter: LoginLimiter;
  registrationLimiter: RegistrationLimiter;
  /** Closes the live sockets of these sessions (the realtime layer's hook). */
  endSockets: (sessionIds: string[]) => void;
};

const tooMany = (res: Response, waitSec: number) => {
  res.set('Retry-After', String(waitSec));
  return new AppError(429, 'TOO_MANY_ATTEMPTS', `Too many attempts. Try again in ${Math.ceil(waitSec / 60)} minute(s).`);
};

export function authRoutes({ db, registration, loginLimiter, registrationLimiter, endSockets }: AuthRouteDeps): Router {
  const router = Router();
  const address = (req: Request) => req.ip ?? 'unknown';
  const deviceToken = (req: Request): string | undefined => {
    const token: unknown = req.cookies?.[DEVICE_COOKIE];
    return typeof token === 'string' && token.length > 0 && token.length < 200 ? token : undefined;
  };

  /**
   * Opens a session (its cookie first: clients read it as the first Set-Cookie) and, unless this
   * browser is already trusted for the account, trusts it for later sign-ins.
   */
  const signIn = async (req: Request, res: Response, instructor: PublicInstructor, trusted?: string) => {
    const { token, expiresAt } = await createSession(db, instructor.id, { userAgent: req.get('user-agent'), address: address(req) });
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req, expiresAt));
    if (trusted) return;
    const device = await trustDevice(db, instructor.id);
    res.cookie(DEVICE_COOKIE, device.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api/auth', maxAge: DEVICE_TTL_MS });
  };

  router.get('/auth/status', async (_req, res) => {
    const status: AuthStatus = { needsSetup: await needsSetup(db), registration };
    res.json(status);
  });

  router.post('/auth/setup', async (req, res) => {
    const input = parse(newInstructorSchema, req.body);
    const instructor = await createFirstInstructor(db, input);
    await signIn(req, res, instructor);
    res.status(201).json(instructor);
  });

  /**
   * Open registration, limited per address. The answer is the same whether or not the email had
   * an account, and nobody is signed in by it: the new instructor signs in with the password.
   */
  router.post('/auth/register', async (req, res) => {
    if (registration !== 'open') {
      throw new AppError(403, 'REGISTRATION_CLOSED', 'Registration is closed. Ask the admin for an invitation.');
    }
    const input = parse(newInstructorSchema, req.body);
    const waitSec = await registrationLimiter.take(address(req));
    if (waitSec) throw tooMany(res, waitSec);
    await registerInstructor(db, input);
    const received: RegistrationReceived = { status: 'received', message: 'If this email had no account yet, it has one now: sign in with it.' };
    res.status(202).json(received);
  });

  router.post('/auth/login', async (req, res) => {
    const { email, password } = parse(credentialsSchema, req.body);
    const device = await trustedDevice(db, deviceToken(req), email);
    // Counted before the password is checked, so that concurrent guesses are all counted.
    const counted = await loginLimiter.begin({ email, address: address(req), device });
    if ('waitSec' in counted) throw tooMany(res, counted.waitSec);
    const found = await authenticate(db, email, password);
    if (!found) throw new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect.');
    await loginLimiter.succeeded(counted.ticket);
    if (found.disabled) throw new AppError(403, 'ACCOUNT_DISABLED', 'This account is disabled. Ask the admin to enable it again.');
    await signIn(req, res, found.instructor, device);
    res.json(found.instructor);
  });

  router.post('/auth/logout', async (req, res) => {
    const token = sessionToken(req);
    const ended = token ? await deleteSession(db, token) : null;
    if (ended) endSockets([ended]);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  router.get('/me', requireInstructor, (_req, res) => {
    res.json(currentInstructor(res));
  });

  router.get('/auth/sessions', requireInstructor, async (_req, res) => {
    const session = currentSession(res);
    res.json(await listSessions(db, session.instructor.id, session.id));
  });

  router.delete('/auth/sessions/:id', requireInstructor, async (req, res) => {
    const publicId = parse(z.uuid(), req.params.id);
    const session = currentSession(res);
    const ended = await endSessionByPublicId(db, session.instructor.id, publicId);
    if (!ended) throw new AppError(404, 'SESSION_NOT_FOUND', 'No such session of yours.');
    endSockets([ended]);
    if (ended === session.id) res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  /** Signs out everywhere: every session of the instructor, this one included, and their sockets. */
  router.post('/auth/logout-everywhere', requireInstructor, async (req, res) => {
    endSockets(await endSessions(db, currentInstructor(res).id));
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  /** Changes the password; every other session ends. Guessing the password in use is limited as sign-in is. */
  router.post('/auth/password', requireInstructor, async (req, res) => {
    const { currentPassword, newPassword } = parse(passwordChangeSchema, req.body);
    const session = currentSession(res);
    const { email, id } = session.instructor;
    const counted = await loginLimiter.begin({ email, address: address(req), device: `session:${session.id}` });
    if ('waitSec' in counted) throw tooMany(res, counted.waitSec);
    if (!(await passwordMatches(db, id, currentPassword))) throw new AppError(400, 'WRONG_PASSWORD', 'The current password is not right.');
    await loginLimiter.succeeded(counted.ticket);
    const device = await trustedDevice(db, deviceToken(req), email);
    endSockets(await setPassword(db, id, newPassword, { session: session.id, device }));
    res.status(204).end();
  });

  /** What an invitation or reset link is for (its page shows the email before it is used). */
  router.get('/auth/links/:token', async (req, res) => {
    res.json(await linkInfo(db, parse(linkToken, req.params.token)));
  });

  /** Uses an invitation (creates the account) or a reset link (sets the password, ends every session); signs in. */
  router.post('/auth/links/:token', async (req, res) => {
    const token = parse(linkToken, req.params.token);
    const { instructor, disabled, ended } = await useLink(db, token, parse(linkUseSchema, req.body));
    endSockets(ended);
    if (disabled) throw new AppError(403, 'ACCOUNT_DISABLED', 'The password is set, but this account is disabled. Ask the admin to enable it again.');
    await signIn(req, res, instructor);
    res.status(201).json(instructor);
  });

  return router;
}

const linkToken = z.string().regex(/^[\w-]{20,100}$/, 'not a link token');
