import type { z } from 'zod';
import { AppError } from './errors.ts';

type Path = (string | number)[];

/** A place in a value as a chain back to the root, so that nesting costs no copies. */
type Trail = { key: string | number; up: Trail } | null;

function pathOf(trail: Trail): Path {
  const path: Path = [];
  for (let at = trail; at; at = at.up) path.push(at.key);
  return path.reverse();
}

/**
 * Where the first string holding a NUL character is in a parsed JSON body or query, if any.
 * Walked with a stack of its own: a body may nest deeper than the call stack goes.
 */
export function nulAt(value: unknown): Path | null {
  const pending: [unknown, Trail][] = [[value, null]];
  while (pending.length) {
    const [current, trail] = pending.pop()!;
    if (trail && typeof trail.key === 'string' && trail.key.includes('\u0000')) return pathOf(trail);
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return pathOf(trail);
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    // Pushed last to first, so that the first entry is looked at first.
    const entries = Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i]!;
      pending.push([inner, { key: Array.isArray(current) ? Number(key) : key, up: trail }]);
    }
  }
  return null;
}

/**
 * Parses a request part with its schema; a ZodError becomes a 400 in the error middleware.
 * Text with a NUL character is refused first, whatever the schema: PostgreSQL cannot store it.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const nul = nulAt(value);
  if (nul) {
    const where = nul.length > 6 ? `${nul.slice(0, 6).join('.')}…` : nul.join('.');
    throw new AppError(400, 'VALIDATION_FAILED', `${where ? `${where}: ` : ''}text must not contain NUL (\\u0000) characters.`);
  }
  return schema.parse(value);
}
