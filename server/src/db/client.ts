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
  return { db, pool };
}

/** Resolves once the database answers a trivial query (for health checks). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
