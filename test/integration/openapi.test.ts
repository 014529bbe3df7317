import fs from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ERRORS } from '../../server/src/errors.ts';
import { createApp } from '../../server/src/http/app.ts';
import { API_ROUTES, openapiDocument } from '../../server/src/http/openapi.ts';
import type { RouteSpec } from '../../server/src/http/route-spec.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';

type Layer = { route?: { path: unknown; methods: Record<string, boolean> }; handle: { stack?: Layer[] }; rawPath?: unknown };

/** Every `METHOD /path` the app answers, from its real router stack (mounted routers included). */
function mountedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // The web client's own paths (a pattern that loads the single-page app) are not the API.
        if (typeof layer.route.path !== 'string') continue;
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

const key = (spec: Pick<RouteSpec, 'method' | 'path'>) => `${spec.method.toUpperCase()} ${spec.path}`;
type Operation = { requestBody?: { content: Record<string, { schema: object; example?: unknown }> }; responses: Record<string, { content?: Record<string, { schema: object; example?: unknown }> }> };

describe('the OpenAPI document', () => {
  let server: LiveServer;
  let app: Express;
  const document = openapiDocument();

  beforeAll(async () => {
    server = await startLiveServer();
    // Rooms given, so that the game and review routes are mounted too.
    app = createApp({ db: server.db, rooms: server.rooms, log: () => {} });
  });
  afterAll(() => server.close());

  it('documents every route the app mounts, and no route it does not', () => {
    const mounted = mountedRoutes(app);
    const documented = API_ROUTES.map(key);
    const undocumented = mounted.filter((route) => !documented.includes(route));
    const missing = documented.filter((route) => !mounted.includes(route));
    expect(
      undocumented,
      'mounted but not in /api/openapi.json: describe each in its *-routes.ts table (a RouteSpec) and mount it with on(spec, handler)',
    ).toEqual([]);
    expect(missing, 'documented but not mounted').toEqual([]);
    expect(new Set(mounted).size).toBe(mounted.length);
    // Class, student, game and analytics routes are among them.
    for (const route of ['GET /api/classes/:id/matrix', 'POST /api/student/recover', 'POST /api/games', 'POST /api/classes/:id/review', 'GET /healthz']) {
      expect(mounted).toContain(route);
    }
  });

  it('lists each path once in OpenAPI form, with the same methods', () => {
    const fromDocument = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(fromDocument.sort()).toEqual(API_ROUTES.map(key).sort());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('gives every JSON body a real example that its zod schema and its JSON schema accept', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const accepts = (schema: object, value: unknown) => {
      const validate = ajv.compile({ ...schema, components: document.components });
      return validate(value) ? [] : (validate.errors ?? []);
    };
    let checked = 0;
    for (const spec of API_ROUTES) {
      const operation = (document.paths![spec.path.replace(/:(\w+)/g, '{$1}')] as Record<string, Operation>)[spec.method]!;
      const examples: [string, { schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }; example: unknown }, { schema: object; example?: unknown } | undefined][] = [];
      if (spec.body) examples.push(['request body', spec.body, operation.requestBody?.content['application/json']]);
      for (const [status, reply] of Object.entries(spec.responses)) {
        if (reply.json) examples.push([`${status} answer`, reply.json, operation.responses[status]?.content?.['application/json']]);
      }
      for (const [what, fromSpec, inDocument] of examples) {
        const where = `${key(spec)} ${what}`;
        const parsed = fromSpec.schema.safeParse(fromSpec.example);
        expect(parsed.success, `${where}: ${String(parsed.error)}`).toBe(true);
        expect(inDocument?.example, `${where} has no example in the document`).toBeDefined();
        expect(accepts(inDocument!.schema, inDocument!.example), where).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(API_ROUTES.length);
  });

  it("lists each route's error codes with the status each code always has, from the one list of codes", () => {
    const codes = document.components?.schemas?.ErrorCode as { enum: string[] };
    expect(codes.enum).toEqual(Object.keys(HTTP_ERRORS));
    const quizById = document.paths!['/api/quizzes/{id}']!.get!.responses as Record<string, { content: Record<string, { schema: { properties: { error: { properties: { code: { enum: string[] } } } } } }> }>;
    const codeAt = (status: string) => quizById[status]!.content['application/json']!.schema.properties.error.properties.code.enum;
    expect(codeAt('404')).toEqual(['QUIZ_NOT_FOUND']);
    expect(codeAt('403')).toEqual(['FORBIDDEN']);
    expect(codeAt('401')).toEqual(['UNAUTHENTICATED']);
    expect(codeAt('503')).toEqual(['STORAGE_UNAVAILABLE']);
    for (const item of Object.values(document.paths!)) {
      for (const op of Object.values(item as Record<string, Operation>)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          const schema = response.content?.['application/json']?.schema as { properties?: { error?: { properties: { code: { enum: (keyof typeof HTTP_ERRORS)[] } } } } };
          for (const code of schema.properties?.error?.properties.code.enum ?? []) expect(HTTP_ERRORS[code].status, code).toBe(Number(status));
        }
      }
    }
  });

  it('documents the instructor session cookie and the student token, and which routes need them', () => {
    expect(document.components?.securitySchemes).toMatchObject({
      instructorSession: { type: 'apiKey', in: 'cookie', name: 'quiz_session' },
      studentToken: { type: 'http', scheme: 'bearer' },
    });
    expect(document.paths!['/api/quizzes']!.get!.security).toEqual([{ instructorSession: [] }]);
    expect(document.paths!['/api/student/progress']!.get!.security).toEqual([{ studentToken: [] }]);
    expect(document.paths!['/api/auth/login']!.post!.security).toEqual([]);
    expect(document.info.description).toContain('CROSS_SITE_REQUEST');
  });

  it('refuses every instructor, admin and student route without its credentials, as documented', async () => {
    const refusals = { instructor: 'UNAUTHENTICATED', admin: 'UNAUTHENTICATED', student: 'STUDENT_UNKNOWN' } as const;
    for (const spec of API_ROUTES) {
      if (spec.caller === 'anyone') continue;
      const path = spec.path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(app)[spec.method](path).send(spec.body ? (spec.body.example as object) : undefined);
      expect(res.status, key(spec)).toBe(401);
      expect(res.body.error.code, key(spec)).toBe(refusals[spec.caller]);
    }
  });

  it('is served at /api/openapi.json to anyone, cacheable with an ETag', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(document)));
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    await request(app).get('/api/openapi.json').set('If-None-Match', etag).expect(304);
  });

  it("matches the README's table of error codes", () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('### Error codes');
    const table = readme.slice(start, readme.indexOf('\n#', start + 1));
    const rows = [...table.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]);
    expect(rows).toEqual(Object.entries(HTTP_ERRORS).map(([code, { status }]) => [code, status]));
  });
});
