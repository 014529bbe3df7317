import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/src/db/migrate.ts';
import { createEmptyDatabase } from '../support/database.ts';

/**
 * The migrations are SQL written by hand, so this test is what keeps them equal to
 * prisma/schema.prisma: it reads the schema through Prisma's own parser (DMMF) and compares
 * it with what an empty database looks like after migrating.
 */

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type Datamodel = {
  models: DmmfModel[];
  enums: { name: string; values: { name: string }[] }[];
  indexes: { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; fields: { name: string }[] }[];
};

const require = createRequire(import.meta.url);
const { get_dmmf } = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
const schema = fs.readFileSync(path.resolve(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');
const datamodel: Datamodel = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))).datamodel;

const table = (model: DmmfModel) => model.dbName ?? model.name;
const column = (model: DmmfModel, fieldName: string) => {
  const field = model.fields.find((f) => f.name === fieldName)!;
  return field.dbName ?? field.name;
};
const modelByName = new Map(datamodel.models.map((m) => [m.name, m]));

function expectedType(field: DmmfField): string {
  const native = field.nativeType?.[0];
  const base =
    field.kind === 'enum'
      ? field.type
      : native === 'Uuid'
        ? 'uuid'
        : native === 'Timestamptz'
          ? 'timestamptz'
          : native === 'Date'
            ? 'date'
            : ({ String: 'text', Int: 'int4', BigInt: 'int8', Boolean: 'bool', DateTime: 'timestamp', Json: 'jsonb', Float: 'float8' } as Record<string, string>)[field.type];
  if (!base) throw new Error(`no mapping for ${field.type}`);
  return field.isList ? `_${base}` : base;
}

const ON_DELETE: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

describe('migrated database matches prisma/schema.prisma', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let client: pg.Client;
  const query = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await migrate(client);
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('has exactly the tables of the models', async () => {
    const rows = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(datamodel.models.map(table).sort());
  });

  it('has exactly the columns, with their types and nullability', async () => {
    const rows = await query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = rows.map((r) => `${r.table_name}.${r.column_name} ${r.udt_name} ${r.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}`);
    const expected = datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
        // Prisma creates list columns without NOT NULL.
        .map((f) => `${table(model)}.${f.dbName ?? f.name} ${expectedType(f)} ${f.isRequired && !f.isList ? 'NOT NULL' : 'NULL'}`),
    );
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('has exactly the enums and their values', async () => {
    const rows = await query<{ name: string; value: string }>(
      `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`,
    );
    const actual = rows.map((r) => `${r.name}.${r.value}`);
    const expected = datamodel.enums.flatMap((e) => e.values.map((v) => `${e.name}.${v.name}`));
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('has exactly the primary keys, unique constraints and indexes', async () => {
    const rows = await query<{ table_name: string; kind: string; columns: string[] }>(
      `SELECT t.relname AS table_name,
              CASE WHEN ix.indisprimary THEN 'id' WHEN ix.indisunique THEN 'unique' ELSE 'normal' END AS kind,
              array_agg(a.attname::text ORDER BY k.ordinality) AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ordinality)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE t.relname <> '_prisma_migrations'
        GROUP BY t.relname, ix.indexrelid, ix.indisprimary, ix.indisunique`,
    );
    const actual = rows.map((r) => `${r.table_name} ${r.kind} (${r.columns.join(', ')})`);
    const expected = datamodel.indexes
      .filter((index) => index.type !== 'fulltext')
      .map((index) => {
        const model = modelByName.get(index.model)!;
        return `${table(model)} ${index.type} (${index.fields.map((f) => column(model, f.name)).join(', ')})`;
      });
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('has exactly the foreign keys, with their delete rules', async () => {
    const rows = await query<{ table_name: string; columns: string[]; target: string; target_columns: string[]; on_delete: string }>(
      `SELECT src.relname AS table_name, dst.relname AS target, c.confdeltype AS on_delete,
              (SELECT array_agg(attname::text ORDER BY ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.num) AS columns,
              (SELECT array_agg(attname::text ORDER BY ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.num) AS target_columns
         FROM pg_constraint c
         JOIN pg_class src ON src.oid = c.conrelid
         JOIN pg_class dst ON dst.oid = c.confrelid
        WHERE c.contype = 'f'`,
    );
    const actual = rows.map(
      (r) => `${r.table_name}(${r.columns.join(', ')}) -> ${r.target}(${r.target_columns.join(', ')}) on delete ${ON_DELETE[r.on_delete]}`,
    );
    const expected = datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
        .map((f) => {
          const target = modelByName.get(f.type)!;
          const onDelete = f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull');
          return `${table(model)}(${f.relationFromFields!.map((n) => column(model, n)).join(', ')}) -> ${table(target)}(${f.relationToFields!.map((n) => column(target, n)).join(', ')}) on delete ${onDelete}`;
        }),
    );
    expect(actual.sort()).toEqual(expected.sort());
  });
});
