import { describe, expect, it } from 'vitest';
import { createGame, type GameState } from '../../../server/src/game/index.ts';
import { LiveRoom } from '../../../server/src/rooms/live-room.ts';
import type { RoomNotifier, RoomTimings } from '../../../server/src/rooms/room-types.ts';
import { MemoryGameRecorder } from '../../../server/src/rooms/memory-game-recorder.ts';
import { RoomDurability } from '../../../server/src/rooms/room-durability.ts';
import { MemoryRoomStore, type RoomMeta } from '../../../server/src/rooms/room-store.ts';
import { WriteGate } from '../../../server/src/rooms/write-gate.ts';
import { numberedQuestion } from '../../support/game-fixtures.ts';

/** A live room over the memory record and store, with a clock the test moves and a notifier that keeps everything. */
function openRoom(options: { timings?: Partial<RoomTimings>; state?: GameState } = {}) {
  const clock = { now: 1_000_000 };
  const recorder = new MemoryGameRecorder();
  const store = new MemoryRoomStore(() => clock.now);
  const told: { to: string; what: string; payload: unknown }[] = [];
  const notifier: RoomNotifier = {
    question: (_code, question) => told.push({ to: 'room', what: 'question', payload: question }),
    playerView: (_code, playerId, view) => told.push({ to: playerId, what: view.phase, payload: view }),
    hostView: (_code, view) => told.push({ to: 'host', what: view.phase, payload: view }),
    hostProgress: (_code, progress) => told.push({ to: 'host', what: 'progress', payload: progress }),
    hostRoster: (_code, changes) => told.push({ to: 'host', what: 'roster', payload: changes }),
    kicked: (_code, playerId) => told.push({ to: playerId, what: 'kicked', payload: null }),
    closed: (_code, reason) => told.push({ to: 'room', what: 'closed', payload: reason }),
  };
  const state = options.state ?? createGame({ questions: [numberedQuestion(1, { timeLimitMs: 10_000 }), numberedQuestion(2)], settings: { seed: 1 } });
  const meta: RoomMeta = { code: 'ROOM22', gameId: 'game-1', instructorId: 'teacher', title: 'Unit', phase: state.phase };
  void store.create(meta, state, 'node-a', 60_000);
  const lost: string[] = [];
  const closed: string[] = [];
  const durability = new RoomDurability(recorder, new WriteGate(4), { store, nodeId: 'node-a', leaseMs: 60_000, meta }, { version: 0 }, () => {}, () => lost.push(meta.code));
  const room = new LiveRoom({ code: meta.code, gameId: meta.gameId, instructorId: 'teacher', title: 'Unit' }, { state }, {
    durability,
    notifier,
    timings: { hostGraceMs: 60_000, lingerMs: 60_000, hostUpdateMs: 0, ...options.timings },
    now: () => clock.now,
    onClosed: (code) => closed.push(code),
    log: () => {},
  });
  return { room, recorder, store, told, clock, lost, closed, meta };
}

