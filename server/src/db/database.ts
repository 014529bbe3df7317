import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { createDb, type Db } from './client.ts';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

export type Database = {
  db: Db;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  /** Migrations applied by this start (empty when the schema was current). */
  migrationsApplied: string[];
  close(): Promise<void>;
};

const EMBEDDED_DATABASE = 'quiz';

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset, then brings the
 * schema up to date. After the connection string is known both paths are the same.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'statementTimeoutMs'>>): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'));
    stopEmbedded = server.stop;
    await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
    url = withDatabase(server.adminUrl, EMBEDDED_DATABASE);
  }
  try {
    const migrationsApplied = await migrateDatabase(url, config.databaseUrl !== undefined);
    const { db, pool } = createDb(url, (error) => console.error(`database connection lost: ${error.message}`), {
      statementTimeoutMs: config.statementTimeoutMs,
    });
    return {
      db,
      pool,
      url,
      embedded: stopEmbedded !== undefined,
      migrationsApplied,
      async close() {
        await db.$disconnect();
        await pool.end();
        await stopEmbedded?.();
      },
    };
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
}

async function migrateDatabase(url: string, external: boolean): Promise<string[]> {
  const client = await connect(url, external);
  try {
    return await migrate(client);
  } finally {
    await client.end();
  }
}

/** Opens one connection; an unreachable DATABASE_URL becomes a ConfigError naming it. */
async function connect(url: string, external: boolean): Promise<pg.Client> {
  const attempt = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    await client.connect();
    return client;
  };
  try {
    return await attempt();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000') {
      // The server is there but the database is not: create it, as a first start should.
      const name = new URL(url).pathname.slice(1);
      await ensureDatabase(withDatabase(url, 'postgres'), decodeURIComponent(name));
      return attempt();
    }
    if (!external) throw error;
    const { hostname, port } = new URL(url);
    throw new ConfigError(
      `Invalid setting DATABASE_URL: cannot connect to PostgreSQL at ${hostname}:${port || 5432} (${(error as Error).message})`,
    );
  }
}
