import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { call, next, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

/**
 * A whole class shares one address (a school's NAT): the limits must protect without locking
 * the class out. The test connects from loopback, a trusted proxy by default, so
 * X-Forwarded-For names the address each client comes from.
 */
const refusedWith = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });
const wrongCode = (i: number) => `ZZ${'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[i % 31]}${'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[Math.floor(i / 31) % 31]}ZZ`;

const openLimitsRoom = (server: LiveServer, host: Instructor) => openRoom(server, host, [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 60 }], 'Limits');

describe('a class behind one address, with the default limits', () => {
  let server: LiveServer;
  let host: Instructor;
  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
  });
  afterAll(() => server.close());

  it('lets 200 students who each mistype the code twice within a minute all join', async () => {
    const { code, hostSocket } = await openLimitsRoom(server, host);
    const school = '198.51.100.20';
    const students = Array.from({ length: 200 }, () => server.socket('/play', { 'x-forwarded-for': school }));
    const typos = await Promise.all(
      students.map(async (s, i) => [
        await call(s, 'player:join', { code: wrongCode(2 * i), nickname: `S${i}` }),
        await call(s, 'player:join', { code: wrongCode(2 * i + 1), nickname: `S${i}` }),
      ]),
    );
    expect(typos.flat().map((ack) => ack.error?.code)).toEqual(Array(400).fill('ROOM_NOT_FOUND'));
    const joins = await Promise.all(students.map((s, i) => call(s, 'player:join', { code, nickname: `S${i}` })));
    expect(joins.filter((ack) => !ack.ok)).toEqual([]);
    const view = await call(hostSocket, 'host:attach', { code });
    expect(view.roster.players).toHaveLength(200);
    for (const s of students) s.disconnect();
  });

  it('lets a valid join through after ten wrong codes from the same address', async () => {
    const { code } = await openLimitsRoom(server, host);
    const address = '198.51.100.21';
    const typist = server.socket('/play', { 'x-forwarded-for': address });
    const neighbour = server.socket('/play', { 'x-forwarded-for': address });
    for (let i = 0; i < 5; i++) expect(await call(typist, 'player:join', { code: wrongCode(500 + i), nickname: 'T' })).toEqual(refusedWith('ROOM_NOT_FOUND'));
    for (let i = 0; i < 5; i++) expect(await call(neighbour, 'player:join', { code: wrongCode(600 + i), nickname: 'N' })).toEqual(refusedWith('ROOM_NOT_FOUND'));
    // Both sockets spent their own budget: the next code they try is not looked up at all.
    expect(await call(typist, 'player:join', { code, nickname: 'T' })).toEqual(refusedWith('JOIN_RATE_LIMITED'));
    const classmate = server.socket('/play', { 'x-forwarded-for': address });
    expect((await call(classmate, 'player:join', { code, nickname: 'Classmate' })).ok).toBe(true);
  });

  it('gives one socket one seat: a second join is refused, also when tapped twice at once or for another room', async () => {
    const { code, hostSocket } = await openLimitsRoom(server, host);
    const other = await openLimitsRoom(server, host);
    const student = server.player();
    const [first, second] = await Promise.all([call(student, 'player:join', { code, nickname: 'Ana' }), call(student, 'player:join', { code, nickname: 'Ana2' })]);
    expect(first.ok).toBe(true);
    expect(second).toEqual(refusedWith('ALREADY_JOINED'));
    expect(await call(student, 'player:join', { code, nickname: 'Ana3' })).toEqual(refusedWith('ALREADY_JOINED'));
    expect(await call(student, 'player:join', { code: other.code, nickname: 'Ana' })).toEqual(refusedWith('ALREADY_JOINED'));
    const ben = server.player();
    expect((await call(ben, 'player:join', { code, nickname: 'Ben' })).ok).toBe(true);
    const lobby = (await call(hostSocket, 'host:attach', { code })).roster;
    expect(lobby.players.map((p: { nickname: string }) => p.nickname)).toEqual(['Ana', 'Ben']);

    // Leaving gives the seat up: a join as someone else leaves no ghost to wait for.
    expect(await call(student, 'player:leave')).toEqual({ ok: true });
    expect((await call(student, 'player:join', { code, nickname: 'Anna' })).ok).toBe(true);
    const opened = next(student, 'game:question');
    expect(await call(hostSocket, 'host:start')).toEqual({ ok: true });
    const question = await opened;
    const revealed = next(hostSocket, 'host:view', (v) => v.phase === 'reveal');
    await call(student, 'player:answer', { questionIndex: question.index, choices: [0] });
    await call(ben, 'player:answer', { questionIndex: question.index, choices: [1] });
    const reveal = await revealed;
    expect(reveal.reveal.playerCount).toBe(2);
    const page = await call(hostSocket, 'host:players', {});
    expect(page.players.map((p: { nickname: string; answered: boolean }) => [p.nickname, p.answered])).toEqual([['Ben', true], ['Anna', true]]);
  });

  it('answers another instructor\'s live code exactly like a dead one', async () => {
    const { code } = await openLimitsRoom(server, host);
    const stranger = await server.instructor();
    const strangerSocket = server.host(stranger.cookie);
    const live = await call(strangerSocket, 'host:attach', { code });
    const dead = await call(strangerSocket, 'host:attach', { code: 'ZZZZZZ' });
    expect(live).toEqual(refusedWith('ROOM_NOT_FOUND'));
    expect(live).toEqual(dead);
  });
});

