import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';
import { workerThreadHeartbeat } from '../rooms/heartbeat-thread.ts';
import { mainThreadHeartbeat } from '../rooms/node-heartbeat.ts';
import { RedisRoomBus } from '../rooms/redis-room-bus.ts';
import { RedisRoomStore } from '../rooms/redis-room-store.ts';

export type RedisCluster = Awaited<ReturnType<typeof connectRedisCluster>>;

/** How long a Redis command may wait for its reply: as long as a call forwarded to a busy owner. */
const COMMAND_TIMEOUT_MS = 30_000;

// The build runs dist/server/src/rooms/heartbeat-worker.js beside dist/server/src/main.js; the
// sources run the TypeScript through the same loader as the parent (workers inherit execArgv).
const HEARTBEAT_WORKER = import.meta.url.endsWith('.js')
  ? path.join(PROJECT_ROOT, 'dist/server/src/rooms/heartbeat-worker.js')
  : path.join(PROJECT_ROOT, 'server/src/rooms/heartbeat-worker.ts');

/**
 * Everything a node needs to share rooms through one Redis: the room store, the bus to the
 * other nodes, the Socket.IO adapter (broadcasts reach clients on every node) and the heartbeat.
 * Four connections: commands and publishing, the adapter's subscriptions, the bus's
 * subscriptions, and the heartbeat's worker thread (see heartbeat-thread.ts).
 */
export async function connectRedisCluster(options: { url: string; prefix: string; nodeId: string; log: (message: string, error?: unknown) => void }) {
  const { url, prefix, nodeId, log } = options;
  // Loaded here, not with the server: a single node never needs them (10 MB it does not carry).
  const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
  // While Redis is away, commands fail at once (the room answers STORAGE_UNAVAILABLE and clients
  // retry) instead of queueing until it is back.
  // A command's own timeout fires on this thread's timers, which run before the reply is read: a
  // node busy for seconds (a question to thousands of sockets on a loaded machine) would fail
  // commands Redis answered long before, at the client's default of 5 s.
  const main = createClient({ url, disableOfflineQueue: true, commandOptions: { timeout: COMMAND_TIMEOUT_MS } });
  const adapterSub = main.duplicate();
  const busSub = main.duplicate();
  for (const client of [main, adapterSub, busSub]) client.on('error', (error: unknown) => log('redis error', error));
  await Promise.all([main.connect(), adapterSub.connect(), busSub.connect()]);
  const store = new RedisRoomStore(main, prefix);
  const bus = new RedisRoomBus(nodeId, main, busSub, prefix, log);
  await bus.started();
  return {
    nodeId,
    store,
    bus,
    adapter: createAdapter(publishingSafely(main, log), adapterSub, { key: `${prefix}socket.io` }),
    startHeartbeat: workerThreadHeartbeat({ script: HEARTBEAT_WORKER, redis: { url, prefix }, fallback: mainThreadHeartbeat(store, log), log }),
    /** A round trip to Redis (for /healthz); fails at once while Redis is away. */
    ping: () => main.ping(),
    async close() {
      await bus.close();
      await Promise.all([busSub, adapterSub, main].map((client) => client.quit().catch(() => undefined)));
    },
  };
}

/**
 * The Socket.IO adapter publishes without waiting for the result, so a publish that fails while
 * Redis is away would be an unhandled rejection; here it is logged (the broadcast is lost, and
 * clients resynchronise through their next ack or rejoin).
 */
function publishingSafely<C extends { publish: (...args: never[]) => Promise<unknown> }>(client: C, log: (message: string, error?: unknown) => void): C {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'publish') {
        return (...args: never[]) => target.publish(...args).catch((error: unknown) => {
          log('redis publish failed', error);
          return 0;
        });
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
