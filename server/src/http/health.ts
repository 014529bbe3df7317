import { Router } from 'express';
import { pingDatabase, type Db } from '../db/client.ts';
import { z } from 'zod';
import { errorSummary } from '../storage-outage.ts';
import { json, mount, type RouteSpec } from './route-spec.ts';

const PROBE_TIMEOUT_MS = 2_000;

export type HealthDeps = {
  db: Db;
  /** Redis mode: a round trip to Redis (PING). */
  redis?: () => Promise<unknown>;
  log: (message: unknown) => void;
};

type Verdict = 'ok' | 'unavailable';

const verdict = z.enum(['ok', 'unavailable']);
const health = z.object({ status: z.enum(['ok', 'degraded']), db: verdict, redis: verdict.optional().meta({ description: 'In Redis mode.' }) });

export const healthApi = {
  health: {
    method: 'get',
    path: '/healthz',
    summary: 'Whether PostgreSQL (and Redis, in Redis mode) answer; why not goes to the log, never to the answer',
    caller: 'anyone',
    responses: {
      200: { description: 'Every dependency answers.', json: json(health, { status: 'ok', db: 'ok', redis: 'ok' }) },
      503: { description: 'One does not.', json: json(health, { status: 'degraded', db: 'unavailable' }) },
    },
  },
} satisfies Record<string, RouteSpec>;

/**
 * GET /healthz: `{status: "ok" | "degraded", db, redis?}` with 200 or 503. Anyone may ask (a
 * load balancer does), so it says only which dependency does not answer; why goes to the log,
 * once when a dependency goes away and once when it is back.
 */
export function healthRoutes({ db, redis, log }: HealthDeps): Router {
  const router = Router();
  const probes: [string, () => Promise<unknown>][] = [['db', () => pingDatabase(db)]];
  if (redis) probes.push(['redis', redis]);
  const last = new Map<string, Verdict>();

  const check = async ([name, probe]: [string, () => Promise<unknown>]): Promise<[string, Verdict]> => {
    const verdict: Verdict = await withTimeout(probe(), PROBE_TIMEOUT_MS).then(
      () => 'ok',
      (error: unknown) => {
        if (last.get(name) !== 'unavailable') log(`health: ${name} unavailable: ${errorSummary(error)}`);
        return 'unavailable';
      },
    );
    if (verdict === 'ok' && last.get(name) === 'unavailable') log(`health: ${name} answers again`);
    last.set(name, verdict);
    return [name, verdict];
  };

  mount(router, '')(healthApi.health, async (_req, res) => {
    const verdicts = Object.fromEntries(await Promise.all(probes.map(check)));
    const healthy = Object.values(verdicts).every((verdict) => verdict === 'ok');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', ...verdicts });
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
