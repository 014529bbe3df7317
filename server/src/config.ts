import path from 'node:path';
import { z } from 'zod';

/** Thrown when the environment holds a setting the server cannot run with. */
export class ConfigError extends Error {}

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgresql:' || url.protocol === 'postgres:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgresql://user@host:port/database URL');

const redisUrl = z
  .string()
  .refine((value) => {
    try {
      return ['redis:', 'rediss:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be a redis://host:port URL');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  REDIS_URL: redisUrl.optional(),
  REDIS_PREFIX: z.string().min(1).max(100).default('quiz:'),
  NODE_ID: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-"').optional(),
  ROOM_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(9_000),
  NODE_HEARTBEAT_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(2_000),
  REGISTRATION: z.enum(['closed', 'open']).default('closed'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean)),
  PUBLIC_URL: z.url().optional(),
  ROOM_HOST_TIMEOUT_SEC: z.coerce.number().int().min(10).max(24 * 3600).default(600),
  ROOM_LINGER_SEC: z.coerce.number().int().min(0).max(24 * 3600).default(600),
  TRUST_PROXY: z
    .string()
    .trim()
    .min(1)
    .default('loopback')
    .refine((value) => /^(true|false|\d+|[\w.:/,\s-]+)$/.test(value), 'must be true, false, a hop count, or addresses/subnets/loopback,linklocal,uniquelocal'),
  MAX_CONNECTIONS: z.coerce.number().int().min(10).max(1_000_000).optional(),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  ROOM_MAX_PLAYERS: z.coerce.number().int().min(1).max(100_000).default(2_000),
  SEED_ON_START: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Config = {
  port: number;
  host: string;
  /** Connection string of an external PostgreSQL; undefined starts the embedded one. */
  databaseUrl: string | undefined;
  /** Where the embedded PostgreSQL keeps its data (absolute). */
  dataDir: string;
  /** PostgreSQL cancels a statement that runs longer: a stalled database answers STORAGE_UNAVAILABLE, never hangs a room. */
  statementTimeoutMs: number;
  redisUrl: string | undefined;
  /** Start of every Redis key and channel of this deployment. */
  redisPrefix: string;
  /** This node's name in the cluster; a random one when unset. */
  nodeId: string | undefined;
  /** How long a node owns a room without renewing its lease (Redis mode). */
  roomLeaseMs: number;
  nodeHeartbeatTtlMs: number;
  registration: 'closed' | 'open';
  corsOrigins: string[];
  publicUrl: string | undefined;
  seedOnStart: boolean;
  /** Which proxies' X-Forwarded-For to believe (Express "trust proxy" syntax), so limits count clients, not the proxy. */
  trustProxy: string;
  /** Realtime connections in all; unset: what the file descriptor limit allows. */
  maxConnections: number | undefined;
  /** Realtime connections from one address (a school behind one NAT). */
  maxConnectionsPerAddress: number;
  /** Most players in play in one room. */
  roomMaxPlayers: number;
  /** A room without its host for this long ends itself. */
  roomHostTimeoutMs: number;
  /** A finished room stays open this long for the podium and reconnects. */
  roomLingerMs: number;
  production: boolean;
};

/** Parses the environment once; the only place in the server that reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const setting = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid setting ${setting}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    nodeId: e.NODE_ID,
    roomLeaseMs: e.ROOM_LEASE_MS,
    nodeHeartbeatTtlMs: e.NODE_HEARTBEAT_TTL_MS,
    registration: e.REGISTRATION,
    corsOrigins: e.CORS_ORIGINS,
    publicUrl: e.PUBLIC_URL,
    seedOnStart: e.SEED_ON_START,
    trustProxy: e.TRUST_PROXY,
    maxConnections: e.MAX_CONNECTIONS,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    roomMaxPlayers: e.ROOM_MAX_PLAYERS,
    roomHostTimeoutMs: e.ROOM_HOST_TIMEOUT_SEC * 1000,
    roomLingerMs: e.ROOM_LINGER_SEC * 1000,
    production: e.NODE_ENV === 'production',
  };
}
