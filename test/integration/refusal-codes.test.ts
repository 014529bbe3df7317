import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/src/protocol.ts';
import type { Socket } from 'socket.io-client';
import { call, next, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

const doc = fs.readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

/** Each client event's refusal list, from the `Event | Payload | Ack on success | Refusals` tables. */
function documentedRefusals(): Map<string, Set<string>> {
  const lists = new Map<string, Set<string>>();
  for (const table of doc.split('| Event | Payload | Ack on success | Refusals |').slice(1)) {
    const rows = table.split('\n').slice(2);
    for (const row of rows.slice(0, rows.findIndex((line) => !line.startsWith('|')))) {
      const cells = row.split(/(?<!\\)\|/).slice(1, -1);
      const codes = new Set([...cells.at(-1)!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
      for (const [, event] of cells[0]!.matchAll(/`([a-z]+:[a-z]+)`/g)) lists.set(event!, codes);
    }
  }
  return lists;
}

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
  /** Every refusal the tests here saw, with its event: each must be in that event's own list. */
  const seen: { event: string; code: string }[] = [];
  const ask = async (socket: Socket, event: string, payload: unknown = {}) => {
    const ack = await call(socket, event, payload);
    if (ack?.ok === false) seen.push({ event, code: ack.error.code });
    return ack;
  };

  it('judges option indexes and nicknames by the game rules, not as malformed payloads', async () => {
    const { code, hostSocket } = await openCodesRoom();
    const ana = server.player();
    expect(await ask(server.player(), 'player:join', { code, nickname: 'A'.repeat(101) })).toEqual(refusedWith('NICKNAME_INVALID'));
    await ask(ana, 'player:join', { code, nickname: 'Ana' });
    await ask(hostSocket, 'host:start', {});
    // Too few (none at all), too many, out of range: all judged by the game, not the schema.
    for (const choices of [[], [0, 1], [10], [-1], [999]]) {
      expect(await ask(ana, 'player:answer', { questionIndex: 0, choices })).toEqual(refusedWith('INVALID_CHOICE'));
    }
    expect((await ask(ana, 'player:answer', { questionIndex: 0, choices: correct })).ok).toBe(true);
  });

  it('answers TIME_UP, never WRONG_PHASE, for an answer that arrives just after its question closed', async () => {
    const { code, hostSocket } = await openCodesRoom();
    const ana = server.player();
    const ben = server.player();
    await ask(ana, 'player:join', { code, nickname: 'Ana' });
    await ask(ben, 'player:join', { code, nickname: 'Ben' });
    await ask(hostSocket, 'host:start', {});
    const reveal = next(ben, 'game:view', (v) => v.phase === 'reveal');
    await ask(hostSocket, 'host:next', {});
    await reveal;
    expect(await ask(ben, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('TIME_UP'));
    expect(await ask(ben, 'player:answer', { questionIndex: 1, choices: [0] })).toEqual(refusedWith('WRONG_PHASE'));
  });

  it('refuses an answer in the lobby WRONG_PHASE, and a second answer ALREADY_ANSWERED before TIME_UP or INVALID_CHOICE', async () => {
    const { code, hostSocket } = await openCodesRoom();
    const ana = server.player();
    const ben = server.player();
    await ask(ana, 'player:join', { code, nickname: 'Ana' });
    await ask(ben, 'player:join', { code, nickname: 'Ben' });
    expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('WRONG_PHASE'));
    await ask(hostSocket, 'host:start', {});
    expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual({ ok: true, questionIndex: 0 });
    expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: [99] })).toMatchObject(refusedWith('ALREADY_ANSWERED'));
    server.clock.offsetMs += 31_000;
    try {
      expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: [99] })).toMatchObject(refusedWith('ALREADY_ANSWERED'));
      expect(await ask(ben, 'player:answer', { questionIndex: 0, choices: [99] })).toEqual(refusedWith('TIME_UP'));
    } finally {
      server.clock.offsetMs -= 31_000;
    }
  });

  it('tells a removed student PLAYER_KICKED in every phase, the lobby included', async () => {
    const { code, hostSocket } = await openCodesRoom();
    const eve = server.player();
    const joined = await ask(eve, 'player:join', { code, nickname: 'Eve' });
    await ask(server.player(), 'player:join', { code, nickname: 'Fay' });
    expect(await ask(hostSocket, 'host:kick', { playerId: joined.playerId })).toEqual({ ok: true });
    expect(await ask(eve, 'player:answer', { questionIndex: 0, choices: [0] })).toEqual(refusedWith('PLAYER_KICKED'));
    expect(await ask(hostSocket, 'host:kick', { playerId: joined.playerId })).toEqual(refusedWith('PLAYER_KICKED'));
    expect(await ask(hostSocket, 'host:kick', { playerId: '00000000-0000-4000-8000-000000000000' })).toEqual(refusedWith('UNKNOWN_PLAYER'));
  });

  it('refuses a second join on one connection ALREADY_JOINED, and a start without players NO_PLAYERS', async () => {
    const { code, hostSocket } = await openCodesRoom();
    expect(await ask(hostSocket, 'host:start', {})).toEqual(refusedWith('NO_PLAYERS'));
    const ana = server.player();
    await ask(ana, 'player:join', { code, nickname: 'Ana' });
    expect(await ask(ana, 'player:join', { code, nickname: 'Ana2' })).toEqual(refusedWith('ALREADY_JOINED'));
    expect(await ask(server.player(), 'player:rejoin', { code, token: 'x'.repeat(43) })).toEqual(refusedWith('INVALID_TOKEN'));
  });

  it('holds answers until reading time is over: ANSWERS_NOT_OPEN', async () => {
    const { code, hostSocket } = await openCodesRoom([{ readingSec: 20 }]);
    const ana = server.player();
    await ask(ana, 'player:join', { code, nickname: 'Ana' });
    await ask(hostSocket, 'host:start', {});
    expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('ANSWERS_NOT_OPEN'));
    server.clock.offsetMs += 20_000;
    try {
      expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual({ ok: true, questionIndex: 0 });
    } finally {
      server.clock.offsetMs -= 20_000;
    }
  });

  it('refuses pause misuse, stale host commands and anything after the podium', async () => {
    const { code, hostSocket } = await openCodesRoom([{}]);
    const ana = server.player();
    await ask(ana, 'player:join', { code, nickname: 'Ana' });
    expect(await ask(hostSocket, 'host:pause', {})).toEqual(refusedWith('WRONG_PHASE'));
    expect(await ask(hostSocket, 'host:start', { at: { index: -1, phase: 'lobby' } })).toEqual({ ok: true });
    expect(await ask(hostSocket, 'host:start', { at: { index: -1, phase: 'lobby' } })).toEqual(refusedWith('STALE_COMMAND'));
    expect(await ask(hostSocket, 'host:resume', {})).toEqual(refusedWith('NOT_PAUSED'));
    expect(await ask(hostSocket, 'host:pause', {})).toEqual({ ok: true });
    expect(await ask(hostSocket, 'host:pause', {})).toEqual(refusedWith('ALREADY_PAUSED'));
    expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('PAUSED'));
    expect(await ask(hostSocket, 'host:next', { at: { index: 0, phase: 'reveal' } })).toEqual(refusedWith('STALE_COMMAND'));
    expect(await ask(hostSocket, 'host:end', {})).toEqual({ ok: true });
    expect(await ask(hostSocket, 'host:next', {})).toEqual(refusedWith('GAME_OVER'));
    expect(await ask(hostSocket, 'host:lock', { locked: true })).toEqual(refusedWith('GAME_OVER'));
  });

  it('takes a repeated pause with the same `at` as ALREADY_PAUSED, and anything after the podium as GAME_OVER, `at` or not', async () => {
    const { code, hostSocket } = await openCodesRoom([{}]);
    const ana = server.player();
    const joined = await ask(ana, 'player:join', { code, nickname: 'Ana' });
    await ask(hostSocket, 'host:start', {});
    const open = { index: 0, phase: 'question' };
    expect(await ask(hostSocket, 'host:pause', { at: open })).toEqual({ ok: true });
    // Pausing does not move the game: the mark still matches, the question is paused already.
    expect(await ask(hostSocket, 'host:pause', { at: open })).toEqual(refusedWith('ALREADY_PAUSED'));
    expect(await ask(hostSocket, 'host:resume', { at: open })).toEqual({ ok: true });
    await ask(ana, 'player:answer', { questionIndex: 0, choices: correct });
    expect(await ask(hostSocket, 'host:next', { at: { index: 0, phase: 'reveal' } })).toEqual({ ok: true });
    const lastLeaderboard = { at: { index: 0, phase: 'leaderboard' } };
    expect(await ask(hostSocket, 'host:next', lastLeaderboard)).toEqual({ ok: true });
    // On the podium, a repeat of the click that got there is GAME_OVER, not STALE_COMMAND.
    expect(await ask(hostSocket, 'host:next', lastLeaderboard)).toEqual(refusedWith('GAME_OVER'));
    expect(await ask(ana, 'player:answer', { questionIndex: 0, choices: correct })).toEqual(refusedWith('GAME_OVER'));
    for (const event of ['host:start', 'host:skip', 'host:pause', 'host:resume', 'host:end']) expect(await ask(hostSocket, event, {})).toEqual(refusedWith('GAME_OVER'));
    expect(await ask(hostSocket, 'host:kick', { playerId: joined.playerId })).toEqual(refusedWith('GAME_OVER'));
    expect(await ask(server.player(), 'player:join', { code, nickname: 'Late' })).toEqual(refusedWith('GAME_OVER'));
    // The host can still look: the podium stays up until the room closes.
    expect(await ask(hostSocket, 'host:players', {})).toMatchObject({ ok: true, total: 1 });
    expect(await ask(hostSocket, 'host:attach', { code })).toMatchObject({ ok: true, view: { phase: 'podium' } });
  });

  it('keeps a host of another room out: NOT_HOST before attaching', async () => {
    const other = server.host(host.cookie);
    await new Promise<void>((resolve) => other.once('connect', () => resolve()));
    expect(await ask(other, 'host:start', {})).toEqual(refusedWith('NOT_HOST'));
  });

  it("lists every refusal seen here in its own event's refusal list", () => {
    const lists = documentedRefusals();
    expect([...lists.keys()]).toEqual(expect.arrayContaining(['player:join', 'player:answer', 'host:start', 'host:pause', 'host:resume', 'host:kick']));
    expect(new Set(seen.map(({ event }) => event)).size).toBeGreaterThanOrEqual(10);
    const missing = seen.filter(({ event, code }) => !lists.get(event)?.has(code)).map(({ event, code }) => `${event}: ${code}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('documents exactly the codes the server can answer with', () => {
    const table = doc.slice(doc.indexOf('## Error codes'), doc.indexOf('\n## ', doc.indexOf('## Error codes') + 1));
    const documented = new Set([...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!)));
    expect([...documented].sort()).toEqual([...new Set(ERROR_CODES)].sort());
  });
});
