import crypto from 'node:crypto';
import fs from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { APP_ERROR_CODES, HTTP_ERRORS, type AppErrorCode } from '../errors.ts';
import { adminApi } from './admin-routes.ts';
import { analyticsApi } from './analytics-routes.ts';
import { assignmentApi } from './assignment-routes.ts';
import { authApi } from './auth-routes.ts';
import { bankApi } from './bank-routes.ts';
import { classApi } from './class-routes.ts';
import { gameApi } from './game-routes.ts';
import { healthApi } from './health.ts';
import { quizApi } from './quiz-routes.ts';
import { mount, type RouteSpec } from './route-spec.ts';
import { studentAssignmentApi } from './student-assignment-routes.ts';
import { studentApi } from './student-routes.ts';

export const openapiApi = {
  document: {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document: every route, its inputs, answers and error codes (OpenAPI 3.1)',
    caller: 'anyone',
    responses: {
      200: { description: 'The OpenAPI document; cacheable, with an `ETag`.', json: { schema: z.looseObject({ openapi: z.literal('3.1.0') }), example: { openapi: '3.1.0' } } },
      304: { description: 'Unchanged since the `ETag` sent in `If-None-Match`; no body.' },
    },
  },
} satisfies Record<string, RouteSpec>;

/** Every documented route: a new *-routes.ts module adds its table here. */
export const API_ROUTES: RouteSpec[] = [
  healthApi,
  authApi,
  adminApi,
  bankApi,
  quizApi,
  gameApi,
  analyticsApi,
  classApi,
  assignmentApi,
  studentApi,
  studentAssignmentApi,
  openapiApi,
].flatMap(
  (table): RouteSpec[] => Object.values(table),
);

const INFO_DESCRIPTION = `The HTTP API of the live classroom quiz server (the live game itself runs over Socket.IO: docs/protocol.md).

Every error answers \`{"error": {"code", "message", "details"?}}\` with a stable code, always with the same status (\`ErrorCode\` lists them all). Besides the codes each route lists, any request may meet \`BAD_REQUEST\`, \`REQUEST_TIMEOUT\`, \`HEADERS_TOO_LARGE\`, \`PAYLOAD_TOO_LARGE\` and \`INVALID_JSON\` (a JSON body is read on every route), \`NOT_FOUND\` for a path no route has, and \`INTERNAL\` for a fault of the server.

Instructors sign in with \`POST /api/auth/login\`, which sets the \`${SESSION_COOKIE}\` cookie (httpOnly, SameSite=Lax). There is no CSRF token: a write (POST, PUT, PATCH, DELETE) whose \`Origin\` header names another site, or that comes with \`Sec-Fetch-Site: cross-site\` and no \`Origin\`, is refused 403 \`CROSS_SITE_REQUEST\`; clients that are not browsers send no \`Origin\` and are not affected. Students hold a student token from a class link or a recovery code and send it as \`Authorization: Bearer <token>\`.`;

/** The codes any request may meet besides its route's own, as the document's description says. */
export const ANY_REQUEST_CODES = ['BAD_REQUEST', 'REQUEST_TIMEOUT', 'HEADERS_TOO_LARGE', 'PAYLOAD_TOO_LARGE', 'INVALID_JSON', 'NOT_FOUND', 'INTERNAL'] as const satisfies readonly AppErrorCode[];

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const pathNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
/** The example as JSON carries it: dates as ISO strings. */
const onTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const SECURITY: Record<RouteSpec['caller'], ZodOpenApiOperationObject['security']> = {
  anyone: [],
  instructor: [{ instructorSession: [] }],
  admin: [{ instructorSession: [] }],
  student: [{ studentToken: [] }],
};

/** The codes a route can answer with: its own, and those that follow from its caller and inputs. */
export function errorCodesOf(spec: RouteSpec): AppErrorCode[] {
  const codes = new Set<AppErrorCode>(spec.errors);
  if (spec.caller === 'instructor' || spec.caller === 'admin') codes.add('UNAUTHENTICATED');
  if (spec.caller === 'admin') codes.add('FORBIDDEN');
  if (spec.caller === 'student') codes.add('STUDENT_UNKNOWN');
  if (spec.body) {
    // The JSON body is read before the route runs.
    codes.add('INVALID_JSON').add('PAYLOAD_TOO_LARGE');
    if (spec.bodyRefusal) codes.add(spec.bodyRefusal);
  }
  if ((spec.body && !spec.bodyRefusal) || spec.query || spec.params) codes.add('VALIDATION_FAILED');
  if (spec.path.startsWith('/api/')) {
    // Every /api request reads the session (storage), and every write is checked for its origin.
    codes.add('STORAGE_UNAVAILABLE');
    if (spec.method !== 'get') codes.add('CROSS_SITE_REQUEST');
  }
  return APP_ERROR_CODES.filter((code) => codes.has(code));
}

const retryAfter = z.int().min(1).meta({ description: 'Seconds to wait before trying again.' });

