import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/database.ts';
import { upgradeLegacyRecoveryCodes } from '../../server/src/classes/students.ts';
import { classApi } from '../../server/src/http/class-routes.ts';
import { seededAppWithAdaAndBob, type SignedIn } from '../support/http.ts';

/** Classes over HTTP: the roster, the invite link, students' identities, cards, merge, removal, export. */
describe('classes and their students', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof request>;
  let ada: SignedIn;
  let bob: SignedIn;
  let classId: string;
  let invite: string;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const join = (name: string, link = invite) => app.post(`/api/student/invite/${link}/join`).send({ name });

  beforeAll(async () => {
    const setup = await seededAppWithAdaAndBob();
    t = setup.t;
    ada = setup.ada;
    bob = setup.bob;
    app = request(setup.api.app);
  });
  afterAll(() => t.close());

  it('creates a class with its invite link, lists it, and keeps it to its instructor', async () => {
    const created = await ada.agent.post('/api/classes').send({ name: 'DOP-C02 cohort 7', startsOn: '2027-01-11', endsOn: '2027-02-19' }).expect(201);
    expect(created.body).toMatchObject({ name: 'DOP-C02 cohort 7', startsOn: '2027-01-11', endsOn: '2027-02-19', selfJoin: true, memberCount: 0, members: [] });
    expect(created.body.inviteUrl).toMatch(/\/c\/[\w-]{22}$/);
    classId = created.body.id;
    invite = created.body.inviteUrl.split('/c/')[1];
    expect((await ada.agent.get('/api/classes').expect(200)).body.map((c: any) => c.id)).toEqual([classId]);
    expect((await bob.agent.get('/api/classes').expect(200)).body).toEqual([]);
    expect((await bob.agent.get(`/api/classes/${classId}`).expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await ada.agent.get('/api/classes/00000000-0000-4000-8000-000000000000').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
    expect((await app.get('/api/classes').expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await ada.agent.post('/api/classes').send({ name: '', endsOn: 'soon' }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await ada.agent.post('/api/classes').send({ name: 'x', startsOn: '2027-02-01', endsOn: '2027-01-01' }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lets a student join by the link with a name and read only their own identity', async () => {
    expect((await app.get(`/api/student/invite/${invite}`).expect(200)).body).toEqual({ className: 'DOP-C02 cohort 7', instructorName: 'Ada', selfJoin: true });
    const ana = await join('  Ana  ').expect(201);
    expect(ana.body).toMatchObject({ member: { name: 'Ana' }, class: { id: classId, name: 'DOP-C02 cohort 7' } });
    expect(ana.body.token).toMatch(/^[\w-]{43}$/);
    expect(ana.body.recoveryCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect((await app.get('/api/student/me').set(bearer(ana.body.token)).expect(200)).body).toMatchObject({ memberId: ana.body.member.id, name: 'Ana', classId });
    // Only hashes are stored.
    const stored = await t.db.classMember.findUniqueOrThrow({ where: { id: ana.body.member.id }, include: { tokens: true } });
    expect(JSON.stringify(stored)).not.toContain(ana.body.token);
    expect(JSON.stringify(stored)).not.toContain(ana.body.recoveryCode.replace('-', ''));
    // Look-alike names are refused; an unknown or missing token is 401.
    expect((await join('АNA').expect(409)).body.error.code).toBe('NAME_TAKEN');
    expect((await join('\u0000').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await app.get('/api/student/me').expect(401)).body.error.code).toBe('STUDENT_UNKNOWN');
    expect((await app.get('/api/student/me').set(bearer('x'.repeat(43))).expect(401)).body.error.code).toBe('STUDENT_UNKNOWN');
    expect((await app.get(`/api/student/invite/${'A'.repeat(22)}`).expect(404)).body.error.code).toBe('INVITE_INVALID');
    for (const bad of ['nope-nope-nope-nope', `${invite}x`, `${invite.slice(1)}~`]) {
      for (const res of [await app.get(`/api/student/invite/${bad}`), await join('Zed', bad)]) {
        expect([bad, res.status, res.body.error?.code, res.body.error?.message]).toEqual([bad, 400, 'VALIDATION_FAILED', 'token: is not a class link: check the address']);
      }
    }
  });

  it('moves a student to a second browser with the recovery code, and a new code retires the old one', async () => {
    const ben = await join('Ben').expect(201);
    const second = await app.post('/api/student/recover').send({ code: ben.body.recoveryCode.toLowerCase().replace('-', ' ') }).expect(201);
    expect(second.body.member).toEqual(ben.body.member);
    expect(second.body.token).not.toBe(ben.body.token);
    // Both browsers are Ben.
    for (const token of [ben.body.token, second.body.token]) expect((await app.get('/api/student/me').set(bearer(token)).expect(200)).body.memberId).toBe(ben.body.member.id);
    const renewed = await app.post('/api/student/recovery-code').set(bearer(second.body.token)).expect(200);
    expect(renewed.body.recoveryCode).not.toBe(ben.body.recoveryCode);
    expect((await app.post('/api/student/recover').send({ code: ben.body.recoveryCode }).expect(404)).body.error.code).toBe('RECOVERY_CODE_INVALID');
    await app.post('/api/student/recover').send({ code: renewed.body.recoveryCode }).expect(201);
    await app.post('/api/student/logout').set(bearer(second.body.token)).expect(204);
    await app.get('/api/student/me').set(bearer(second.body.token)).expect(401);
    expect((await ada.agent.get(`/api/classes/${classId}`).expect(200)).body.members.find((m: any) => m.name === 'Ben')).toMatchObject({ devices: 2, origin: 'invite' });
  });

  it('tells each browser when its recovery code was replaced: recovering keeps the code, a new one elsewhere or a card replaces it', async () => {
    const gus = await join('Quincy').expect(201);
    const first = gus.body.token as string;
    const setAt = gus.body.recoveryCodeSetAt as string;
    expect(new Date(setAt).getTime()).not.toBeNaN();
    const me = async (token: string) => (await app.get('/api/student/me').set(bearer(token)).expect(200)).body.recoveryCodeSetAt as string | null;
    expect(await me(first)).toBe(setAt);
    // A second phone moves in with the code: the code stays valid, and both phones show it as current.
    const second = await app.post('/api/student/recover').send({ code: gus.body.recoveryCode }).expect(201);
    expect(second.body).toMatchObject({ recoveryCode: gus.body.recoveryCode, recoveryCodeSetAt: setAt });
    expect([await me(first), await me(second.body.token)]).toEqual([setAt, setAt]);
    await app.post('/api/student/recover').send({ code: gus.body.recoveryCode }).expect(201);
    // The second phone makes a new code: the first phone's is no longer the current one.
    const renewed = await app.post('/api/student/recovery-code').set(bearer(second.body.token)).expect(200);
    expect(renewed.body.recoveryCodeSetAt).not.toBe(setAt);
    expect(await me(first)).toBe(renewed.body.recoveryCodeSetAt);
    await app.post('/api/student/recover').send({ code: gus.body.recoveryCode }).expect(404);
    // A card the instructor prints replaces it too.
    const card = (await ada.agent.post(`/api/classes/${classId}/cards`).send({ memberIds: [gus.body.member.id] }).expect(200)).body.cards[0];
    const printed = await me(first);
    expect(printed).not.toBe(renewed.body.recoveryCodeSetAt);
    expect((await app.post('/api/student/recover').send({ code: card.recoveryCode }).expect(201)).body.recoveryCodeSetAt).toBe(printed);
  });

  it('stores recovery codes as Argon2id of their SHA-256, and upgrades codes stored as plain SHA-256 before without losing them', async () => {
    const hal = await join('Ursula').expect(201);
    const raw = (hal.body.recoveryCode as string).replace('-', '');
    const sha = createHash('sha256').update(raw).digest('hex');
    const stored = await t.db.classMember.findUniqueOrThrow({ where: { id: hal.body.member.id } });
    expect(stored.recoveryCodeHash).toMatch(/^argon2id:[0-9a-f]{64}$/);
    expect(stored.recoveryCodeHash).not.toContain(sha);
    // A row from before: its code's plain SHA-256.
    await t.db.classMember.update({ where: { id: hal.body.member.id }, data: { recoveryCodeHash: sha } });
    expect((await app.post('/api/student/recover').send({ code: hal.body.recoveryCode }).expect(201)).body.member.id).toBe(hal.body.member.id);
    const legacy = () => t.db.classMember.count({ where: { recoveryCodeHash: { not: null }, NOT: { recoveryCodeHash: { startsWith: 'argon2id:' } } } });
    expect(await legacy()).toBe(1);
    expect(await upgradeLegacyRecoveryCodes(t.db, 1)).toBe(1);
    expect(await legacy()).toBe(0);
    expect((await t.db.classMember.findUniqueOrThrow({ where: { id: hal.body.member.id } })).recoveryCodeHash).toBe(stored.recoveryCodeHash);
    expect(await upgradeLegacyRecoveryCodes(t.db)).toBe(0);
    expect((await app.post('/api/student/recover').send({ code: hal.body.recoveryCode }).expect(201)).body.member.id).toBe(hal.body.member.id);
  });

  it('imports a roster, lists what it left out, and prints cards whose links log the student in', async () => {
    const csv = '\uFEFFname;externalId\nCarla Diaz;S-100\n"Dmitri ""Dima"" K";S-101\nana;S-102\n;S-103\nEve;S-100\n';
    const imported = await ada.agent.post(`/api/classes/${classId}/roster`).send({ csv }).expect(201);
    expect(imported.body.created.map((m: any) => [m.name, m.externalId, m.origin])).toEqual([
      ['Carla Diaz', 'S-100', 'roster'],
      ['Dmitri "Dima" K', 'S-101', 'roster'],
    ]);
    expect(imported.body.problems.map((p: any) => p.line)).toEqual([4, 5, 6]);
    const carla = imported.body.created[0];
    const { body } = await ada.agent.post(`/api/classes/${classId}/cards`).send({ memberIds: [carla.id] }).expect(200);
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0].url).toMatch(new RegExp(`/student/recover#${body.cards[0].recoveryCode}$`));
    const fromCard = await app.post('/api/student/recover').send({ code: body.cards[0].recoveryCode }).expect(201);
    expect(fromCard.body.member).toEqual({ id: carla.id, name: 'Carla Diaz' });
    expect((await bob.agent.post(`/api/classes/${classId}/cards`).send({}).expect(403)).body.error.code).toBe('FORBIDDEN');
  });

  it('closes the link when self-join is off or the class is archived', async () => {
    await ada.agent.patch(`/api/classes/${classId}`).send({ selfJoin: false }).expect(200);
    expect((await join('Fay').expect(403)).body.error.code).toBe('SELF_JOIN_CLOSED');
    await ada.agent.patch(`/api/classes/${classId}`).send({ selfJoin: true }).expect(200);
    const archived = await ada.agent.post(`/api/classes/${classId}/archive`).expect(200);
    expect(archived.body.inviteUrl).toBeNull();
    expect((await join('Fay').expect(404)).body.error.code).toBe('INVITE_INVALID');
    expect((await ada.agent.get('/api/classes').expect(200)).body).toEqual([]);
    expect((await ada.agent.get('/api/classes?archived=true').expect(200)).body.map((c: any) => c.id)).toEqual([classId]);
    await ada.agent.post(`/api/classes/${classId}/restore`).expect(200);
    const renewed = await ada.agent.post(`/api/classes/${classId}/invite`).expect(200);
    const fresh = renewed.body.inviteUrl.split('/c/')[1];
    expect(fresh).not.toBe(invite);
    await join('Fay').expect(404);
    invite = fresh;
    await join('Fay').expect(201);
  });

  it('merges two identities of one student, exports a student, and removes one', async () => {
    const lost = await join('Gus').expect(201);
    const again = await join('Gus B').expect(201);
    const merged = await ada.agent.post(`/api/classes/${classId}/members/${lost.body.member.id}/merge`).send({ from: again.body.member.id }).expect(200);
    expect(merged.body).toMatchObject({ name: 'Gus', devices: 2 });
    expect((await app.get('/api/student/me').set(bearer(again.body.token)).expect(200)).body).toMatchObject({ memberId: lost.body.member.id, name: 'Gus' });
    expect((await ada.agent.post(`/api/classes/${classId}/members/${lost.body.member.id}/merge`).send({ from: lost.body.member.id }).expect(400)).body.error.code).toBe('SAME_MEMBER');

    const exported = await ada.agent.get(`/api/classes/${classId}/members/${lost.body.member.id}/export`).expect(200);
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="?student-gus-\d{4}-\d\d-\d\d\.json/);
    expect(exported.body).toMatchObject({ class: { id: classId }, member: { name: 'Gus', origin: 'invite' }, games: [], answers: [] });
    expect(exported.body.devices).toHaveLength(2);
    expect(JSON.stringify(exported.body)).not.toMatch(/Hash|token/i);

    await ada.agent.delete(`/api/classes/${classId}/members/${lost.body.member.id}`).expect(204);
    await app.get('/api/student/me').set(bearer(lost.body.token)).expect(401);
    expect((await bob.agent.delete(`/api/classes/${classId}/members/${lost.body.member.id}`).expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await ada.agent.delete(`/api/classes/${classId}/members/${lost.body.member.id}`).expect(404)).body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  it('adds, renames and refuses clashing students by hand', async () => {
    const hal = await ada.agent.post(`/api/classes/${classId}/members`).send({ name: 'Hal', externalId: 'S-200' }).expect(201);
    expect((await ada.agent.post(`/api/classes/${classId}/members`).send({ name: 'Ivy', externalId: 'S-200' }).expect(409)).body.error.code).toBe('EXTERNAL_ID_TAKEN');
    expect((await ada.agent.patch(`/api/classes/${classId}/members/${hal.body.id}`).send({ name: 'ana' }).expect(409)).body.error.code).toBe('NAME_TAKEN');
    expect((await ada.agent.patch(`/api/classes/${classId}/members/${hal.body.id}`).send({ name: 'Hal J.' }).expect(200)).body.name).toBe('Hal J.');
  });
  it('refuses a class or student id that is not a uuid with VALIDATION_FAILED, and an unknown one with its NOT_FOUND code', async () => {
    const member = (await ada.agent.post(`/api/classes/${classId}/members`).send({ name: 'Uma' }).expect(201)).body.id as string;
    const unknown = '00000000-0000-4000-8000-000000000000';
    // The review route needs live rooms; test/integration/class-games.test.ts checks it.
    const routes = Object.values(classApi).filter((spec) => spec.path.includes(':id') && spec !== classApi.review);
    expect(routes.length).toBeGreaterThan(15);
    for (const spec of routes) {
      const send = (classPart: string, memberPart: string) => {
        const path = spec.path.replace(':id', classPart).replace(':memberId', memberPart);
        return ada.agent[spec.method](path).send('body' in spec ? (spec.body.example as object) : undefined);
      };
      const route = `${spec.method.toUpperCase()} ${spec.path}`;
      for (const bad of ['not-a-uuid', '123', 'A3C5E7F9-1B2D-4F60-8A9C-0E1F2A3B4C5DX']) {
        const res = await send(encodeURIComponent(bad), member);
        expect([route, res.status, res.body.error?.code]).toEqual([route, 400, 'VALIDATION_FAILED']);
        expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'id' })]);
      }
      expect([route, (await send(unknown, member)).body.error?.code]).toEqual([route, 'CLASS_NOT_FOUND']);
      if (!spec.path.includes(':memberId')) continue;
      const res = await send(classId, 'not-a-uuid');
      expect([route, res.status, res.body.error?.code, res.body.error.details]).toEqual([route, 400, 'VALIDATION_FAILED', [expect.objectContaining({ field: 'memberId' })]]);
      expect([route, (await send(classId, unknown)).body.error?.code]).toEqual([route, 'MEMBER_NOT_FOUND']);
    }
  });
});