describe('guessing room codes', () => {
  it('stops an address that spent its budget, while rejoins with a real token still work and tell nothing', async () => {
    const server = await startLiveServer({ limits: { badCodesPerAddressHour: 12 } });
    const host = await server.instructor();
    const { code } = await openLimitsRoom(server, host);
    const address = '203.0.113.9';
    const fromAddress = () => server.socket('/play', { 'x-forwarded-for': address });
    const earlier = fromAddress();
    const seat = await call(earlier, 'player:join', { code, nickname: 'Earlier' });
    expect(seat.ok).toBe(true);

    let guesses = 0;
    const guessers: Socket[] = [];
    for (let s = 0; s < 3; s++) {
      const guesser = fromAddress();
      guessers.push(guesser);
      for (let i = 0; i < 4; i++) expect(await call(guesser, 'player:join', { code: wrongCode(guesses++), nickname: 'G' })).toEqual(refusedWith('ROOM_NOT_FOUND'));
    }
    const late = fromAddress();
    expect(await call(late, 'player:join', { code, nickname: 'Late' })).toEqual(refusedWith('JOIN_RATE_LIMITED'));
    expect(await call(late, 'player:join', { code: wrongCode(99), nickname: 'Late' })).toEqual(refusedWith('JOIN_RATE_LIMITED'));
    // A live code with a made-up token reads the same as an unknown code.
    expect(await call(late, 'player:rejoin', { code, token: 'x'.repeat(43) })).toEqual(refusedWith('JOIN_RATE_LIMITED'));
    expect(await call(late, 'player:rejoin', { code: wrongCode(98), token: 'x'.repeat(43) })).toEqual(refusedWith('JOIN_RATE_LIMITED'));
    // The student who already had a seat gets it back.
    earlier.disconnect();
    const back = await call(fromAddress(), 'player:rejoin', { code, token: seat.rejoinToken });
    expect(back).toMatchObject({ ok: true, playerId: seat.playerId });
    // Another address is not affected.
    expect((await call(server.socket('/play', { 'x-forwarded-for': '203.0.113.10' }), 'player:join', { code, nickname: 'Other' })).ok).toBe(true);
    await server.close();
  });

  it('refuses an instructor who keeps attaching to codes that are not theirs', async () => {
    const server = await startLiveServer({ limits: { badAttachesPerMinute: 3 } });
    const host = await server.instructor();
    const { code } = await openLimitsRoom(server, host);
    const prober = await server.instructor();
    const socket = server.host(prober.cookie);
    for (let i = 0; i < 3; i++) expect(await call(socket, 'host:attach', { code: wrongCode(i) })).toEqual(refusedWith('ROOM_NOT_FOUND'));
    expect(await call(socket, 'host:attach', { code })).toEqual(refusedWith('RATE_LIMITED'));
    // The owner is not slowed down by someone else's probing.
    expect((await call(server.host(host.cookie), 'host:attach', { code })).ok).toBe(true);
    await server.close();
  });
});

