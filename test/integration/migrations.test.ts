import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError, readMigrations } from '../../server/src/db/migrate.ts';
import { createEmptyDatabase } from '../support/database.ts';

/**
 * A database as it was before migration `before`, with rows `fill` writes then; `check` sees it
 * after every migration ran. Dropped afterwards.
 */
async function upgraded(before: string, fill: (sql: pg.Client) => Promise<void>, check: (sql: pg.Client) => Promise<void>) {
  const earlier = await createEmptyDatabase();
  const sql = new pg.Client({ connectionString: earlier.url });
  await sql.connect();
  try {
    const all = readMigrations();
    await migrate(sql, all.filter((m) => m.name < before));
    await fill(sql);
    await migrate(sql, all);
    await check(sql);
  } finally {
    await sql.end();
    await earlier.drop();
  }
}

describe('migration runner', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('applies every migration to an empty database and records it as Prisma does', async () => {
    const migrations = readMigrations();
    expect(await migrate(client)).toEqual(migrations.map((m) => m.name));
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toEqual(
      migrations.map((m) => ({
        migration_name: m.name,
        checksum: m.checksum,
        finished_at: expect.any(Date),
        applied_steps_count: 1,
      })),
    );
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(client)).toEqual([]);
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
    await expect(migrate(client, edited)).rejects.toThrow(MigrationError);
    await expect(migrate(client, edited)).rejects.toThrow(/was modified after it was applied/);
  });

  it('rolls a failing migration back and leaves no half-applied record', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.mkdirSync(path.join(dir, '99990101000000_broken'));
    fs.writeFileSync(path.join(dir, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";');
    const broken = [...readMigrations(), ...readMigrations(dir)];
    await expect(migrate(client, broken)).rejects.toThrow(/migration 99990101000000_broken failed: .*NoSuchTable/);
    const half = await client.query(`SELECT to_regclass('"Half"') AS t`);
    expect(half.rows[0].t).toBeNull();
    const recorded = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`);
    expect(recorded.rows[0].n).toBe(0);
  });
  it('makes the first instructor of an existing database its admin, and keeps its sessions', async () => {
    await upgraded(
      '20261201090000_instructor_accounts',
      async (sql) => {
        await sql.query(`INSERT INTO "Instructor" (id, email, name, "passwordHash", "createdAt") VALUES
          ('00000000-0000-4000-8000-000000000002', 'second@school.test', 'Second', 'x', '2026-02-01'),
          ('00000000-0000-4000-8000-000000000001', 'first@school.test', 'First', 'x', '2026-01-01')`);
        await sql.query(`INSERT INTO "Session" (id, "instructorId", "expiresAt") VALUES ('s1', '00000000-0000-4000-8000-000000000002', now() + interval '1 day')`);
      },
      async (sql) => {
        const { rows } = await sql.query(`SELECT email, role, "disabledAt" FROM "Instructor" ORDER BY email`);
        expect(rows).toEqual([
          { email: 'first@school.test', role: 'admin', disabledAt: null },
          { email: 'second@school.test', role: 'instructor', disabledAt: null },
        ]);
        const sessions = await sql.query(`SELECT id, "publicId", "lastSeenAt" FROM "Session"`);
        expect(sessions.rows).toEqual([{ id: 's1', publicId: expect.stringMatching(/^[0-9a-f-]{36}$/), lastSeenAt: expect.any(Date) }]);
      },
    );
  });

  it('marks the skipped questions and keeps the joining order of games stored before, from their snapshots', async () => {
    const [game, ana, ben] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000b2'];
    await upgraded(
      '20261212090000_skipped_questions',
      async (sql) => {
        await sql.query(`INSERT INTO "Domain" (id, number, title, "examWeightPercent") VALUES ('sdlc', 1, 'SDLC', 22)`);
        await sql.query(`INSERT INTO "Topic" (id, "domainId", position, title) VALUES ('sdlc.t', 'sdlc', 1, 'T')`);
        await sql.query(`INSERT INTO "Question" (id, "topicId", type, prompt, options, answer, explanation, difficulty, "timeLimitSec")
          SELECT 'q' || n, 'sdlc.t', 'single', 'P', ARRAY['a', 'b'], ARRAY[0], 'E', 1, 20 FROM generate_series(0, 2) AS n`);
        await sql.query(`INSERT INTO "Instructor" (id, email, name, "passwordHash", role) VALUES ('00000000-0000-4000-8000-000000000001', 'a@school.test', 'A', 'x', 'admin')`);
        const snapshot = { version: 9, skipped: [1], players: { [ana]: { id: ana, joinedSeq: 1 }, [ben]: { id: ben, joinedSeq: 0 } } };
        await sql.query(`INSERT INTO "Game" (id, "instructorId", title, "roomCode", settings, snapshot) VALUES ($1, '00000000-0000-4000-8000-000000000001', 'Old', 'ABCDEF', '{}', $2)`, [game, snapshot]);
        await sql.query(`INSERT INTO "GameQuestion" ("gameId", position, "questionId", "timeLimitSec") SELECT $1, n, 'q' || n, 20 FROM generate_series(0, 2) AS n`, [game]);
        await sql.query(`INSERT INTO "Player" (id, "gameId", nickname, "nicknameKey", "rejoinTokenHash") VALUES ($1, $3, 'Ana', 'ana', 'h1'), ($2, $3, 'Ben', 'ben', 'h2')`, [ana, ben, game]);
      },
      async (sql) => {
        expect((await sql.query(`SELECT position, skipped FROM "GameQuestion" ORDER BY position`)).rows).toEqual([
          { position: 0, skipped: false },
          { position: 1, skipped: true },
          { position: 2, skipped: false },
        ]);
        expect((await sql.query(`SELECT nickname, "joinSeq" FROM "Player" ORDER BY nickname`)).rows).toEqual([
          { nickname: 'Ana', joinSeq: 1 },
          { nickname: 'Ben', joinSeq: 0 },
        ]);
      },
    );
  });

  it('marks the players who left games stored before, whose nickname was retired then', async () => {
    const [game, ana, ben] = ['00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000b3', '00000000-0000-4000-8000-0000000000b4'];
    await upgraded(
      '20261222090000_players_out_of_play',
      async (sql) => {
        await sql.query(`INSERT INTO "Instructor" (id, email, name, "passwordHash", role) VALUES ('00000000-0000-4000-8000-000000000001', 'a@school.test', 'A', 'x', 'admin')`);
        await sql.query(`INSERT INTO "Game" (id, "instructorId", title, "roomCode", settings, "endedAt") VALUES ($1, '00000000-0000-4000-8000-000000000001', 'Old', 'ABCDEF', '{}', '2026-12-01T10:00:00Z')`, [game]);
        await sql.query(`INSERT INTO "Player" (id, "gameId", nickname, "nicknameKey", "rejoinTokenHash") VALUES ($1, $3, 'Ana', 'ana', 'h1'), ($2, $3, 'Ben', $4, 'h2')`, [ana, ben, game, `~left~${ben}`]);
      },
      async (sql) => {
        expect((await sql.query(`SELECT nickname, "leftAt", "rankedThrough" FROM "Player" ORDER BY nickname`)).rows).toEqual([
          { nickname: 'Ana', leftAt: null, rankedThrough: null },
          { nickname: 'Ben', leftAt: new Date('2026-12-01T10:00:00Z'), rankedThrough: null },
        ]);
      },
    );
  });
});
