import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Raw SQL takes values as parameters only. Scans the server's TypeScript (server/src, without
 * Prisma's generated client, and seed/) and fails on:
 *  - `$queryRawUnsafe` / `$executeRawUnsafe` and `Prisma.raw(…)` (string SQL, no parameters);
 *  - SQL built by concatenation (`'SELECT … ' + x`) or by an untagged template literal with
 *    `${…}` in it, unless every interpolation is `escapeIdentifier(…)` / `escapeLiteral(…)`
 *    (identifiers in DDL such as CREATE DATABASE cannot be parameters).
 * Tagged templates (`$queryRaw\`…${x}\``, `Prisma.sql\`…\``) send `${…}` as parameters: allowed.
 * So is `$queryRaw(fragment)`: its type only takes a template or a Prisma.Sql, and the only way to
 * put text into a Prisma.Sql, Prisma.raw, is refused.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['server/src', 'seed'];
const SKIPPED = [path.join('server', 'src', 'generated')];
const SQL = /\b(SELECT|INSERT\s+INTO|UPDATE\s+"?\w+|DELETE\s+FROM|CREATE\s+(TABLE|DATABASE|INDEX|ROLE|USER)|DROP\s+(TABLE|DATABASE|INDEX)|ALTER\s+(TABLE|DATABASE|ROLE)|TRUNCATE|GRANT)\b|\bWHERE\b|\bVALUES\s*\(/;
const UNSAFE_MEMBERS = new Set(['$queryRawUnsafe', '$executeRawUnsafe']);
const ESCAPES = new Set(['escapeIdentifier', 'escapeLiteral']);

export type Finding = { file: string; line: number; rule: string; text: string };

export function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, rule: string) =>
    findings.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, rule, text: node.getText().slice(0, 120) });
  const literalText = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => s.literal.text).join(' ');
    return undefined;
  };
  const isEscape = (expr: ts.Expression) => {
    if (!ts.isCallExpression(expr)) return false;
    const callee = expr.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    return ESCAPES.has(name);
  };

  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : '';
      if (UNSAFE_MEMBERS.has(name)) report(node, `${name} takes SQL as a string`);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee)) {
        if (callee.name.text === 'raw' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Prisma') report(node, 'Prisma.raw inserts text into SQL');
      }
    }
    if (ts.isTemplateExpression(node) && !ts.isTaggedTemplateExpression(node.parent)) {
      const text = literalText(node)!;
      if (SQL.test(text) && node.templateSpans.some((span) => !isEscape(span.expression))) report(node, 'SQL built with a template literal');
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const sides = [node.left, node.right].map(literalText);
      if (sides.some((text) => text !== undefined && SQL.test(text))) report(node, 'SQL built by concatenation');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (SKIPPED.some((skip) => rel.startsWith(skip))) continue;
      if (entry.isDirectory()) walk(rel);
      else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) files.push(rel);
    }
  };
  for (const dir of SCANNED) walk(dir);
  return files;
}

describe('raw SQL uses parameters only', () => {
  it('finds no unsafe raw SQL in server/src and seed/', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(30);
    expect(files.some((f) => f.endsWith(path.join('http', 'health.ts')))).toBe(true);
    const findings = files.flatMap((file) => scanSource(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(findings).toEqual([]);
  });

  it('does use raw SQL, as tagged templates (so the scan has something to look at)', () => {
    const tagged = sourceFiles().filter((file) => /\$(queryRaw|executeRaw)`/.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(tagged.length).toBeGreaterThan(2);
  });

  it.each([
    ['db.$queryRawUnsafe(`SELECT * FROM "Player" WHERE id = $1`, id)', '$queryRawUnsafe takes SQL as a string'],
    ["db.$executeRawUnsafe('DELETE FROM \"Answer\"')", '$executeRawUnsafe takes SQL as a string'],
    ["db['$queryRawUnsafe']('SELECT 1')", '$queryRawUnsafe takes SQL as a string'],
    ['db.$queryRaw(Prisma.raw(text))', 'Prisma.raw inserts text into SQL'],
    ['db.$queryRaw`SELECT ${Prisma.raw(column)} FROM "Question"`', 'Prisma.raw inserts text into SQL'],
    ['client.query(`SELECT * FROM "Question" WHERE id = \'${id}\'`)', 'SQL built with a template literal'],
    ["client.query('SELECT * FROM \"Question\" WHERE id = ' + id)", 'SQL built by concatenation'],
    ["const q = \"DELETE FROM \\\"Quiz\\\" WHERE id = '\" + id + \"'\";", 'SQL built by concatenation'],
    ['const q = `UPDATE "Player" SET score = ${score}`;', 'SQL built with a template literal'],
  ])('flags %s', (code, rule) => {
    expect(scanSource('fixture.ts', code).map((f) => f.rule)).toContain(rule);
  });

  it.each([
    'db.$queryRaw`SELECT * FROM "Question" WHERE id = ${id}`',
    'tx.$executeRaw`UPDATE "Player" SET score = ${score} WHERE id = ${id}`',
    'const where = Prisma.sql`WHERE "instructorId" = ${id}::uuid`',
    'db.$queryRaw<Row[]>(topicMasterySql(instructorId, period, 3))',
    "client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])",
    'client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)',
    'throw new Error(`Cannot select ${name}: not found`)',
  ])('allows %s', (code) => {
    expect(scanSource('fixture.ts', code)).toEqual([]);
  });
});
