import fs from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import { LoginLimiter, RegistrationLimiter, type LimitStore } from '../auth/login-limiter.ts';
import { lanAddresses as machineLanAddresses, type LanAddress } from '../network/lan-addresses.ts';
import type { Db } from '../db/client.ts';
import type { RoomRouter } from '../rooms/room-router.ts';
import { adminRoutes } from './admin-routes.ts';
import { assignmentRoutes } from './assignment-routes.ts';
import { analyticsRoutes } from './analytics-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { bankRoutes } from './bank-routes.ts';
import { classRoutes } from './class-routes.ts';
import { studentAssignmentRoutes } from './student-assignment-routes.ts';
import { studentRoutes } from './student-routes.ts';
import { StudentLimiter } from '../classes/student-limiter.ts';
import { errorHandler, notFoundRoute } from './errors.ts';
import { gameRoutes } from './game-routes.ts';
import { trustProxy } from '../network/client-address.ts';
import { healthRoutes } from './health.ts';
import { openapiRoutes } from './openapi.ts';
import { quizRoutes } from './quiz-routes.ts';
import { securityHeaders } from './security-headers.ts';
import { loadSession, rejectCrossSiteWrites } from './session.ts';
import { PROJECT_ROOT } from '../project-root.ts';

export const WEB_DIST = path.join(PROJECT_ROOT, 'web/dist');
export const JSON_BODY_LIMIT = '512kb';

export type AppDeps = {
  db: Db;
  registration?: 'open' | 'closed';
  corsOrigins?: string[];
  /** Where the sign-in and registration limits count (default: this process; main.ts: PostgreSQL). */
  limitStore?: LimitStore;
  loginLimiter?: LoginLimiter;
  registrationLimiter?: RegistrationLimiter;
  /** Budgets of the student routes (joining a class, recovery codes). */
  studentLimiter?: StudentLimiter;
  /** Closes the live sockets of these sessions at once (logout, password change, disabled account). */
  endSockets?: (sessionIds: string[]) => void;
  /** Live rooms; without it the game routes are not mounted (HTTP-only tests). */
  rooms?: RoomRouter;
  /** Most players in play in one room (the engine's default when left out). */
  roomCapacity?: number;
  publicUrl?: string;
  /** The interface the server listens on, to tell which of the machine's addresses students can reach. */
  listenHost?: string;
  /** The machine's LAN addresses (tests give their own). */
  lanAddresses?: () => LanAddress[];
  /** Express "trust proxy" setting (default loopback). */
  trustProxy?: string;
  /** Folder of the built web client; not served when it does not exist. */
  webDist?: string;
  /** Redis mode: a round trip to Redis, for /healthz. */
  redisPing?: () => Promise<unknown>;
  /** The server's clock for assignments and simulations (tests move it). */
  clock?: () => Date;
  log?: (error: unknown) => void;
};

/**
 * Built files under /assets carry a hash of their content in their name, so a browser may keep
 * them for good; everything else (index.html names the current hashes) is checked every time.
 */
function cacheControl(webDist: string, file: string): string {
  const relative = path.relative(webDist, file).split(path.sep);
  return relative[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Builds the Express app; it never listens (main.ts and the tests do). */
export function createApp({
  db,
  registration = 'closed',
  corsOrigins = [],
  limitStore = 'memory',
  loginLimiter = new LoginLimiter(undefined, limitStore),
  registrationLimiter = new RegistrationLimiter(undefined, limitStore),
  studentLimiter = new StudentLimiter(undefined, limitStore),
  endSockets = () => {},
  rooms,
  roomCapacity,
  publicUrl,
  listenHost = '0.0.0.0',
  lanAddresses = () => machineLanAddresses(listenHost),
  trustProxy: trustedProxies = 'loopback',
  webDist = WEB_DIST,
  redisPing,
  clock = () => new Date(),
  log = console.error,
}: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(trustedProxies));
  app.use(securityHeaders);
  if (corsOrigins.length) app.use('/api', cors({ origin: corsOrigins, credentials: true }));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(cookieParser());

  app.use(healthRoutes({ db, redis: redisPing, log }));
  app.use('/api', rejectCrossSiteWrites(corsOrigins), loadSession(db));
  app.use('/api', authRoutes({ db, registration, loginLimiter, registrationLimiter, endSockets }));
  app.use('/api', adminRoutes({ db, publicUrl, endSockets }));
  app.use('/api', bankRoutes(db));
  app.use('/api', quizRoutes(db));
  const joinLinks = { publicUrl, lanAddresses };
  const opening = rooms ? { db, router: rooms, roomCapacity } : undefined;
  if (opening) app.use('/api', gameRoutes({ opening, joinLinks }));
  app.use('/api', analyticsRoutes({ db, opening, joinLinks }));
  app.use('/api', classRoutes({ db, opening, joinLinks }));
  app.use('/api', assignmentRoutes({ db, clock }));
  app.use('/api', studentRoutes({ db, limiter: studentLimiter }));
  app.use('/api', studentAssignmentRoutes({ db, clock }));
  app.use('/api', openapiRoutes());
  app.use('/api', notFoundRoute);

  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    app.use(
      expressStaticGzip(webDist, {
        index: false,
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        serveStatic: { cacheControl: false, setHeaders: (res, file) => res.setHeader('Cache-Control', cacheControl(webDist, file)) },
      }),
    );
    // Client-side routes (/join/ABC123, /host/...) all load the single-page app.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(webDist, 'index.html'));
    });
  }
  app.use(notFoundRoute);
  app.use(errorHandler(log));
  return app;
}
