import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../server/src/db/client.ts';
import { isStorageOutage } from '../../server/src/storage-outage.ts';
import { createEmptyDatabase } from '../support/database.ts';

/** A statement PostgreSQL takes too long over is cancelled, and counts as the storage's failure. */
describe('the statement timeout', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let client: ReturnType<typeof createDb>;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    client = createDb(database.url, () => {}, { statementTimeoutMs: 200 });
  });
  afterAll(async () => {
    await client.db.$disconnect();
    await client.pool.end();
    await database.drop();
  });

  it('cancels a slow statement with SQLSTATE 57014, which callers answer STORAGE_UNAVAILABLE', async () => {
    const error = await client.pool.query('SELECT pg_sleep(2)').then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: '57014' });
    expect(isStorageOutage(error)).toBe(true);
    const throughPrisma = await client.db.$queryRaw`SELECT pg_sleep(2)`.then(() => null, (e: unknown) => e);
    expect(isStorageOutage(throughPrisma)).toBe(true);
    expect(await client.pool.query('SELECT 1 AS one')).toMatchObject({ rows: [{ one: 1 }] });
  });
});