const errorCode = z.enum(APP_ERROR_CODES as [AppErrorCode, ...AppErrorCode[]]).meta({ id: 'ErrorCode', description: 'Every error code of the HTTP API.' });
/** Every error answer; each route's error responses narrow `error.code` to the codes it can give. */
const errorBody = z
  .object({
    error: z.object({
      code: errorCode,
      message: z.string().meta({ description: 'For a person to read; may change.' }),
      details: z.unknown().optional().meta({ description: 'The problems, for VALIDATION_FAILED, IMPORT_INVALID and UNKNOWN_QUESTIONS.' }),
    }),
  })
  .meta({ id: 'Error' });

/**
 * The error answer of one set of codes (all of one status), as a shared response component named
 * after them: routes that refuse with the same codes point at the same component.
 */
const errorResponses = new Map<string, ZodOpenApiResponseObject>();
function errorResponse(codes: AppErrorCode[]): ZodOpenApiResponseObject {
  const id = codes.join('.');
  const known = errorResponses.get(id);
  if (known) return known;
  const status = HTTP_ERRORS[codes[0]!].status;
  const response: ZodOpenApiResponseObject = {
    id,
    description: codes.map((code) => `\`${code}\`: ${HTTP_ERRORS[code].meaning}`).join('; '),
    ...(status === 429 || status === 503 ? { headers: z.object({ 'Retry-After': retryAfter }) } : {}),
    content: {
      'application/json': {
        schema: { allOf: [{ $ref: '#/components/schemas/Error' }, { properties: { error: { properties: { code: { enum: codes } } } } }] },
      },
    },
  };
  errorResponses.set(id, response);
  return response;
}

function operation(spec: RouteSpec): ZodOpenApiOperationObject {
  const names = pathNames(spec.path);
  const params = spec.params ?? z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
  const declared = Object.keys(params.shape);
  if (declared.join() !== names.join()) throw new Error(`${spec.method} ${spec.path}: params ${declared.join(', ')} are not its path's ${names.join(', ')}`);

  const responses: ZodOpenApiOperationObject['responses'] = {};
  for (const [status, reply] of Object.entries(spec.responses)) {
    const content: NonNullable<ZodOpenApiResponseObject['content']> = {};
    if (reply.json) content['application/json'] = { schema: reply.json.schema, example: onTheWire(reply.json.example) };
    if (reply.csv) content['text/csv'] = { schema: z.string() };
    responses[status as `2${string}`] = {
      description: reply.description,
      ...(reply.download ? { headers: z.object({ 'Content-Disposition': z.string().meta({ description: 'attachment, with a file name' }) }) } : {}),
      ...(Object.keys(content).length ? { content } : {}),
    };
  }
  const byStatus = new Map<number, AppErrorCode[]>();
  for (const code of errorCodesOf(spec)) byStatus.set(HTTP_ERRORS[code].status, [...(byStatus.get(HTTP_ERRORS[code].status) ?? []), code]);
  for (const [status, codes] of byStatus) responses[String(status) as `4${string}`] = errorResponse(codes);

  return {
    operationId: `${spec.method}${spec.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.path.split('/')[spec.path.startsWith('/api/') ? 2 : 1]!],
    security: SECURITY[spec.caller],
    requestParams: { ...(names.length ? { path: params } : {}), ...(spec.query ? { query: spec.query } : {}) },
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body.schema, example: onTheWire(spec.body.example) } } } } : {}),
    responses,
  };
}

const PACKAGE = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

/** The OpenAPI 3.1 document of every route in API_ROUTES, from the zod schemas the routes validate with. */
export function openapiDocument(routes: RouteSpec[] = API_ROUTES) {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const spec of routes) {
    const item = (paths[toOpenApiPath(spec.path)] ??= {});
    if (item[spec.method]) throw new Error(`${spec.method} ${spec.path} is described twice`);
    item[spec.method] = operation(spec);
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: PACKAGE.description, version: PACKAGE.version, description: INFO_DESCRIPTION },
      paths,
      components: {
        schemas: { Error: errorBody },
        securitySchemes: {
          instructorSession: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'Set by sign-in, setup and link use; writes must come from this server\'s own pages or a client that sends no cross-site `Origin` (403 `CROSS_SITE_REQUEST`).',
          },
          studentToken: { type: 'http', scheme: 'bearer', description: 'The token of `POST /api/student/invite/{token}/join` or `POST /api/student/recover`.' },
        },
      },
    },
    {
      // Dates leave the server as JSON: ISO 8601 strings.
      override: ({ jsonSchema, zodSchema, io }) => {
        if (zodSchema._zod.def.type === 'date' && io === 'output') {
          jsonSchema.type = 'string';
          jsonSchema.format = 'date-time';
        }
      },
    },
  );
}

/** `GET /api/openapi.json`, built once; the ETag lets clients keep it until the server changes. */
export function openapiRoutes(): Router {
  const router = Router();
  let body: string | undefined;
  let etag = '';
  mount(router)(openapiApi.document, (_req, res) => {
    if (!body) {
      body = JSON.stringify(openapiDocument());
      etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    }
    res.set({ 'Cache-Control': 'public, max-age=300', ETag: etag }).type('application/json').send(body);
  });
  return router;
}
