import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, next, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

/** Every refusal has a stable code and leaves the room as it was. */
describe('refusals in a live room', () => {
  let server: LiveServer;
  let host: Instructor;
  let correct: number[];

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
    correct = (await server.db.question.findUniqueOrThrow({ where: { id: 'sdlc.codebuild.001' } })).answer;
  });
  afterAll(() => server.close());

  const openRefusalsRoom = () =>
    openRoom(server, host, [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 60 }, { questionId: 'sdlc.codebuild.002', timeLimitSec: 60 }], 'Refusals');

  const refusedWith = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

  it('refuses bad joins: unknown room, taken or invalid nickname, locked room', async () => {
    const { code, hostSocket } = await openRefusalsRoom();
    const student = server.player();
    expect(await call(student, 'player:join', { code: 'ZZZZZZ', nickname: 'Ana' })).toEqual(refusedWith('ROOM_NOT_FOUND'));
    expect((await call(student, 'player:join', { code, nickname: 'Ana' })).ok).toBe(true);
    expect(await call(server.player(), 'player:join', { code, nickname: ' aNA ' })).toEqual(refusedWith('NICKNAME_TAKEN'));
    expect(await call(server.player(), 'player:join', { code, nickname: '   ' })).toEqual(refusedWith('NICKNAME_INVALID'));
    expect(await call(server.player(), 'player:join', { code, nickname: 'x'.repeat(21) })).toEqual(refusedWith('NICKNAME_INVALID'));

    expect(await call(hostSocket, 'host:lock', { locked: true })).toEqual({ ok: true });
    expect(await call(server.player(), 'player:join', { code, nickname: 'Late' })).toEqual(refusedWith('ROOM_LOCKED'));
    await call(hostSocket, 'host:lock', { locked: false });
    expect((await call(server.player(), 'player:join', { code, nickname: 'Late' })).ok).toBe(true);
  });

  it('shows a nickname with HTML exactly as typed, as text data', async () => {
    const { code, roster } = await openRefusalsRoom();
    const ack = await call(server.player(), 'player:join', { code, nickname: '<b>Bob</b>' });
    expect(ack.view.you.nickname).toBe('<b>Bob</b>');
    expect((await roster.until((players) => players.length === 1))[0]!.nickname).toBe('<b>Bob</b>');
  });

  it('refuses answers outside the rules: wrong phase, out of range, stale, second answer, after the deadline', async () => {
    const { code, hostSocket } = await openRefusalsRoom();
    const ana = server.player();
    const ben = server.player();
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    await call(ben, 'player:join', { code, nickname: 'Ben' });
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: [0] })).toEqual(refusedWith('WRONG_PHASE'));

    await call(hostSocket, 'host:start');
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: [7] })).toEqual(refusedWith('INVALID_CHOICE'));
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: [0, 1] })).toEqual(refusedWith('INVALID_CHOICE'));
    expect(await call(ana, 'player:answer', { questionIndex: 1, choices: [0] })).toEqual(refusedWith('STALE_QUESTION'));
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual({ ok: true, questionIndex: 0 });
    const wrong = correct[0] === 0 ? [1] : [0];
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: wrong })).toEqual(refusedWith('ALREADY_ANSWERED'));

    server.clock.offsetMs += 61_000;
    expect(await call(ben, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('TIME_UP'));
    server.clock.offsetMs -= 61_000;

    const reveal = next(ana, 'game:view', (v) => v.phase === 'reveal');
    await call(hostSocket, 'host:next');
    const result = (await reveal).result;
    expect(result).toMatchObject({ answered: true, correct: true });
    const stored = await server.db.answer.findMany({ where: { player: { nickname: { in: ['Ana', 'Ben'] } }, game: { roomCode: code } } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.points).toBe(result.points);
  });

  it('refuses malformed payloads, unknown events and host commands from students', async () => {
    const { code } = await openRefusalsRoom();
    const student = server.player();
    expect(await call(student, 'player:join', { code: 42, nickname: 'Ana' })).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await call(student, 'player:join', { code, nickname: 'Ana', admin: true })).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await call(student, 'player:join', null)).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await call(student, 'player:answer', { questionIndex: 0, choices: [0] })).toEqual(refusedWith('NOT_JOINED'));
    await call(student, 'player:join', { code, nickname: 'Ana' });
    expect(await call(student, 'player:answer', { questionIndex: -1, choices: [0] })).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await call(student, 'host:next')).toEqual(refusedWith('UNKNOWN_COMMAND'));
    expect(await call(student, 'host:kick', { playerId: '00000000-0000-0000-0000-000000000000' })).toEqual(refusedWith('UNKNOWN_COMMAND'));
  });

  it('removes a kicked student for good', async () => {
    const { code, hostSocket } = await openRefusalsRoom();
    const eve = server.player();
    const joined = await call(eve, 'player:join', { code, nickname: 'Eve' });
    const kickedView = next(eve, 'game:view', (v) => v.phase === 'kicked');
    expect(await call(hostSocket, 'host:kick', { playerId: joined.playerId })).toEqual({ ok: true });
    await kickedView;
    expect(await call(server.player(), 'player:rejoin', { code, token: joined.rejoinToken })).toEqual(refusedWith('PLAYER_KICKED'));
    // The nickname stays taken: a removed student cannot walk back in under it.
    expect(await call(server.player(), 'player:join', { code, nickname: 'eve' })).toEqual(refusedWith('NICKNAME_TAKEN'));
    expect((await call(server.player(), 'player:join', { code, nickname: 'Eva' })).ok).toBe(true);
  });

  it('cuts off an oversized message and a flooding socket; the room plays on', async () => {
    const { code, hostSocket } = await openRefusalsRoom();
    const fair = server.player();
    await call(fair, 'player:join', { code, nickname: 'Fair' });

    const big = server.player();
    await new Promise<void>((resolve) => big.on('connect', () => resolve()));
    const dropped = new Promise((resolve) => big.on('disconnect', resolve));
    big.emit('player:join', { code, nickname: 'x'.repeat(40_000) }, () => {});
    await dropped;

    const flooder = server.player();
    await call(flooder, 'player:join', { code, nickname: 'Flood' });
    const cut = new Promise<string>((resolve) => flooder.on('disconnect', resolve));
    const answers: string[] = [];
    for (let i = 0; i < 100; i++) {
      flooder.emit('player:answer', { questionIndex: 0, choices: [0] }, (a: { ok: boolean; error?: { code: string } }) => answers.push(a.error?.code ?? 'ok'));
    }
    expect(await cut).toBe('io server disconnect');
    expect(answers).toContain('RATE_LIMITED');

    await call(hostSocket, 'host:start');
    expect((await call(fair, 'player:answer', { questionIndex: 0, choices: correct })).ok).toBe(true);
  });
});
