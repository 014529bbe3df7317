import { Router } from 'express';
import { pingDatabase, type Db } from '../db/client.ts';

const PROBE_TIMEOUT_MS = 2_000;

/** GET /healthz: 200 when the database answers, 503 with the reason when it does not. */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await withTimeout(pingDatabase(db), PROBE_TIMEOUT_MS);
      res.json({ status: 'ok', db: 'ok' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', db: 'unreachable', reason: (error as Error).message });
    }
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
