import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { seed } from '../../seed/loader.ts';
import { createDb, type Db } from '../../server/src/db/client.ts';
import { ensureDatabase, withDatabase } from '../../server/src/db/embedded-postgres.ts';
import { migrate } from '../../server/src/db/migrate.ts';

export type TestDatabase = { name: string; url: string; db: Db; pool: pg.Pool; close(): Promise<void> };

/** A new, empty database on the test server; nothing else in the run touches it. */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `quiz_test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  return {
    name,
    url: withDatabase(adminUrl, name),
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A migrated database (optionally seeded with the real banks) and a Prisma client on it. */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  const client = new pg.Client({ connectionString: empty.url });
  await client.connect();
  try {
    await migrate(client);
  } finally {
    await client.end();
  }
  const { db, pool } = createDb(empty.url);
  if (options.seed) await seed(db);
  return {
    name: empty.name,
    url: empty.url,
    db,
    pool,
    async close() {
      await db.$disconnect();
      await pool.end();
      await empty.drop();
    },
  };
}
