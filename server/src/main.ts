import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { seedInSeparateProcess, SeedProcessError } from '../../seed/separate-process.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { MigrationError } from './db/migrate.ts';
import { pgGameRecorders } from './games/pg-game-recorder.ts';
import { resumeGames } from './games/resume-games.ts';
import { startHousekeeping } from './auth/housekeeping.ts';
import { upgradeLegacyRecoveryCodes } from './classes/students.ts';
import { createApp } from './http/app.ts';
import { createHttpServer } from './http/http-server.ts';
import { connectionBudget, openFileLimit } from './network/file-limit.ts';
import { isLoopbackHost, lanAddresses, urlHost } from './network/lan-addresses.ts';
import { connectRedisCluster, type RedisCluster } from './realtime/redis-cluster.ts';
import { attachRealtime } from './realtime/socket-server.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const database = await openDatabase(config);
  console.log(
    database.embedded
      ? `database: embedded PostgreSQL, data in ${config.dataDir}`
      : `database: ${redact(database.url)}`,
  );
  if (database.migrationsApplied.length) console.log(`migrations applied: ${database.migrationsApplied.join(', ')}`);
  if (config.seedOnStart) {
    const { questions: q } = await seedInSeparateProcess(database.url);
    console.log(`question banks: ${q.created} added, ${q.updated} updated, ${q.unchanged} unchanged, ${q.archived} archived`);
  }

  let cluster: RedisCluster | undefined;
  if (config.redisUrl) {
    const nodeId = config.nodeId ?? randomUUID();
    cluster = await connectRedisCluster({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      nodeId,
      log: (message, error) => console.error(message, error ?? ''),
    });
    console.log(`rooms: shared through ${redact(config.redisUrl)} as node ${nodeId}`);
  }

  // Socket.IO takes its own requests and hands every other one to this listener, so the
  // listener must exist before Socket.IO attaches; the app behind it needs the rooms.
  let app: ReturnType<typeof createApp> | undefined;
  const server = createHttpServer((req, res) => app!(req, res));
  const fileLimit = openFileLimit();
  const budget = connectionBudget(fileLimit, config.maxConnections);
  server.maxConnections = budget.tcp;
  const realtime = attachRealtime(server, {
    db: database.db,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    connectionCaps: { maxConnections: budget.realtime, maxConnectionsPerAddress: config.maxConnectionsPerAddress },
    timings: { hostGraceMs: config.roomHostTimeoutMs, lingerMs: config.roomLingerMs },
    ...(cluster ? { cluster: { ...cluster, leaseMs: config.roomLeaseMs, heartbeatTtlMs: config.nodeHeartbeatTtlMs } } : {}),
  });
  app = createApp({
    db: database.db,
    // Sign-in and registration attempts are counted in PostgreSQL, which every node shares.
    limitStore: { pool: database.pool },
    endSockets: realtime.disconnectSessions,
    rooms: realtime.rooms,
    registration: config.registration,
    corsOrigins: config.corsOrigins,
    roomCapacity: config.roomMaxPlayers,
    publicUrl: config.publicUrl,
    listenHost: config.host,
    trustProxy: config.trustProxy,
    redisPing: cluster?.ping,
  });

  const housekeeping = startHousekeeping({
    db: database.db,
    hostSessions: { ids: realtime.hostSessionIds, disconnect: realtime.disconnectSessions },
  });

  // Recovery codes stored as plain SHA-256 before are stored as Argon2id of it (they work meanwhile too).
  void upgradeLegacyRecoveryCodes(database.db).then(
    (upgraded) => upgraded && console.log(`recovery codes upgraded to Argon2id: ${upgraded}`),
    (error: unknown) => console.error('recovery codes not upgraded (next start tries again)', error),
  );

  // One process resumes the games it was running; in a cluster they live on in Redis.
  const resumed = cluster ? 0 : await resumeGames(database.db, realtime.rooms, pgGameRecorders(database.db));
  if (resumed) console.log(`live games resumed: ${resumed}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    housekeeping.stop();
    await realtime.close();
    await cluster?.close();
    server.closeIdleConnections();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', async (error: NodeJS.ErrnoException) => {
      // Nothing is served: stop what was started (an embedded PostgreSQL would outlive us).
      await realtime.close().catch(() => undefined);
      await database.close().catch(() => undefined);
      if (error.code === 'EADDRINUSE') reject(new ConfigError(`Invalid setting PORT: ${config.port} is already in use (set PORT to a free port)`));
      else if (error.code === 'EACCES') reject(new ConfigError(`Invalid setting PORT: not allowed to listen on ${config.port}`));
      else reject(error);
    });
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  console.log(`DOP-C02 quiz server ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: http://localhost:${port}`);
  console.log(`connections: up to ${budget.realtime} live, ${config.maxConnectionsPerAddress} per address (open file limit ${fileLimit ?? 'unknown'}; raise it with ulimit -n)`);
  printStudentAddresses(config.host, port, config.publicUrl);
}

/** Like Vite's "Network:" lines: the addresses students' phones can open. */
function printStudentAddresses(host: string, port: number, publicUrl: string | undefined) {
  if (publicUrl) return console.log(`students join at: ${publicUrl}`);
  const addresses = lanAddresses(host);
  if (!addresses.length) {
    const why = isLoopbackHost(host) ? `it listens on ${host} only (set HOST=0.0.0.0)` : 'this machine has no network address';
    return console.log(`students cannot reach this server from their devices: ${why}`);
  }
  for (const { address, interfaceName } of addresses) console.log(`students join at: http://${urlHost(address)}:${port}  (${interfaceName})`);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

// A library's forgotten promise must not take a live class down with it: log and keep serving.
process.on('unhandledRejection', (reason) => console.error('unexpected error (server keeps running):', reason));

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof SeedProcessError || error instanceof MigrationError;
  console.error(`error: ${expected ? (error as Error).message : (error as Error).stack ?? String(error)}`);
  process.exit(1);
});