describe('bounded connections and rooms', () => {
  it('closes a student socket that takes no seat in time', async () => {
    const server = await startLiveServer({ limits: { joinTimeoutMs: 300 } });
    const idle = server.player();
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    expect(await new Promise((resolve) => idle.once('disconnect', resolve))).toBe('io server disconnect');
    await server.close();
  });

  it('refuses connections past the cap per address and in all, and admits again when one closes', async () => {
    const server = await startLiveServer({ connectionCaps: { maxConnectionsPerAddress: 3, maxConnections: 5 } });
    const connected = (socket: Socket) =>
      new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
      });
    /** What a refused handshake says (a long-polling one, whose answer a client can read). */
    const handshake = async (address: string) => {
      const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { 'x-forwarded-for': address } });
      return { status: res.status, body: await res.json() };
    };
    const school = Array.from({ length: 3 }, () => server.socket('/play', { 'x-forwarded-for': '198.51.100.30' }));
    expect(await Promise.all(school.map(connected))).toEqual(['connected', 'connected', 'connected']);
    expect(await connected(server.socket('/play', { 'x-forwarded-for': '198.51.100.30' }))).toBe('refused');
    expect(await handshake('198.51.100.30')).toEqual({ status: 403, body: { code: 4, message: 'TOO_MANY_CONNECTIONS' } });
    const others = Array.from({ length: 2 }, (_, i) => server.socket('/play', { 'x-forwarded-for': `198.51.100.${40 + i}` }));
    expect(await Promise.all(others.map(connected))).toEqual(['connected', 'connected']);
    expect(await handshake('198.51.100.50')).toEqual({ status: 403, body: { code: 4, message: 'SERVER_FULL' } });
    school[0]!.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await connected(server.socket('/play', { 'x-forwarded-for': '198.51.100.30' }))).toBe('connected');
    expect(server.connectionCount()).toBe(5);
    await server.close();
  });

  it('holds at most the room capacity, and keeps removed players out under their nickname and browser', async () => {
    const server = await startLiveServer({ roomCapacity: 3 });
    const host = await server.instructor();
    const { code, hostSocket } = await openLimitsRoom(server, host);
    const device = (n: number) => `browser-${String(n).padStart(12, '0')}`;
    const seats = [];
    for (let i = 0; i < 3; i++) seats.push(await call(server.player(), 'player:join', { code, nickname: `P${i}`, deviceId: device(i) }));
    expect(seats.every((ack) => ack.ok)).toBe(true);
    expect(await call(server.player(), 'player:join', { code, nickname: 'P3', deviceId: device(3) })).toEqual(refusedWith('ROOM_FULL'));
    // The host removes two at once (e.g. everyone who joined in the last minute).
    const recent = (await call(hostSocket, 'host:attach', { code })).roster.players.filter((p: { joinedMsAgo: number }) => p.joinedMsAgo < 60_000);
    expect(recent).toHaveLength(3);
    expect(await call(hostSocket, 'host:kick', { playerIds: [seats[0].playerId, seats[1].playerId] })).toEqual({ ok: true });
    expect(await call(server.player(), 'player:join', { code, nickname: 'p0', deviceId: device(9) })).toEqual(refusedWith('NICKNAME_TAKEN'));
    expect(await call(server.player(), 'player:join', { code, nickname: 'New name', deviceId: device(1) })).toEqual(refusedWith('PLAYER_KICKED'));
    expect(await call(server.player(), 'player:rejoin', { code, token: seats[0].rejoinToken })).toEqual(refusedWith('PLAYER_KICKED'));
    expect((await call(server.player(), 'player:join', { code, nickname: 'P3', deviceId: device(3) })).ok).toBe(true);
    await server.close();
  });
});
