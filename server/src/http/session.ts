import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { findSession, SESSION_COOKIE, type CurrentSession, type SessionInstructor } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { isCrossSite } from '../network/cross-site.ts';

declare global {
  namespace Express {
    interface Locals {
      instructor?: SessionInstructor;
      session?: CurrentSession;
    }
  }
}

export function sessionCookieOptions(req: Request, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', ...(expires ? { expires } : {}) };
}

export function sessionToken(req: Request): string | undefined {
  const token: unknown = req.cookies?.[SESSION_COOKIE];
  return typeof token === 'string' && token.length > 0 && token.length < 200 ? token : undefined;
}

/** Puts the signed-in instructor, if any, in res.locals.instructor and their session in res.locals.session. */
export function loadSession(db: Db): RequestHandler {
  return async (req, res, next) => {
    const token = sessionToken(req);
    if (token) {
      const session = await findSession(db, token);
      if (session) {
        res.locals.session = session;
        res.locals.instructor = session.instructor;
      }
    }
    next();
  };
}

export const requireInstructor: RequestHandler = (_req, res, next) => {
  if (!res.locals.instructor) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in as an instructor first.');
  next();
};

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!res.locals.instructor) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in as an instructor first.');
  if (res.locals.instructor.role !== 'admin') throw new AppError(403, 'FORBIDDEN', 'Only the admin can manage instructors.');
  next();
};

/** The signed-in request's session; only call behind requireInstructor. */
export function currentSession(res: Response): CurrentSession {
  const session = res.locals.session;
  if (!session) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in as an instructor first.');
  return session;
}

/** The signed-in instructor; only call behind requireInstructor. */
export function currentInstructor(res: Response): SessionInstructor {
  const instructor = res.locals.instructor;
  if (!instructor) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in as an instructor first.');
  return instructor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests sent by another site's page (cross-site request forgery):
 * the browser's Origin must be this server or one of the configured origins.
 */
export function rejectCrossSiteWrites(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isCrossSite({ origin: req.get('origin'), host: req.get('host'), secFetchSite: req.get('sec-fetch-site') }, allowed)) {
      throw new AppError(403, 'CROSS_SITE_REQUEST', 'Requests from other sites are not accepted.');
    }
    next();
  };
}
