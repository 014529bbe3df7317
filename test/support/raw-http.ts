import http from 'node:http';
import { HTTP_ERRORS } from '../../server/src/errors.ts';

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
