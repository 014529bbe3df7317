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
import * as ex from './examples.ts';
import { accountLinkInfo, authStatus, publicInstructor, registrationReceived, sessionSummary } from './responses.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';
const linkToken = z.string().regex(/^[\w-]{20,100}$/, 'not a link token');
const signedIn = (description: string) => ({ description: `${description} The session cookie is set (and, for a browser not yet trusted, the \`quiz_device\` cookie).`, json: json(publicInstructor, ex.instructor) });
const newInstructor = json(newInstructorSchema, { email: 'ada@example.edu', name: 'Ada Lovelace', password: 'correct horse battery' });
const ended = { description: 'Done; nothing in the body.' };

export const authApi = {
  status: {
    method: 'get',
    path: '/api/auth/status',
    summary: 'Whether the first instructor must still be created, and whether others may register',
    caller: 'anyone',
    responses: { 200: { description: 'The sign-in page reads it.', json: json(authStatus, { needsSetup: false, registration: 'closed' }) } },
  },
  setup: {
    method: 'post',
    path: '/api/auth/setup',
    summary: 'Create the first instructor, the admin, and sign them in (first run only)',
    caller: 'anyone',
    body: newInstructor,
    responses: { 201: signedIn('The admin.') },
    errors: ['ALREADY_SET_UP'],
  },
  register: {
    method: 'post',
    path: '/api/auth/register',
    summary: 'Register (`REGISTRATION=open`); the same answer whether or not the email had an account, and nobody is signed in',
    description: '5 per address an hour, 20 a day.',
    caller: 'anyone',
    body: newInstructor,
    responses: { 202: { description: 'Received: sign in with the password.', json: json(registrationReceived, { status: 'received', message: 'If this email had no account yet, it has one now: sign in with it.' }) } },
    errors: ['REGISTRATION_CLOSED', 'TOO_MANY_ATTEMPTS'],
  },
  login: {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in',
    description: 'Limited per email and address (a trusted browser keeps its own budget): see the README, Instructor accounts.',
    caller: 'anyone',
    body: json(credentialsSchema, { email: 'ada@example.edu', password: 'correct horse battery' }),
    responses: { 200: signedIn('Signed in.') },
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'TOO_MANY_ATTEMPTS'],
  },
  logout: { method: 'post', path: '/api/auth/logout', summary: 'Sign out: the session and its live host sockets end', caller: 'anyone', responses: { 204: ended } },
  me: { method: 'get', path: '/api/me', summary: 'The signed-in instructor', caller: 'instructor', responses: { 200: { description: 'Who this session is.', json: json(publicInstructor, ex.instructor) } } },
  sessions: {
    method: 'get',
    path: '/api/auth/sessions',
    summary: 'Own sessions that have not expired',
    caller: 'instructor',
    responses: {
      200: {
        description: 'Newest first.',
        json: json(z.array(sessionSummary), [{ id: ex.IDS.session, current: true, createdAt: ex.at, lastSeenAt: ex.at, expiresAt: ex.later, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', address: '192.168.1.20' }]),
      },
    },
  },
  endSession: {
    method: 'delete',
    path: '/api/auth/sessions/:id',
    summary: 'End one own session and its sockets',
    caller: 'instructor',
    params: z.object({ id: z.uuid() }),
    responses: { 204: ended },
    errors: ['SESSION_NOT_FOUND'],
  },
  logoutEverywhere: { method: 'post', path: '/api/auth/logout-everywhere', summary: 'End every own session, this one included, and their sockets', caller: 'instructor', responses: { 204: ended } },
  password: {
    method: 'post',
    path: '/api/auth/password',
    summary: 'Change the password; every other session and its sockets end (guessing is limited as sign-in is)',
    caller: 'instructor',
    body: json(passwordChangeSchema, { currentPassword: 'correct horse battery', newPassword: 'staple battery horse correct' }),
    responses: { 204: ended },
    errors: ['WRONG_PASSWORD', 'TOO_MANY_ATTEMPTS'],
  },
  link: {
    method: 'get',
    path: '/api/auth/links/:token',
    summary: 'What an invitation or reset link is for',
    caller: 'anyone',
    params: z.object({ token: linkToken }),
    responses: { 200: { description: 'Its purpose and email.', json: json(accountLinkInfo, { purpose: 'invite', email: 'grace@example.edu', expiresAt: ex.later }) } },
    errors: ['LINK_INVALID'],
  },
  useLink: {
    method: 'post',
    path: '/api/auth/links/:token',
    summary: 'Use an invitation (`{name, password}`: creates the account) or a reset link (`{password}`: ends every session); signs in. Once only',
    caller: 'anyone',
    params: z.object({ token: linkToken }),
    body: json(linkUseSchema, { name: 'Grace Hopper', password: 'correct horse battery' }),
    responses: { 201: signedIn('Signed in.') },
    errors: ['LINK_INVALID', 'EMAIL_TAKEN', 'ACCOUNT_DISABLED'],
  },
} satisfies Record<string, RouteSpec>;

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
  const on = mount(router);
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

  on(authApi.status, async (_req, res) => {
    const status: AuthStatus = { needsSetup: await needsSetup(db), registration };
    res.json(status);
  });

  on(authApi.setup, async (req, res) => {
    const input = parse(authApi.setup.body.schema, req.body);
    const instructor = await createFirstInstructor(db, input);
    await signIn(req, res, instructor);
    res.status(201).json(instructor);
  });

  /**
   * Open registration, limited per address. The answer is the same whether or not the email had
   * an account, and nobody is signed in by it: the new instructor signs in with the password.
   */
  on(authApi.register, async (req, res) => {
    if (registration !== 'open') {
      throw new AppError(403, 'REGISTRATION_CLOSED', 'Registration is closed. Ask the admin for an invitation.');
    }
    const input = parse(authApi.register.body.schema, req.body);
    const waitSec = await registrationLimiter.take(address(req));
    if (waitSec) throw tooMany(res, waitSec);
    await registerInstructor(db, input);
    const received: RegistrationReceived = { status: 'received', message: 'If this email had no account yet, it has one now: sign in with it.' };
    res.status(202).json(received);
  });

  on(authApi.login, async (req, res) => {
    const { email, password } = parse(authApi.login.body.schema, req.body);
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

  on(authApi.logout, async (req, res) => {
    const token = sessionToken(req);
    const ended = token ? await deleteSession(db, token) : null;
    if (ended) endSockets([ended]);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  on(authApi.me, requireInstructor, (_req, res) => {
    res.json(currentInstructor(res));
  });

  on(authApi.sessions, requireInstructor, async (_req, res) => {
    const session = currentSession(res);
    res.json(await listSessions(db, session.instructor.id, session.id));
  });

  on(authApi.endSession, requireInstructor, async (req, res) => {
    const publicId = parse(authApi.endSession.params, req.params).id;
    const session = currentSession(res);
    const ended = await endSessionByPublicId(db, session.instructor.id, publicId);
    if (!ended) throw new AppError(404, 'SESSION_NOT_FOUND', 'No such session of yours.');
    endSockets([ended]);
    if (ended === session.id) res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  /** Signs out everywhere: every session of the instructor, this one included, and their sockets. */
  on(authApi.logoutEverywhere, requireInstructor, async (req, res) => {
    endSockets(await endSessions(db, currentInstructor(res).id));
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  /** Changes the password; every other session ends. Guessing the password in use is limited as sign-in is. */
  on(authApi.password, requireInstructor, async (req, res) => {
    const { currentPassword, newPassword } = parse(authApi.password.body.schema, req.body);
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
  on(authApi.link, async (req, res) => {
    res.json(await linkInfo(db, parse(authApi.link.params, req.params).token));
  });

  /** Uses an invitation (creates the account) or a reset link (sets the password, ends every session); signs in. */
  on(authApi.useLink, async (req, res) => {
    const { token } = parse(authApi.useLink.params, req.params);
    const { instructor, disabled, ended } = await useLink(db, token, parse(authApi.useLink.body.schema, req.body));
    endSockets(ended);
    if (disabled) throw new AppError(403, 'ACCOUNT_DISABLED', 'The password is set, but this account is disabled. Ask the admin to enable it again.');
    await signIn(req, res, instructor);
    res.status(201).json(instructor);
  });

  return router;
}
