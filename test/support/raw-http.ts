import http from 'node:http';
import { HTTP_ERRORS } from '../../server/src/errors.ts';
import { ANY_REQUEST_CODES, API_ROUTES, errorCodesOf } from '../../server/src/http/openapi.ts';

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string; json: any };

/**
 * One HTTP request sent exactly as given: the path is not normalised or re-encoded (so `..`,
 * `%zz` and friends reach the server), the body and headers are whatever the caller says.
 */
export function rawRequest(
  baseUrl: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  // Node sends a GET/DELETE body without framing unless told its length.
  const length = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method: options.method, path: options.path, headers: { connection: 'close', ...length, ...options.headers }, insecureHTTPParser: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${options.method} ${options.path}`)));
    req.on('error', reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/** Every error code of the HTTP API and the status it always comes with (BAD_REQUEST: the parser's 4xx). */
export const HTTP_ERROR_STATUS: Record<string, number | 'any4xx'> = Object.fromEntries(
  Object.entries(HTTP_ERRORS).map(([code, { status }]) => [code, code === 'BAD_REQUEST' ? 'any4xx' : status]),
);

/** Each documented route with the pattern Express matches its path with (any case, a trailing slash allowed). */
const PATTERNS = API_ROUTES.map((spec) => ({ spec, pattern: new RegExp(`^${spec.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`, 'i') }));

/**
 * The codes the OpenAPI document allows for a raw request line: those of every documented route
 * its method and path match, and those any request may meet; null when no documented route
 * matches (a path nobody serves can still meet a router's sign-in check before its 404).
 */
export function documentedCodes(method: string, rawPath: string): Set<string> | null {
  const path = rawPath.split('?')[0]!;
  const routes = PATTERNS.filter(({ spec, pattern }) => spec.method === method.toLowerCase() && pattern.test(path)).map(({ spec }) => spec);
  return routes.length ? new Set([...ANY_REQUEST_CODES, ...routes.flatMap(errorCodesOf)]) : null;
}
