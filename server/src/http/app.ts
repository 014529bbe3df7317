import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Db } from '../db/client.ts';
import { bankRoutes } from './bank-routes.ts';
import { errorHandler, notFoundRoute } from './errors.ts';
import { healthRoutes } from './health.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../../web/dist');

export type AppDeps = {
  db: Db;
  /** Folder of the built web client; not served when it does not exist. */
  webDist?: string;
  log?: (error: unknown) => void;
};

/** Builds the Express app; it never listens (main.ts and the tests do). */
export function createApp({ db, webDist = WEB_DIST, log }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(express.json({ limit: '256kb' }));

  app.use(healthRoutes(db));
  app.use('/api', bankRoutes(db));
  app.use('/api', notFoundRoute);

  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    // Client-side routes (/join/ABC123, /host/...) all load the single-page app.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(path.join(webDist, 'index.html')));
  }
  app.use(notFoundRoute);
  app.use(errorHandler(log));
  return app;
}
