import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type Db = PrismaClient;

/**
 * A Prisma client over a pg pool the caller can also use for raw SQL. Pool errors on idle
 * connections (the database restarted, say) are reported, never thrown at the process. With
 * `statementTimeoutMs`, PostgreSQL cancels any statement that runs longer (SQLSTATE 57014).
 */
export function createDb(
  url: string,
  onPoolError: (error: Error) => void = () => {},
  options: { statementTimeoutMs?: number } = {},
): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: 20,
    connectionTimeoutMillis: 5_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  pool.on('error', onPoolError);
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(db, pool);
  return { db, pool };
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * The pool under a client of `createDb`. Statements whose parameters are as large as a whole
 * room go straight to it: Prisma's query compiler keeps the arguments of its last raw queries
 * alive, a few megabytes per large room.
 */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this client was not made by createDb');
  return pool;
}

/** Resolves once the database answers a trivial query (for health checks). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
