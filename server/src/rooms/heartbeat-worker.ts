// The heartbeat's worker thread (started by heartbeat-thread.ts): it beats over a Redis connection
// of its own, so a main thread busy sending to thousands of sockets still looks alive, but only
// while that thread has run within `stallMs`: a stuck one stops the heartbeat too.
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { createClient } from 'redis';
import type { HeartbeatTiming } from './node-heartbeat.ts';
import { writeHeartbeat } from './redis-room-store.ts';

export type HeartbeatWorkerData = HeartbeatTiming & { url: string; prefix: string; nodeId: string; lastRan: SharedArrayBuffer };
/** What the worker tells the main thread: the first beat is done, or something to log. */
export type HeartbeatWorkerMessage = { started: true } | { log: string; error?: string };

const { url, prefix, nodeId, everyMs, ttlMs, stallMs, lastRan } = workerData as HeartbeatWorkerData;
const mainRan = new BigInt64Array(lastRan);
const tell = (message: HeartbeatWorkerMessage) => parentPort!.postMessage(message);
const redis = createClient({ url, disableOfflineQueue: true });
redis.on('error', () => undefined); // the failed beats say it
let stalled = false;
let failing = false;

async function beat() {
  const ranAt = Number(Atomics.load(mainRan, 0));
  if (Date.now() - ranAt > stallMs) {
    if (!stalled) tell({ log: `heartbeat stopped: the main thread has not run for ${Date.now() - ranAt} ms` });
    stalled = true;
    return;
  }
  if (stalled) tell({ log: 'heartbeat resumed: the main thread runs again' });
  stalled = false;
  try {
    await writeHeartbeat(redis, prefix, nodeId, ttlMs, ranAt);
    failing = false;
  } catch (error) {
    if (!failing) tell({ log: 'heartbeat not sent', error: String(error) });
    failing = true;
  }
}

// A Redis that is away now is retried by the client; the beats fail meanwhile (and say so).
const connecting = redis.connect().catch((error: unknown) => tell({ log: 'heartbeat: Redis not reached', error: String(error) }));
await Promise.race([connecting, sleep(ttlMs)]);
await beat();
tell({ started: true });
for (;;) {
  await sleep(everyMs);
  await beat();
}
