import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGame, type GameState, type Player } from '../../server/src/game/index.ts';
import { RedisRoomStore } from '../../server/src/rooms/redis-room-store.ts';
import { MemoryRoomStore, type RoomMeta, type RoomStore } from '../../server/src/rooms/room-store.ts';
import { numberedQuestion } from '../support/game-fixtures.ts';
import { connectTestRedis, uniqueRedisPrefix } from '../support/redis.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Harness = {
  store: () => RoomStore;
  /** What another node sees of the same rooms (the memory store serves one process: itself). */
  peer: (store: RoomStore) => RoomStore;
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
};

let redis: Awaited<ReturnType<typeof connectTestRedis>> | undefined;
const prefix = uniqueRedisPrefix();

const implementations: Record<string, Harness> = {
  memory: { store: () => new MemoryRoomStore(), peer: (store) => store },
  redis: {
    store: () => new RedisRoomStore(redis!.client, prefix),
    peer: () => new RedisRoomStore(redis!.client, prefix),
    setup: async () => {
      redis = await connectTestRedis();
    },
    teardown: async () => {
      await redis?.dropPrefix(prefix);
      await redis?.close();
    },
  },
};

let n = 0;

function samplePlayer(id: string): Player {
  return { id, nickname: `Nick ${id}`, score: 0, streak: 0, correctCount: 0, totalResponseMs: 0, answers: {}, joinedSeq: 0, kicked: false };
}

function newRoom(): { meta: RoomMeta; state: GameState } {
  const code = `T${String(++n).padStart(5, '0')}`;
  const state = createGame({ questions: [numberedQuestion(1)], settings: { seed: n } });
  return { meta: { code, gameId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, instructorId: 'instructor-1', title: `Room ${n}`, phase: 'lobby' }, state };
}

const LEASE = 60_000;

