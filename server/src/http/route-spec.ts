import type { RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { AppErrorCode } from '../errors.ts';

/**
 * A route as the HTTP API documents it. Each *-routes.ts module keeps a table of these next to
 * its handlers and mounts every handler through `mount` (method and path come from the table, and
 * the handler parses its input with the table's schemas); http/openapi.ts turns all the tables
 * into the OpenAPI document. A route mounted any other way is not documented, and a test says so.
 */
export type RouteSpec = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The full path as Express writes it: `/api/quizzes/:id`. */
  path: string;
  summary: string;
  description?: string;
  caller: Caller;
  /**
   * Path parameters, checked by the handler (400 VALIDATION_FAILED naming the parameter); without
   * it each `:name` is any text and nothing refuses it.
   */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: Example;
  /**
   * The code a body that does not fit gets, when the use case checks it instead of the edge (a
   * bank file is checked row by row and every problem listed); without it, VALIDATION_FAILED.
   */
  bodyRefusal?: AppErrorCode;
  responses: Record<number, Reply>;
  /** The codes this route refuses with, besides those of its caller and inputs (added by openapi.ts). */
  errors?: readonly AppErrorCode[];
};

/**
 * Who may call a route: anyone, a signed-in instructor (the session cookie), the admin, or a
 * class member (`Authorization: Bearer <student token>`).
 */
export type Caller = 'anyone' | 'instructor' | 'admin' | 'student';

/** A schema with a real value of it; the value is checked against the schema by a test. */
export type Example = { schema: z.ZodType; example: unknown };

export type Reply = {
  description: string;
  /** A JSON body. */
  json?: Example;
  /** A CSV spreadsheet instead of JSON (the `format=csv` answers). */
  csv?: boolean;
  /** A file to save (`Content-Disposition: attachment`). */
  download?: boolean;
};

/** A JSON body of `schema` with a typed example (dates as `Date`: the document holds their JSON). */
export const json = <S extends z.ZodType>(schema: S, example: z.input<S>) => ({ schema, example });

export const API_BASE = '/api';

/** Mounts handlers on a router that is used at `base`: `on(spec, ...handlers)` registers spec.method spec.path. */
export function mount(router: Router, base = API_BASE) {
  return (spec: RouteSpec, ...handlers: RequestHandler[]) => {
    if (!spec.path.startsWith(base)) throw new Error(`${spec.path} is not under ${base}`);
    router[spec.method](spec.path.slice(base.length) || '/', ...handlers);
  };
}
