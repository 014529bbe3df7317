import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { createEmptyDatabase } from './database.ts';
import { PASSWORD } from './http.ts';
import { connectTestRedis, TEST_REDIS_URL, uniqueRedisPrefix } from './redis.ts';
import { startServer, type ServerProcess } from './server-process.ts';

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/**
 * Server processes on loopback ports over one fresh database. With `redis`, they share the
 * local Redis under a key prefix of their own (REDIS_URL set: Redis room store + adapter);
 * without, there is one plain node.
 */
export async function startCluster(options: { nodes: number; redis: boolean; leaseMs?: number; env?: Record<string, string> }) {
  const database = await createEmptyDatabase();
  const prefix = uniqueRedisPrefix();
  const sockets: Socket[] = [];
  const env = (i: number): Record<string, string> => ({
    DATABASE_URL: database.url,
    NODE_ENV: 'test',
    ...(options.redis
      ? { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, NODE_ID: `node-${String.fromCharCode(97 + i)}`, ROOM_LEASE_MS: String(options.leaseMs ?? 1_500) }
      : {}),
    // The first node migrates and seeds; the others find the database ready.
    ...(i > 0 ? { SEED_ON_START: 'false' } : {}),
    ...options.env,
  });
  const nodes: ServerProcess[] = [];
  try {
    nodes.push(await startServer(env(0)));
    for (let i = 1; i < options.nodes; i++) nodes.push(await startServer(env(i)));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop('SIGKILL')));
    await database.drop();
    throw error;
  }
  return {
    nodes,
    prefix,
    databaseUrl: database.url,
    /** A socket.io client on one node's namespace; closed with the cluster. */
    open(node: ServerProcess, namespace: '/host' | '/play', cookie?: string): Socket {
      const socket = connect(`${node.url}${namespace}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: cookie ? { cookie } : undefined,
      });
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await Promise.all(nodes.map((node) => node.stop()));
      await database.drop();
      if (options.redis) {
        const redis = await connectTestRedis();
        await redis.dropPrefix(prefix);
        await redis.close();
      }
    },
  };
}

/** Sets the first instructor up through one node; the session cookie works on every node. */
export async function signInFirstInstructor(node: ServerProcess) {
  const agent = request.agent(node.url);
  const res = await agent.post('/api/auth/setup').send({ email: 'host@school.test', name: 'Host', password: PASSWORD }).expect(201);
  const cookie = res.headers['set-cookie']![0]!.split(';')[0]!;
  return { agent, cookie };
}
