import type { z } from 'zod';
import { HttpError } from './errors.ts';

type Path = (string | number)[];

/** Where the first string holding a NUL character is in a parsed JSON body or query, if any. */
export function nulAt(value: unknown, path: Path = []): Path | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    if (key.includes('\u0000')) return at;
    const found = nulAt(inner, at);
    if (found) return found;
  }
  return null;
}

/**
 * Parses a request part with its schema; a ZodError becomes a 400 in the error middleware.
 * Text with a NUL character is refused first, whatever the schema: PostgreSQL cannot store it.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const nul = nulAt(value);
  if (nul) throw new HttpError(400, 'VALIDATION_FAILED', `${nul.length ? `${nul.join('.')}: ` : ''}text must not contain NUL (\\u0000) characters.`);
  return schema.parse(value);
}
