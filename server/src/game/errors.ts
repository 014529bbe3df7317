import type { ErrorCode, Result } from './types.ts';

/** A refused command: the state is left as it was. */
export function fail(code: ErrorCode, message: string): Result {
  return { ok: false, error: { code, message } };
}
