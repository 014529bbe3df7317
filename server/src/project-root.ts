import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's folder: the nearest one above this module that holds package.json. The same from
 * the TypeScript sources (server/src/) and from the build (dist/server/src/main.js, one file), so
 * the data beside the code (web/dist, prisma/migrations, seed/) is found either way.
 */
export const PROJECT_ROOT = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
