import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * How the server's folders may depend on each other: transport (http/, realtime/) -> use cases
 * (analytics/, assignments/, auth/, banks/, classes/, games/, quizzes/) -> rooms/ -> the engine (game/), with the
 * database (db/) and shared leaves (protocol.ts, roster-digest.ts, errors.ts, storage-outage.ts, validation.ts, config.ts, network/)
 * below. main.ts wires everything and is left out.
 */
const SRC = path.resolve(import.meta.dirname, '../../server/src');

const LAYER = {
  transport: ['http', 'realtime'],
  services: ['analytics', 'assignments', 'auth', 'banks', 'classes', 'games', 'quizzes'],
  rooms: ['rooms'],
  engine: ['game'],
  leaves: ['db', 'generated', 'network', 'protocol.ts', 'roster-digest.ts', 'errors.ts', 'validation.ts', 'config.ts', 'storage-outage.ts', 'project-root.ts'],
};
/** What each folder may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  http: [...LAYER.services, ...LAYER.rooms, ...LAYER.engine, ...LAYER.leaves],
  realtime: [...LAYER.services, ...LAYER.rooms, ...LAYER.engine, ...LAYER.leaves],
  ...Object.fromEntries(LAYER.services.map((s) => [s, [...LAYER.services, ...LAYER.rooms, ...LAYER.engine, ...LAYER.leaves]])),
  rooms: [...LAYER.engine, 'protocol.ts'],
  game: [],
  'protocol.ts': ['game', 'roster-digest.ts'],
  'roster-digest.ts': [],
  'validation.ts': ['errors.ts'],
  db: ['generated', 'config.ts', 'project-root.ts'],
  network: [],
  'errors.ts': [],
  'storage-outage.ts': [],
  'config.ts': [],
  'project-root.ts': [],
};

function unitOf(file: string): string {
  const rel = path.relative(SRC, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : rel;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Folder -> folders it imports (type imports included: they are dependencies of the design too). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = unitOf(file);
    if (from === 'main.ts') continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), spec!);
      if (!target.startsWith(SRC)) continue;
      const to = unitOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const visit = (node: string, trail: string[]) => {
    if (trail.includes(node)) return found.push([...trail.slice(trail.indexOf(node)), node]);
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return found;
}

describe('the server layers', () => {
  const graph = folderGraph();

  it('have no import cycle between folders', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('import one way: transport -> use cases -> rooms -> engine, with the database and leaves below', () => {
    const wrong = [...graph].flatMap(([from, to]) => [...to].filter((target) => !(MAY_IMPORT[from] ?? []).includes(target)).map((target) => `${from} -> ${target}`));
    expect(wrong).toEqual([]);
  });

  it('keep Prisma out of the route handlers and the rooms', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => ['http', 'rooms', 'realtime', 'game'].includes(unitOf(file)))
      .filter((file) => /\bdb\.(\w+)\.(find|create|update|delete|upsert|count|aggregate|groupBy)|\$queryRaw|\$executeRaw/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