describe('a live room', () => {
  it('acknowledges joins that arrive together only once they are recorded, with one seat each', async () => {
    const { room, recorder } = openRoom();
    const acks = await Promise.all(['Ana', 'Ben', 'ana'].map((nickname) => room.join(nickname)));
    expect(acks.map((ack) => (ack.ok ? 'ok' : ack.error.code))).toEqual(['ok', 'ok', 'NICKNAME_TAKEN']);
    expect([...recorder.players.values()].map((p) => p.nickname)).toEqual(['Ana', 'Ben']);
    const ana = acks[0]!;
    expect(ana.ok && room.rejoin(ana.rejoinToken)).toMatchObject({ ok: true, playerId: ana.ok ? ana.playerId : '' });
  });

  it('stores an answer before it acknowledges it, and refuses it whole when the record is down', async () => {
    const { room, recorder, told } = openRoom();
    const ana = await room.join('Ana');
    const ben = await room.join('Ben');
    if (!ana.ok || !ben.ok) throw new Error('joins refused');
    expect(room.attachHost('teacher', false).ok).toBe(true);
    expect(await room.hostCommand('start')).toEqual({ ok: true });
    expect(told.some((t) => t.what === 'question')).toBe(true);

    recorder.failing = true;
    expect(await room.answer(ana.playerId, 0, [1])).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(room.currentState.players[ana.playerId]!.answers).toEqual({});

    recorder.failing = false;
    expect(await room.answer(ana.playerId, 0, [1])).toEqual({ ok: true, questionIndex: 0 });
    expect([...recorder.answers.values()].map((a) => [a.playerId, a.chosen])).toEqual([[ana.playerId, [1]]]);
    // The question that went out before it was stored is recorded before the answer to it.
    expect(recorder.writes.indexOf('recordStep')).toBeLessThan(recorder.writes.indexOf('addAnswers'));
    expect(await room.answer(ana.playerId, 0, [2])).toMatchObject({ ok: false, error: { code: 'ALREADY_ANSWERED' } });
  });

  it('closes the question when everyone in play has answered, and tells each player their result', async () => {
    const { room, told } = openRoom();
    const ana = await room.join('Ana');
    const ben = await room.join('Ben');
    if (!ana.ok || !ben.ok) throw new Error('joins refused');
    await room.hostCommand('start');
    await room.answer(ana.playerId, 0, [1]);
    expect(room.phase).toBe('question');
    await room.answer(ben.playerId, 0, [0]);
    expect(room.phase).toBe('reveal');
    const results = told.filter((t) => t.what === 'reveal' && t.to !== 'host').map((t) => [t.to, (t.payload as { result: { correct: boolean } }).result.correct]);
    expect(results).toEqual([[ana.playerId, true], [ben.playerId, false]]);
  });

  it('stops at once when another node has taken the room over', async () => {
    const { room, store, clock, lost, meta } = openRoom();
    await room.join('Ana');
    clock.now += 61_000; // this node's lease ran out
    expect(await store.claim(meta.code, 'node-b', 60_000)).toBe(true);
    expect(await room.hostCommand('start')).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(room.lostOwnership).toBe(true);
    expect(room.isClosed).toBe(true);
    expect(lost).toEqual([meta.code]);
  });

  it('ends itself when its host stays away past the grace time', async () => {
    const { room, closed, told } = openRoom({ timings: { hostGraceMs: 20 } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(room.isClosed).toBe(true);
    expect(closed).toEqual(['ROOM22']);
    expect(told.at(-1)).toEqual({ to: 'room', what: 'closed', payload: 'host-left' });
  });

  it('shows the host who is connected and who has answered, from connect events and recounts', async () => {
    const { room } = openRoom();
    const ana = await room.join('Ana');
    const ben = await room.join('Ben');
    if (!ana.ok || !ben.ok) throw new Error('joins refused');
    room.playerConnected(ana.playerId);
    room.playerConnected(ben.playerId);
    room.playerDisconnected(ben.playerId);
    const players = () => {
      const page = room.hostPlayers({ offset: 0, limit: 10 });
      return page.ok ? page.players : [];
    };
    expect(players().map((p) => [p.nickname, p.connected])).toEqual([['Ana', true], ['Ben', false]]);
    // A recount from the cluster (Ben is on another node) replaces the count, unless an event came in between.
    const mark = room.presenceMark;
    room.reconcilePresence({ players: new Map([[ana.playerId, 1], [ben.playerId, 1]]), hosts: 1, complete: true }, mark);
    expect(players().map((p) => p.connected)).toEqual([true, true]);
    room.reconcilePresence({ players: new Map(), hosts: 0, complete: true }, mark - 1);
    expect(players().map((p) => p.connected)).toEqual([true, true]);
    await room.hostCommand('start');
    expect((await room.answer(ana.playerId, 0, [1])).ok).toBe(true);
    expect(players().map((p) => [p.nickname, p.answered])).toEqual([['Ana', true], ['Ben', false]]);
  });
});

describe('a room that another node takes over', () => {
  it('never acknowledges choices other than the stored ones, even when the owner stalls between storing an answer and saving the room', async () => {
    const first = openRoom();
    const ana = await first.room.join('Ana');
    const ben = await first.room.join('Ben');
    if (!ana.ok || !ben.ok) throw new Error('joins refused');
    await first.room.hostCommand('start');

    // The owner stores Ana's answer, then stalls before the room store has the step.
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const save = first.store.save.bind(first.store);
    first.store.save = async (...args) => {
      if (args[1] === 'node-a') await stalled;
      return save(...args);
    };
    const firstAck = first.room.answer(ana.playerId, 0, [1]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...first.recorder.answers.values()].map((a) => a.chosen)).toEqual([[1]]);

    // Its lease is gone; another node takes the room from the store, which has no answer yet.
    await first.store.release(first.meta.code, 'node-a');
    expect(await first.store.claim(first.meta.code, 'node-b', 60_000)).toBe(true);
    const stored = (await first.store.load(first.meta.code))!;
    expect(stored.state.players[ana.playerId]!.answers).toEqual({});
    const durability = new RoomDurability(first.recorder, new WriteGate(4), { store: first.store, nodeId: 'node-b', leaseMs: 60_000, meta: first.meta }, { version: stored.version }, () => {}, () => {});
    const second = new LiveRoom({ code: first.meta.code, gameId: 'game-1', instructorId: 'teacher', title: 'Unit' }, { state: stored.state }, {
      durability,
      notifier: { question() {}, playerView() {}, hostView() {}, hostRoster() {}, hostProgress() {}, kicked() {}, closed() {} },
      timings: { hostGraceMs: 60_000, lingerMs: 60_000, hostUpdateMs: 0 },
      now: () => first.clock.now,
      onClosed: () => {},
      log: () => {},
    });

    // Ana's phone retries there with other choices: refused, with the stored answer.
    expect(await second.answer(ana.playerId, 0, [2])).toEqual({ ok: false, error: { code: 'ALREADY_ANSWERED', message: expect.any(String), chosen: [1] } });
    expect(second.currentState.players[ana.playerId]!.answers[0]).toMatchObject({ chosen: [1] });
    expect([...first.recorder.answers.values()].map((a) => a.chosen)).toEqual([[1]]);
    // The old owner wakes up: the room is no longer its own, and it says so.
    release();
    expect(await firstAck).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    // Ben answers on the new owner; the question closes with both stored answers.
    expect(await second.answer(ben.playerId, 0, [0])).toEqual({ ok: true, questionIndex: 0 });
    expect(second.phase).toBe('reveal');
    expect(Object.values(second.currentState.players).map((p) => p.correctCount)).toEqual([1, 0]);
  });
});
