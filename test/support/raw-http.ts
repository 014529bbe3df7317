import http from 'node:http';

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

/** Every error code of the HTTP API and the status it always comes with. */
export const HTTP_ERROR_STATUS: Record<string, number | 'any4xx'> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  BAD_REQUEST: 'any4xx',
  IMPORT_INVALID: 400,
  NOTHING_MISSED: 400,
  NOT_ENOUGH_QUESTIONS: 400,
  UNKNOWN_QUESTIONS: 400,
  UNKNOWN_TOPICS: 400,
  WRONG_PASSWORD: 400,
  OWN_ACCOUNT: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  CROSS_SITE_REQUEST: 403,
  FORBIDDEN: 403,
  QUESTION_READ_ONLY: 403,
  REGISTRATION_CLOSED: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  DOMAIN_NOT_FOUND: 404,
  GAME_NOT_FOUND: 404,
  QUESTION_NOT_FOUND: 404,
  QUIZ_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  INSTRUCTOR_NOT_FOUND: 404,
  LINK_INVALID: 404,
  ALREADY_SET_UP: 409,
  EMAIL_TAKEN: 409,
  QUIZ_CHANGED: 409,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  TOO_MANY_ATTEMPTS: 429,
  STORAGE_UNAVAILABLE: 503,
};
