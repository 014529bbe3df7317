import fs from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RECOVERY_CODE_PATTERN, newRecoveryCode, recoveryCodeHashes } from '../../server/src/classes/student-secrets.ts';
import { HTTP_ERRORS } from '../../server/src/errors.ts';
import { createApp } from '../../server/src/http/app.ts';
import { ANY_REQUEST_CODES, API_ROUTES, errorCodesOf } from '../../server/src/http/openapi.ts';
import type { RouteSpec } from '../../server/src/http/route-spec.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';
import { document, operationOf, responseOf, schemaErrors, type Operation } from '../support/openapi.ts';

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

/** The codes a route's error answer allows: the shared Error schema narrowed to them. */
function codesAt(operation: Operation, status: string): string[] {
  const schema = responseOf(operation, status)?.content?.['application/json']?.schema as { allOf: [{ $ref: string }, { properties: { error: { properties: { code: { enum: string[] } } } } }] };
  expect(schema.allOf[0].$ref).toBe('#/components/schemas/Error');
  return schema.allOf[1].properties.error.properties.code.enum;
}

describe('the OpenAPI document', () => {
  let server: LiveServer;
  let app: Express;

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
    let checked = 0;
    for (const spec of API_ROUTES) {
      const operation = operationOf(spec.method, spec.path);
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
        expect(schemaErrors(inDocument!.schema, inDocument!.example), where).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(API_ROUTES.length);
  });

  it("lists each route's error codes with the status each code always has, from the one list of codes", () => {
    const codes = document.components?.schemas?.ErrorCode as { enum: string[] };
    expect(codes.enum).toEqual(Object.keys(HTTP_ERRORS));
    expect(document.components?.schemas?.Error).toMatchObject({ properties: { error: { properties: { code: { $ref: '#/components/schemas/ErrorCode' } } } } });
    const quizById = operationOf('get', '/api/quizzes/:id');
    expect(codesAt(quizById, '404')).toEqual(['QUIZ_NOT_FOUND']);
    expect(codesAt(quizById, '403')).toEqual(['FORBIDDEN']);
    expect(codesAt(quizById, '401')).toEqual(['UNAUTHENTICATED']);
    expect(codesAt(quizById, '503')).toEqual(['STORAGE_UNAVAILABLE']);
    expect(codesAt(operationOf('delete', '/api/classes/:id/members/:memberId'), '404')).toEqual(['CLASS_NOT_FOUND', 'MEMBER_NOT_FOUND']);
    for (const spec of API_ROUTES) {
      const operation = operationOf(spec.method, spec.path);
      const documented = Object.keys(operation.responses).filter((status) => Number(status) >= 400 && !(status in spec.responses)).flatMap((status) => {
        const allowed = codesAt(operation, status);
        for (const code of allowed) expect(HTTP_ERRORS[code as keyof typeof HTTP_ERRORS].status, `${key(spec)} ${code}`).toBe(Number(status));
        expect(operation.responses[status]!.$ref, `${key(spec)} ${status} is a shared error response`).toMatch(/^#\/components\/responses\//);
        return allowed;
      });
      expect(documented.sort(), key(spec)).toEqual(errorCodesOf(spec).sort());
    }
    // Each shared error response accepts an error answer with exactly its codes.
    for (const [name, response] of Object.entries(document.components?.responses ?? {})) {
      const schema = (response as Operation['responses'][string]).content!['application/json']!.schema;
      const accepted = Object.keys(HTTP_ERRORS).filter((code) => schemaErrors(schema, { error: { code, message: 'For a person.' } }).length === 0);
      expect(accepted.join('.'), name).toBe(name);
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
    for (const code of ANY_REQUEST_CODES) expect(document.info.description).toContain(`\`${code}\``);
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

  it('answers a malformed path parameter on every route that has one with exactly a code it documents for that status', async () => {
    type Parameter = { in: string; name: string; schema: object };
    const admin = await server.instructor();
    let studentToken: string | undefined;
    const asStudent = async () => {
      if (studentToken) return studentToken;
      const created = await admin.agent.post('/api/classes').send({ name: 'Malformed parameters' }).expect(201);
      const invite = String(created.body.inviteUrl).split('/c/')[1];
      return (studentToken = (await request(server.url).post(`/api/student/invite/${invite}/join`).send({ name: 'Pat' }).expect(201)).body.token as string);
    };
    // Text that no id, token or name of the API looks like; each parameter's documented schema must refuse it.
    const malformed = 'no such thing!';
    // Well-formed values for the other parameters of a route: the first one its schema accepts.
    const wellFormed = ['00000000-0000-4000-8000-000000000000', 'sdlc', 'sdlc.codebuild.001', 'A'.repeat(22), '0'];
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item as Record<string, Operation & { parameters?: Parameter[]; security?: Record<string, unknown>[] }>)) {
        const params = (operation.parameters ?? []).filter((p) => p.in === 'path');
        const scheme = Object.keys(operation.security?.[0] ?? {})[0];
        for (const bad of params) {
          const route = `${method.toUpperCase()} ${path} with a malformed ${bad.name}`;
          const values = params.map((p) => (p === bad ? malformed : wellFormed.find((value) => schemaErrors(p.schema, value).length === 0)));
          expect(values, `${route}: a well-formed value for each other parameter`).not.toContain(undefined);
          const sent = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[params.findIndex((p) => p.name === name)]!));
          let call = (scheme === 'studentToken' ? request(server.url) : admin.agent)[method as 'get'](sent);
          if (scheme === 'studentToken') call = call.set('Authorization', `Bearer ${await asStudent()}`);
          const res = await call.send(operation.requestBody?.content['application/json']?.example as object | undefined);
          const code = res.body.error?.code as string | undefined;
          const documented = res.status >= 400 && responseOf(operation, res.status)?.content ? codesAt(operation, String(res.status)) : [];
          expect([route, res.status, code, documented.includes(code!)]).toEqual([route, res.status, code, true]);
          // A parameter documented with a format is checked at the edge, and the answer names it.
          if (schemaErrors(bad.schema, malformed).length) expect([route, code, res.body.error.details]).toEqual([route, 'VALIDATION_FAILED', [expect.objectContaining({ field: bad.name })]]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('lists VALIDATION_FAILED for path parameters only when the route has a schema that checks them', () => {
    const route = { method: 'get', path: '/api/things/:id', summary: 'A thing', caller: 'anyone', responses: { 200: { description: 'It.' } } } satisfies RouteSpec;
    expect(errorCodesOf(route)).not.toContain('VALIDATION_FAILED');
    expect(errorCodesOf({ ...route, params: z.object({ id: z.uuid() }) })).toContain('VALIDATION_FAILED');
    const unchecked = API_ROUTES.filter((spec) => /:\w/.test(spec.path) && !spec.params).map(key);
    expect(unchecked, 'routes whose path parameters nothing checks').toEqual([]);
  });

  it('refuses a body that is not JSON or is too large on every route that takes one, with a code the route documents', async () => {
    const withBody = API_ROUTES.filter((spec) => spec.body);
    expect(withBody.length).toBeGreaterThan(10);
    const huge = JSON.stringify({ text: 'x'.repeat(600 * 1024) });
    for (const spec of withBody) {
      const path = spec.path.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000');
      const send = (body: string) => request(app)[spec.method](path).set('Content-Type', 'application/json').send(body);
      for (const [body, status, code] of [['{"title": ', 400, 'INVALID_JSON'], [huge, 413, 'PAYLOAD_TOO_LARGE']] as const) {
        const res = await send(body);
        expect([res.status, res.body.error?.code], `${key(spec)} with ${code}`).toEqual([status, code]);
        expect(codesAt(operationOf(spec.method, spec.path), String(status)), `${key(spec)} documents ${code}`).toContain(code);
      }
    }
  });

  it('documents the answer sources filter on every mastery and readiness route exactly: what its pattern refuses is refused 400, what it admits is answered', async () => {
    type Parameter = { in: string; name: string; schema: object; example?: unknown };
    const routes = Object.entries(document.paths ?? {}).flatMap(([path, item]) => {
      const get = (item as { get?: Operation & { parameters?: Parameter[]; security?: Record<string, unknown>[] } }).get;
      const sources = get?.parameters?.find((p) => p.in === 'query' && p.name === 'sources');
      return get && sources ? [{ path, operation: get, schema: sources.schema, scheme: Object.keys(get.security?.[0] ?? {})[0] }] : [];
    });
    expect(routes.map((r) => r.path).sort()).toEqual(['/api/analytics/topics', '/api/classes/{id}/mastery', '/api/classes/{id}/matrix', '/api/classes/{id}/members/{memberId}/mastery', '/api/student/progress']);

    const ada = await server.instructor();
    const created = (await ada.agent.post('/api/classes').send({ name: 'Sources filter' }).expect(201)).body as { id: string; inviteUrl: string };
    const joined = (await request(server.url).post(`/api/student/invite/${created.inviteUrl.split('/c/')[1]}/join`).send({ name: 'Sam' }).expect(201)).body as { token: string; member: { id: string } };
    const admitted = ['live', 'simulation', 'assignment,live', 'live,assignment,simulation', 'live,live'];
    const refused = ['', 'bogus', 'LIVE', 'live,', ',live', 'live,,simulation', 'live, assignment', 'live;assignment', 'live,nope'];
    for (const { path, operation, schema, scheme } of routes) {
      expect(schema, path).toMatchObject({ type: 'string', pattern: expect.any(String), description: expect.stringContaining('`simulation`') });
      for (const value of [...admitted, ...refused]) {
        const sent = `${path.replace('{id}', created.id).replace('{memberId}', joined.member.id)}?sources=${encodeURIComponent(value)}`;
        let call = (scheme === 'studentToken' ? request(server.url) : ada.agent).get(sent);
        if (scheme === 'studentToken') call = call.set('Authorization', `Bearer ${joined.token}`);
        const res = await call;
        const valid = schemaErrors(schema, value).length === 0;
        expect({ path, value, valid }).toEqual({ path, value, valid: admitted.includes(value) });
        if (valid) {
          expect({ path, value, status: res.status }).toEqual({ path, value, status: 200 });
        } else {
          expect({ path, value, status: res.status, code: res.body.error?.code, field: res.body.error?.details?.[0]?.field }).toEqual({ path, value, status: 400, code: 'VALIDATION_FAILED', field: 'sources' });
          expect(codesAt(operation, '400'), path).toContain('VALIDATION_FAILED');
        }
      }
    }
    const reviewOperation = operationOf('post', '/api/classes/:id/review');
    const review = reviewOperation.requestBody!.content['application/json']!.schema as { properties: Record<string, object> };
    expect(review.properties.sources).toMatchObject({ type: 'array', items: { enum: ['live', 'assignment', 'simulation'] } });
    for (const sources of [[], ['bogus'], 'live']) {
      const res = await ada.agent.post(`/api/classes/${created.id}/review`).send({ sources });
      expect({ sources, status: res.status, code: res.body.error?.code }).toEqual({ sources, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(codesAt(reviewOperation, '400')).toContain('VALIDATION_FAILED');
  });

  it('documents the 304 that answers an If-None-Match for the document', () => {
    expect(responseOf(operationOf('get', '/api/openapi.json'), '304')).toBeDefined();
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

  it('shows recovery codes in the format the server makes them, which its schema holds them to', async () => {
    const answer = responseOf(operationOf('post', '/api/student/invite/:token/join'), '201')!.content!['application/json']!;
    const shown = answer.example as { recoveryCode: string };
    const made = (await Promise.all(Array.from({ length: 20 }, () => newRecoveryCode()))).map((made) => made.code);
    for (const code of [shown.recoveryCode, ...made]) expect(code).toMatch(RECOVERY_CODE_PATTERN);
    expect(await recoveryCodeHashes(shown.recoveryCode)).not.toBeNull();
    // The route's real answer has that format too. (This test goes last: the first instructor, the admin, is another test's.)
    const teacher = await server.instructor();
    const invite = (await teacher.agent.post('/api/classes').send({ name: 'Format' }).expect(201)).body.inviteUrl.split('/c/')[1];
    const joined = (await request(server.url).post(`/api/student/invite/${invite}/join`).send({ name: 'Grace H' }).expect(201)).body;
    expect(joined.recoveryCode).toMatch(RECOVERY_CODE_PATTERN);
    // Another format is not one: the document's schema says so.
    expect(schemaErrors(answer.schema, { ...shown, recoveryCode: 'K7QM-4TXP-9WRD' })).not.toEqual([]);
  });
});
