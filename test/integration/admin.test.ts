import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/http.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';

type Instructor = Awaited<ReturnType<LiveServer['instructor']>>;

const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));
const connectedOrRefused = (socket: Socket) =>
  new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  });
const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;

/** The admin (the first instructor) invites, disables, enables and resets; nobody else can. Registration stays closed. */
describe('the admin', () => {
  let server: LiveServer;
  let admin: Instructor;
  let bob: Instructor;
  let bobEmail: string;

  beforeAll(async () => {
    server = await startLiveServer({ app: { publicUrl: 'https://quiz.school.test' } });
    admin = await server.instructor();
    bob = await server.instructor();
    bobEmail = (await bob.agent.get('/api/me').expect(200)).body.email;
  });
  afterAll(() => server.close());

  it('is the first instructor; the others are not and cannot use the admin routes', async () => {
    expect((await admin.agent.get('/api/me').expect(200)).body.role).toBe('admin');
    expect((await bob.agent.get('/api/me').expect(200)).body.role).toBe('instructor');
    const routes: [string, string][] = [
      ['get', '/api/admin/instructors'],
      ['post', '/api/admin/invites'],
      ['post', `/api/admin/instructors/${admin.id}/disable`],
      ['post', `/api/admin/instructors/${admin.id}/enable`],
      ['post', `/api/admin/instructors/${admin.id}/reset-password`],
    ];
    for (const [method, path] of routes) {
      const res = await (bob.agent as unknown as Record<string, (p: string) => request.Test>)[method]!(path).send({ email: 'x@school.test' }).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      await (request(server.url) as unknown as Record<string, (p: string) => request.Test>)[method]!(path).expect(401);
    }
    // Nothing happened to the admin.
    await admin.agent.get('/api/me').expect(200);
  });

  it('lists the instructors with their state', async () => {
    const list = await admin.agent.get('/api/admin/instructors').expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: admin.id, role: 'admin', disabled: false, activeSessions: 1 }),
      expect.objectContaining({ id: bob.id, email: bobEmail, role: 'instructor', disabled: false, activeSessions: 1, createdAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('passwordHash');
  });

  it('invites a new instructor with a one-time link, while registration is closed', async () => {
    await request(server.url).post('/api/auth/register').send({ email: 'cleo@school.test', name: 'Cleo', password: PASSWORD }).expect(403);
    const invite = await admin.agent.post('/api/admin/invites').send({ email: 'Cleo@School.test' }).expect(201);
    expect(invite.body).toEqual({ url: expect.stringMatching(/^https:\/\/quiz\.school\.test\/host\/invite\/[\w-]{40,}$/), email: 'cleo@school.test', expiresAt: expect.any(String) });
    const token = tokenOf(invite.body.url);
    expect(await server.db.accountLink.count({ where: { id: token } })).toBe(0);

    expect((await request(server.url).get(`/api/auth/links/${token}`).expect(200)).body).toEqual({ purpose: 'invite', email: 'cleo@school.test', expiresAt: invite.body.expiresAt });
    const noName = await request(server.url).post(`/api/auth/links/${token}`).send({ password: 'cleo password 1' }).expect(400);
    expect(noName.body.error.code).toBe('VALIDATION_FAILED');
    const cleo = request.agent(server.url);
    const accepted = await cleo.post(`/api/auth/links/${token}`).send({ name: 'Cleo', password: 'cleo password 1' }).expect(201);
    expect(accepted.body).toMatchObject({ email: 'cleo@school.test', name: 'Cleo', role: 'instructor' });
    await cleo.get('/api/me').expect(200);
    // Once only.
    expect((await request(server.url).post(`/api/auth/links/${token}`).send({ name: 'Eve', password: 'eve password 1' }).expect(404)).body.error.code).toBe('LINK_INVALID');
    await request(server.url).get(`/api/auth/links/${token}`).expect(404);
    // An email with an account is not invited again.
    expect((await admin.agent.post('/api/admin/invites').send({ email: 'cleo@school.test' }).expect(409)).body.error.code).toBe('EMAIL_TAKEN');
  });

  it('uses an invitation only once, also when two try at the same time', async () => {
    const invite = await admin.agent.post('/api/admin/invites').send({ email: 'dan@school.test' }).expect(201);
    const token = tokenOf(invite.body.url);
    const tries = await Promise.all([1, 2, 3].map((i) => request(server.url).post(`/api/auth/links/${token}`).send({ name: `Dan ${i}`, password: 'dan password 1' })));
    expect(tries.map((r) => r.status).sort()).toEqual([201, 404, 404]);
    expect(await server.db.instructor.count({ where: { email: 'dan@school.test' } })).toBe(1);
  });

  it('refuses an expired or made-up link', async () => {
    const invite = await admin.agent.post('/api/admin/invites').send({ email: 'late@school.test' }).expect(201);
    const token = tokenOf(invite.body.url);
    await server.db.accountLink.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) }, where: { email: 'late@school.test' } });
    await request(server.url).post(`/api/auth/links/${token}`).send({ name: 'Late', password: 'late password 1' }).expect(404);
    await request(server.url).get(`/api/auth/links/${'x'.repeat(43)}`).expect(404);
    await request(server.url).get('/api/auth/links/short').expect(400);
  });

  it('disables an instructor: their sessions and host sockets end, sign-in is refused; enabling lets them back', async () => {
    const carl = await server.instructor();
    const email = (await carl.agent.get('/api/me').expect(200)).body.email as string;
    const host = server.host(carl.cookie);
    expect(await connectedOrRefused(host)).toBe('connected');
    const gone = disconnected(host);

    await admin.agent.post(`/api/admin/instructors/${carl.id}/disable`).expect(204);
    expect(await gone).toBe('io server disconnect');
    await carl.agent.get('/api/me').expect(401);
    const refused = await request(server.url).post('/api/auth/login').send({ email, password: PASSWORD }).expect(403);
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
    // A wrong password still says only that it is wrong.
    await request(server.url).post('/api/auth/login').send({ email, password: 'not the password' }).expect(401);
    expect((await admin.agent.get('/api/admin/instructors')).body.find((i: { id: string }) => i.id === carl.id)).toMatchObject({ disabled: true, activeSessions: 0 });

    await admin.agent.post(`/api/admin/instructors/${carl.id}/enable`).expect(204);
    await request(server.url).post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
  });

  it('cannot disable or reset the admin\'s own account, and names unknown instructors', async () => {
    expect((await admin.agent.post(`/api/admin/instructors/${admin.id}/disable`).expect(400)).body.error.code).toBe('OWN_ACCOUNT');
    await admin.agent.post(`/api/admin/instructors/${admin.id}/reset-password`).expect(400);
    expect((await admin.agent.post('/api/admin/instructors/00000000-0000-4000-8000-000000000000/disable').expect(404)).body.error.code).toBe('INSTRUCTOR_NOT_FOUND');
    await admin.agent.post('/api/admin/instructors/not-a-uuid/disable').expect(400);
    await admin.agent.get('/api/me').expect(200);
  });

  it('resets a password: the old one stops working and every session ends now; the link sets a new one', async () => {
    const dee = await server.instructor();
    const email = (await dee.agent.get('/api/me').expect(200)).body.email as string;
    const host = server.host(dee.cookie);
    expect(await connectedOrRefused(host)).toBe('connected');
    const gone = disconnected(host);

    const reset = await admin.agent.post(`/api/admin/instructors/${dee.id}/reset-password`).expect(201);
    expect(reset.body).toEqual({ url: expect.stringMatching(/\/host\/reset\/[\w-]{40,}$/), email, expiresAt: expect.any(String) });
    expect(await gone).toBe('io server disconnect');
    await dee.agent.get('/api/me').expect(401);
    await request(server.url).post('/api/auth/login').send({ email, password: PASSWORD }).expect(401);

    const token = tokenOf(reset.body.url);
    expect((await request(server.url).get(`/api/auth/links/${token}`).expect(200)).body).toMatchObject({ purpose: 'reset', email });
    const back = request.agent(server.url);
    await back.post(`/api/auth/links/${token}`).send({ password: 'dee has a new one' }).expect(201);
    await back.get('/api/me').expect(200);
    await request(server.url).post('/api/auth/login').send({ email, password: 'dee has a new one' }).expect(200);
    await request(server.url).post(`/api/auth/links/${token}`).send({ password: 'once more please' }).expect(404);
  });

  it('a second reset makes the first link useless', async () => {
    const first = await admin.agent.post(`/api/admin/instructors/${bob.id}/reset-password`).expect(201);
    const second = await admin.agent.post(`/api/admin/instructors/${bob.id}/reset-password`).expect(201);
    await request(server.url).post(`/api/auth/links/${tokenOf(first.body.url)}`).send({ password: 'from the old link' }).expect(404);
    await request(server.url).post(`/api/auth/links/${tokenOf(second.body.url)}`).send({ password: 'from the new link' }).expect(201);
    await request(server.url).post('/api/auth/login').send({ email: bobEmail, password: 'from the new link' }).expect(200);
  });
});