describe.each(Object.keys(implementations))('the %s room store', (name) => {
  const harness = implementations[name]!;
  let store: RoomStore;

  beforeAll(async () => {
    await harness.setup?.();
    store = harness.store();
  });
  afterAll(async () => {
    await harness.teardown?.();
  });

  it('creates a room once, owned by its creator, and loads it back', async () => {
    const { meta, state } = newRoom();
    expect(await store.create(meta, state, 'node-a', LEASE)).toBe(true);
    expect(await store.create(meta, state, 'node-b', LEASE)).toBe(false);
    expect(await store.owner(meta.code)).toBe('node-a');
    expect(await store.load(meta.code)).toEqual({ meta, state, version: 0 });
    expect(await store.load('NOSUCH')).toBeNull();
  });

  it('saves only for the lease holder and only on the current version', async () => {
    const { meta, state } = newRoom();
    await store.create(meta, state, 'node-a', LEASE);
    const started: GameState = { ...state, phase: 'question', index: 0 };
    expect(await store.save(meta.code, 'node-b', 0, started)).toBeNull();
    expect(await store.save(meta.code, 'node-a', 1, started)).toBeNull();
    expect(await store.save(meta.code, 'node-a', 0, started)).toBe(1);
    expect(await store.save(meta.code, 'node-a', 0, state)).toBeNull();
    const loaded = await store.load(meta.code);
    expect(loaded).toMatchObject({ version: 1, meta: { phase: 'question' }, state: { phase: 'question', index: 0 } });
    expect(await store.save('NOSUCH', 'node-a', 0, started)).toBeNull();
  });

  it('lets exactly one of two racing saves of the same version through', async () => {
    const { meta, state } = newRoom();
    await store.create(meta, state, 'node-a', LEASE);
    const results = await Promise.all([
      store.save(meta.code, 'node-a', 0, { ...state, index: 1 }),
      store.save(meta.code, 'node-a', 0, { ...state, index: 2 }),
    ]);
    expect(results.filter((r) => r === 1)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    const winner = results[0] === 1 ? 1 : 2;
    expect((await store.load(meta.code))!.state.index).toBe(winner);
  });

  it('loses no update when many writers retry on conflicts', async () => {
    const { meta, state } = newRoom();
    await store.create(meta, { ...state, index: 0 }, 'node-a', LEASE);
    const increment = async () => {
      for (;;) {
        const current = (await store.load(meta.code))!;
        const saved = await store.save(meta.code, 'node-a', current.version, { ...current.state, index: current.state.index + 1 });
        if (saved !== null) return;
      }
    };
    await Promise.all(Array.from({ length: 25 }, increment));
    expect(await store.load(meta.code)).toMatchObject({ version: 25, state: { index: 25 } });
  });

  it('lets another node take a room over before the lease runs out only once its owner has no heartbeat', async () => {
    const { meta, state } = newRoom();
    const owner = `owner-${n}`;
    await store.create(meta, state, owner, LEASE);
    expect(await store.lastOwner(meta.code)).toBe(owner);
    expect(await store.isAlive(owner)).toBe(false);
    await store.heartbeat(owner, 150);
    expect(await store.isAlive(owner)).toBe(true);
    expect(await store.lastSeen(owner)).toEqual(expect.any(Number));
    expect(await store.takeOver(meta.code, owner, 'node-b', LEASE)).toBe(false);
    await sleep(250);
    expect(await store.isAlive(owner)).toBe(false);
    // Only the owner named can be taken over, by exactly one of two nodes racing for it.
    expect(await store.takeOver(meta.code, 'someone-else', 'node-b', LEASE)).toBe(false);
    const races = await Promise.all([store.takeOver(meta.code, owner, 'node-b', LEASE), store.takeOver(meta.code, owner, 'node-c', LEASE)]);
    expect(races.filter(Boolean)).toHaveLength(1);
    const winner = races[0] ? 'node-b' : 'node-c';
    expect(await store.owner(meta.code)).toBe(winner);
    expect(await store.lastOwner(meta.code)).toBe(winner);
    // The old owner, should it still be running, can no longer commit a step.
    expect(await store.save(meta.code, owner, 0, { ...state, index: 3 })).toBeNull();
    expect(await store.save(meta.code, winner, 0, { ...state, index: 3 })).toBe(1);
  });

  it('keeps a held lease from other nodes, hands an expired one to exactly one claimer, and fences the old owner', async () => {
    const { meta, state } = newRoom();
    await store.create(meta, state, 'node-a', 300);
    expect(await store.claim(meta.code, 'node-b', LEASE)).toBe(false);
    expect(await store.claim(meta.code, 'node-a', 300)).toBe(true);
    await sleep(450);
    expect(await store.owner(meta.code)).toBeNull();
    const claims = await Promise.all(['node-b', 'node-c', 'node-d'].map((node) => store.claim(meta.code, node, LEASE)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = ['node-b', 'node-c', 'node-d'][claims.indexOf(true)]!;
    expect(await store.owner(meta.code)).toBe(winner);
    expect(await store.lastOwner(meta.code)).toBe(winner);
    // The old owner wakes up and tries to commit: refused, so two nodes never both advance the room.
    expect(await store.save(meta.code, 'node-a', 0, { ...state, index: 9 })).toBeNull();
    expect(await store.save(meta.code, winner, 0, { ...state, index: 1 })).toBe(1);
  });

  it('releases a lease only for its holder', async () => {
    const { meta, state } = newRoom();
    await store.create(meta, state, 'node-a', LEASE);
    await store.release(meta.code, 'node-b');
    expect(await store.owner(meta.code)).toBe('node-a');
    await store.release(meta.code, 'node-a');
    expect(await store.owner(meta.code)).toBeNull();
    expect(await store.claim(meta.code, 'node-b', LEASE)).toBe(true);
  });

  it('lists rooms with their current phase and forgets removed ones', async () => {
    const a = newRoom();
    const b = newRoom();
    await store.create(a.meta, a.state, 'node-a', LEASE);
    await store.create(b.meta, b.state, 'node-b', LEASE);
    await store.save(b.meta.code, 'node-b', 0, { ...b.state, phase: 'podium' });
    const listed = await store.list();
    expect(listed).toEqual(expect.arrayContaining([a.meta, { ...b.meta, phase: 'podium' }]));
    await store.remove(a.meta.code);
    expect((await store.list()).map((meta) => meta.code)).not.toContain(a.meta.code);
    expect(await store.load(a.meta.code)).toBeNull();
    expect(await store.owner(a.meta.code)).toBeNull();
    expect(await store.claim(a.meta.code, 'node-c', LEASE)).toBe(false);
  });

  it('keeps the whole game state, players and answers included', async () => {
    const { meta, state } = newRoom();
    await store.create(meta, state, 'node-a', LEASE);
    const withPlayer: GameState = {
      ...state,
      players: {
        p1: { id: 'p1', nickname: 'Ana', joinedSeq: 0, score: 950, streak: 1, kicked: false, answers: {} } as unknown as GameState['players'][string],
      },
      nextJoinSeq: 1,
    };
    await store.save(meta.code, 'node-a', 0, withPlayer);
    expect((await store.load(meta.code))!.state).toEqual(withPlayer);
  });

  it('hands the exact last state to the next owner after a chain of saves, and fences the old one', async () => {
    const { meta, state } = newRoom();
    const player = (id: string, score: number) => ({ ...samplePlayer(id), score });
    const three = { ...state, players: { a: player('a', 0), b: player('b', 0), c: player('c', 0) }, nextJoinSeq: 3 };
    await store.create(meta, three, 'node-a', LEASE);
    const scored = { ...three, phase: 'reveal' as const, players: { ...three.players, b: player('b', 900) } };
    expect(await store.save(meta.code, 'node-a', 0, scored)).toBe(1);
    const grown = { ...scored, players: { ...scored.players, d: player('d', 0) }, nextJoinSeq: 4 };
    expect(await store.save(meta.code, 'node-a', 1, grown)).toBe(2);

    const other = harness.peer(store);
    expect((await other.load(meta.code))!.state).toEqual(grown);
    await store.release(meta.code, 'node-a');
    expect(await other.claim(meta.code, 'node-b', LEASE)).toBe(true);
    const later = { ...grown, players: { ...grown.players, a: player('a', 500), c: { ...player('c', 0), kicked: true } } };
    expect(await other.save(meta.code, 'node-b', 2, later)).toBe(3);
    expect(await store.save(meta.code, 'node-a', 2, { ...grown, players: { ...grown.players, b: player('b', 1) } })).toBeNull();

    expect(await harness.peer(other).load(meta.code)).toMatchObject({ version: 3, state: later });
    expect((await store.load(meta.code))!.state).toEqual(later);
  });

  it('replaces the players when a save drops one', async () => {
    const { meta, state } = newRoom();
    const two = { ...state, players: { a: samplePlayer('a'), b: samplePlayer('b') } };
    await store.create(meta, two, 'node-a', LEASE);
    const one = { ...two, players: { a: two.players.a } };
    expect(await store.save(meta.code, 'node-a', 0, one)).toBe(1);
    expect((await harness.peer(store).load(meta.code))!.state).toEqual(one);
  });
});

describe('the Redis room store across nodes', () => {
  beforeAll(async () => {
    await implementations.redis!.setup!();
  });
  afterAll(async () => {
    await implementations.redis!.teardown!();
  });

  it('loads a room saved with its players inside the state (before they had a hash of their own)', async () => {
    const { meta, state } = newRoom();
    const store = new RedisRoomStore(redis!.client, prefix);
    const withPlayers = { ...state, players: { a: samplePlayer('a') } };
    await redis!.client.hSet(`${prefix}room:${meta.code}`, { gameId: meta.gameId, instructorId: meta.instructorId, title: meta.title, phase: 'lobby', state: JSON.stringify(withPlayers), version: '4' });
    expect(await store.load(meta.code)).toMatchObject({ version: 4, state: withPlayers });
  });

  it('refuses a save made against an earlier life of a room with the same code', async () => {
    const { meta, state } = newRoom();
    const nodeA = new RedisRoomStore(redis!.client, prefix);
    const nodeB = new RedisRoomStore(redis!.client, prefix);
    const before = { ...state, players: { a: samplePlayer('a'), b: samplePlayer('b') } };
    await nodeA.create(meta, before, 'node-a', LEASE);
    expect(await nodeA.save(meta.code, 'node-a', 0, { ...before, phase: 'question' })).toBe(1);
    // The room is lost (Redis restarted empty, say) and published again with other players,
    // and its version counts up to where node A left it.
    await nodeB.remove(meta.code);
    const again = { ...state, players: { z: samplePlayer('z') } };
    await nodeB.create(meta, again, 'node-a', LEASE);
    expect(await nodeB.save(meta.code, 'node-a', 0, { ...again, phase: 'question' })).toBe(1);

    expect(await nodeA.save(meta.code, 'node-a', 1, { ...before, phase: 'reveal', players: { ...before.players, b: { ...samplePlayer('b'), score: 5 } } })).toBeNull();
    expect((await nodeA.load(meta.code))!.state).toEqual({ ...again, phase: 'question' });
  });
});
