import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../errors.ts';
import { errorSummary, isStorageOutage } from '../storage-outage.ts';


export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'NOT_FOUND', `No route for ${req.method} ${req.originalUrl.split('?')[0]}`));
};

/** The one place that turns any error into `{ error: { code, message } }`. */
export function errorHandler(log: (error: unknown) => void = console.error): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, body } = toResponse(error);
    if (status === 503) {
      // An outage fails every request alike: one line each, not a stack.
      log(`storage unavailable: ${req.method} ${req.originalUrl.split('?')[0]}: ${errorSummary(error)}`);
      res.set('Retry-After', String(STORAGE_RETRY_AFTER_SEC));
    } else if (status >= 500) log(error);
    res.status(status).json({ error: body });
  };
}

function toResponse(error: unknown): { status: number; body: { code: string; message: string; details?: unknown } } {
  if (error instanceof AppError) {
    return { status: error.status, body: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: describeIssues(details), details } };
  }
  // Errors raised by express's body parser carry a `type` and a `status`.
  const parserError = error as { type?: string; status?: number };
  if (parserError.type === 'entity.too.large') {
    return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' } };
  }
  if (parserError.type === 'entity.parse.failed') {
    return { status: 400, body: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' } };
  }
  if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
    return { status: parserError.status, body: { code: 'BAD_REQUEST', message: 'The request could not be read.' } };
  }
  if (isUnstorableText(error)) {
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'Text must not contain NUL (\\u0000) characters.' } };
  }
  if (isStorageOutage(error)) return { status: 503, body: STORAGE_UNAVAILABLE };
  return { status: 500, body: { code: 'INTERNAL', message: 'Something went wrong on the server.' } };
}

/** What a request gets while PostgreSQL or Redis does not answer: nothing was done, try again soon. */
export const STORAGE_UNAVAILABLE = { code: 'STORAGE_UNAVAILABLE', message: 'The server cannot reach its storage right now. Try again in a moment.' };
const STORAGE_RETRY_AFTER_SEC = 5;

/**
 * PostgreSQL refuses text containing a NUL character (SQLSTATE 22021), in a value to store or to
 * compare with: that is the request's fault, not the server's. Prisma reports it with the
 * driver's error under `meta.driverAdapterError.cause`.
 */
function isUnstorableText(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { code?: unknown } } } } | null)?.meta;
  return meta?.driverAdapterError?.cause?.code === '22021';
}

function describeIssues(details: { field: string; message: string }[]): string {
  const first = details[0];
  if (!first) return 'The request is not valid.';
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return `${first.field || 'request'}: ${first.message}${more}`;
}
