import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerThreadHeartbeat } from '../../server/src/rooms/heartbeat-thread.ts';
import { mainThreadHeartbeat } from '../../server/src/rooms/node-heartbeat.ts';
import { RedisRoomStore } from '../../server/src/rooms/redis-room-store.ts';
import { MemoryRoomStore } from '../../server/src/rooms/room-store.ts';
import { connectTestRedis, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis.ts';

/** The worker as the build runs it (the suite's global setup builds dist/). */
const WORKER = path.resolve(import.meta.dirname, '../../dist/server/src/rooms/heartbeat-worker.js');
const TIMING = { everyMs: 100, ttlMs: 1_000, stallMs: 300 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a node's heartbeat from a worker thread", () => {
  const prefix = uniqueRedisPrefix();
  let redis: Awaited<ReturnType<typeof connectTestRedis>>;
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await redis.dropPrefix(prefix);
    await redis.close();
  });

  it('says the node is alive through Redis, and stops while the main thread does not run', async () => {
    const logged: string[] = [];
    const log = (message: string) => logged.push(message);
    const store = new RedisRoomStore(redis.client, prefix);
    const start = workerThreadHeartbeat({ script: WORKER, redis: { url: TEST_REDIS_URL, prefix }, fallback: mainThreadHeartbeat(store, log), log });
    const before = Date.now();
    const heartbeat = start('worker-node', TIMING);
    try {
      await heartbeat.started;
      expect(await store.isAlive('worker-node')).toBe(true);
      expect(await store.lastSeen('worker-node')).toBeGreaterThanOrEqual(before);

      // This thread blocks (as a node's main thread does in a long synchronous stretch) for
      // longer than stallMs: the worker notices and stops beating, and beats again after it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_500);
      while (!logged.includes('heartbeat resumed: the main thread runs again')) await sleep(50);
      expect(logged.find((line) => line.startsWith('heartbeat stopped: the main thread has not run for'))).toBeDefined();
      expect(logged.indexOf('heartbeat resumed: the main thread runs again')).toBeGreaterThan(logged.findIndex((line) => line.startsWith('heartbeat stopped')));
      while (!(await store.isAlive('worker-node'))) await sleep(50);
      expect(logged).not.toContain('heartbeat worker stopped: beating from the main thread');
    } finally {
      await heartbeat.stop();
    }
  });

  it('beats from the main thread when the worker cannot run', async () => {
    const logged: string[] = [];
    const log = (message: string) => logged.push(message);
    const store = new MemoryRoomStore();
    const start = workerThreadHeartbeat({ script: path.join(path.dirname(WORKER), 'no-such-worker.js'), redis: { url: TEST_REDIS_URL, prefix }, fallback: mainThreadHeartbeat(store, log), log });
    const heartbeat = start('fallback-node', TIMING);
    try {
      await heartbeat.started;
      expect(await store.isAlive('fallback-node')).toBe(true);
      expect(logged).toContain('heartbeat worker stopped: beating from the main thread');
    } finally {
      await heartbeat.stop();
    }
  });
});
