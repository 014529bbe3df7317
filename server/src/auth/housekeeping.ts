import type { Db } from '../db/client.ts';
import { deleteExpiredLinks } from './account-links.ts';
import { deleteExpiredDevices } from './devices.ts';
import { deleteExpiredSessions, liveSessionIds } from './sessions.ts';

export const HOUSEKEEPING_EVERY_MS = 60_000;

export type HousekeepingDeps = {
  db: Db;
  /** The sessions this node's /host sockets came with, and the hook that closes them. */
  hostSessions?: { ids: () => string[]; disconnect: (sessionIds: string[]) => void };
  everyMs?: number;
  log?: (message: string, error?: unknown) => void;
};

/**
 * One round: deletes expired sessions, trusted browsers, one-time links and limit counters, and
 * closes /host sockets whose session ended without this node being told (it expired, a password
 * was reset from the shell, a broadcast was lost). What it did, for the log and the tests.
 */
export async function housekeep({ db, hostSessions }: HousekeepingDeps, now = new Date()) {
  const sessions = await deleteExpiredSessions(db, now);
  const devices = await deleteExpiredDevices(db, now);
  const links = await deleteExpiredLinks(db, now);
  const limits = (await db.rateLimit.deleteMany({ where: { expire: { lt: BigInt(now.getTime()) } } })).count;
  let sockets = 0;
  if (hostSessions) {
    const ids = hostSessions.ids();
    const live = await liveSessionIds(db, ids, now);
    const ended = ids.filter((id) => !live.has(id));
    hostSessions.disconnect(ended);
    sockets = ended.length;
  }
  return { sessions, devices, links, limits, sockets };
}

/** Runs housekeeping every minute (the first round at once); stop() ends it. A failed round is logged and the next one tries again. */
export function startHousekeeping(deps: HousekeepingDeps): { stop(): void } {
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  let running: Promise<unknown> | null = null;
  const round = () => {
    if (running) return;
    running = housekeep(deps)
      .catch((error: unknown) => log('housekeeping failed (next round in a minute)', error))
      .finally(() => (running = null));
  };
  round();
  const timer = setInterval(round, deps.everyMs ?? HOUSEKEEPING_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
