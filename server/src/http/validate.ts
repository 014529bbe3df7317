import type { z } from 'zod';

/** Parses a request part with its schema; a ZodError becomes a 400 in the error middleware. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  return schema.parse(value);
}
