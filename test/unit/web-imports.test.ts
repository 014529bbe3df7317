import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web client reads the server's types, never its code: every import of a server module is
 * `import type`, never of the engine (game/), and never of a module that reaches the database
 * (Prisma's generated client or db/), directly or through the modules it imports. The one
 * exception is a leaf module, which imports nothing: a pure function both sides must compute
 * alike (the roster digest) is written once.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB = path.join(ROOT, 'web/src');
const SERVER = path.join(ROOT, 'server/src');

const IMPORT = /^\s*import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm;
const EXPORT_FROM = /^\s*export\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|svelte)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function importsOf(file: string): { typeOnly: boolean; target: string }[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(IMPORT), ...source.matchAll(EXPORT_FROM)]
    .filter((match) => match[2]!.startsWith('.'))
    .map((match) => ({ typeOnly: !!match[1], target: path.resolve(path.dirname(file), match[2]!) }));
}

/** Every server module `file` reaches through its relative imports, itself included. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const { target } of importsOf(file)) if (target.startsWith(SERVER)) reach(target, seen);
  return seen;
}

describe('what the web client imports from the server', () => {
  const serverImports = filesUnder(WEB).flatMap((file) =>
    importsOf(file)
      .filter(({ target }) => target.startsWith(SERVER))
      .map((imported) => ({ file: path.relative(ROOT, file), ...imported, module: path.relative(SERVER, imported.target) })),
  );

  it('finds the imports it checks', () => {
    expect(serverImports.map((i) => i.module)).toContain('protocol.ts');
  });

  it('imports types only, and nothing from the engine', () => {
    for (const imported of serverImports) {
      const leaf = importsOf(imported.target).length === 0 && !/^\s*import\s/m.test(fs.readFileSync(imported.target, 'utf8'));
      expect(imported.typeOnly || leaf, `${imported.file} imports ${imported.module} as code`).toBe(true);
      expect(imported.module.startsWith('game/'), `${imported.file} imports the engine (${imported.module})`).toBe(false);
    }
  });

  it('never reaches a module that touches the database', () => {
    for (const imported of serverImports) {
      const reached = [...reach(imported.target)].map((file) => path.relative(SERVER, file));
      const database = reached.filter((module) => module.startsWith('generated/') || module.startsWith('db/'));
      expect(database, `${imported.file} reaches the database through ${imported.module}`).toEqual([]);
    }
  });
});
