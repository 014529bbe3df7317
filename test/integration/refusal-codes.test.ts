import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/src/protocol.ts';
import { call, next, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

/** The refusals docs/protocol.md promises, each produced on a real server exactly as documented. */
describe('documented refusal codes', () => {
  let server: LiveServer;
  let host: Instructor;
  let correct: number[];

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
    correct = (await server.db.question.findUniqueOrThrow({ where: { id: 'sdlc.codebuild.001' } })).answer;
  });
  afterAll(() => server.close());

  const openCodesRoom = (items: { readingSec?: number }[] = [{}, {}]) =>
    openRoom(server, host, items.map((item, i) => ({ questionId: `sdlc.codebuild.00${i + 1}`, timeLimitSec: 30, readingSec: 0, ...item })), 'Codes');

  const refusedWith = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

  it('judges option indexes and nicknames by the game rules, not as malformed payloads', async () => {
    const { code, hostSocket } = await openCodesRoom();
    const ana = server.player();
    expect(await call(server.player(), 'player:join', { code, nickname: 'A'.repeat(101) })).toEqual(refusedWith('NICKNAME_INVALID'));
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    await call(hostSocket, 'host:start', {});
    for (const choices of [[10], [-1], [999]]) {
      expect(await call(ana, 'player:answer', { questionIndex: 0, choices })).toEqual(refusedWith('INVALID_CHOICE'));
    }
    expect((await call(ana, 'player:answer', { questionIndex: 0, choices: correct })).ok).toBe(true);
  });

  it('answers TIME_UP, never WRONG_PHASE, for an answer that arrives just after its question closed', async () => {
    const { code, hostSocket } = await openCodesRoom();
    const ana = server.player();
    const ben = server.player();
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    await call(ben, 'player:join', { code, nickname: 'Ben' });
    await call(hostSocket, 'host:start', {});
    const reveal = next(ben, 'game:view', (v) => v.phase === 'reveal');
    await call(hostSocket, 'host:next', {});
    await reveal;
    expect(await call(ben, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('TIME_UP'));
    expect(await call(ben, 'player:answer', { questionIndex: 1, choices: [0] })).toEqual(refusedWith('WRONG_PHASE'));
  });

  it('tells a removed student PLAYER_KICKED in every phase, the lobby included', async () => {
    const { code, hostSocket } = await openCodesRoom();
    const eve = server.player();
    const joined = await call(eve, 'player:join', { code, nickname: 'Eve' });
    await call(server.player(), 'player:join', { code, nickname: 'Fay' });
    expect(await call(hostSocket, 'host:kick', { playerId: joined.playerId })).toEqual({ ok: true });
    expect(await call(eve, 'player:answer', { questionIndex: 0, choices: [0] })).toEqual(refusedWith('PLAYER_KICKED'));
    expect(await call(hostSocket, 'host:kick', { playerId: joined.playerId })).toEqual(refusedWith('PLAYER_KICKED'));
    expect(await call(hostSocket, 'host:kick', { playerId: '00000000-0000-4000-8000-000000000000' })).toEqual(refusedWith('UNKNOWN_PLAYER'));
  });

  it('refuses a second join on one connection ALREADY_JOINED, and a start without players NO_PLAYERS', async () => {
    const { code, hostSocket } = await openCodesRoom();
    expect(await call(hostSocket, 'host:start', {})).toEqual(refusedWith('NO_PLAYERS'));
    const ana = server.player();
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    expect(await call(ana, 'player:join', { code, nickname: 'Ana2' })).toEqual(refusedWith('ALREADY_JOINED'));
    expect(await call(server.player(), 'player:rejoin', { code, token: 'x'.repeat(43) })).toEqual(refusedWith('INVALID_TOKEN'));
  });

  it('holds answers until reading time is over: ANSWERS_NOT_OPEN', async () => {
    const { code, hostSocket } = await openCodesRoom([{ readingSec: 20 }]);
    const ana = server.player();
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    await call(hostSocket, 'host:start', {});
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('ANSWERS_NOT_OPEN'));
    server.clock.offsetMs += 20_000;
    try {
      expect(await call(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual({ ok: true, questionIndex: 0 });
    } finally {
      server.clock.offsetMs -= 20_000;
    }
  });

  it('refuses pause misuse, stale host commands and anything after the podium', async () => {
    const { code, hostSocket } = await openCodesRoom([{}]);
    const ana = server.player();
    await call(ana, 'player:join', { code, nickname: 'Ana' });
    expect(await call(hostSocket, 'host:pause', {})).toEqual(refusedWith('WRONG_PHASE'));
    expect(await call(hostSocket, 'host:start', { at: { index: -1, phase: 'lobby' } })).toEqual({ ok: true });
    expect(await call(hostSocket, 'host:start', { at: { index: -1, phase: 'lobby' } })).toEqual(refusedWith('STALE_COMMAND'));
    expect(await call(hostSocket, 'host:resume', {})).toEqual(refusedWith('NOT_PAUSED'));
    expect(await call(hostSocket, 'host:pause', {})).toEqual({ ok: true });
    expect(await call(hostSocket, 'host:pause', {})).toEqual(refusedWith('ALREADY_PAUSED'));
    expect(await call(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('PAUSED'));
    expect(await call(hostSocket, 'host:next', { at: { index: 0, phase: 'reveal' } })).toEqual(refusedWith('STALE_COMMAND'));
    expect(await call(hostSocket, 'host:end', {})).toEqual({ ok: true });
    expect(await call(hostSocket, 'host:next', {})).toEqual(refusedWith('GAME_OVER'));
    expect(await call(hostSocket, 'host:lock', { locked: true })).toEqual(refusedWith('GAME_OVER'));
  });

  it('keeps a host of another room out: NOT_HOST before attaching', async () => {
    const other = server.host(host.cookie);
    await new Promise<void>((resolve) => other.once('connect', () => resolve()));
    expect(await call(other, 'host:start', {})).toEqual(refusedWith('NOT_HOST'));
  });

  it('documents exactly the codes the server can answer with', () => {
    const doc = fs.readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('## Error codes'), doc.indexOf('\n## ', doc.indexOf('## Error codes') + 1));
    const documented = new Set([...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!)));
    expect([...documented].sort()).toEqual([...new Set(ERROR_CODES)].sort());
  });
});
