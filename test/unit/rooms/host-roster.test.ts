import { describe, expect, it } from 'vitest';
import { createGame, reduce, type Command, type GameState } from '../../../server/src/game/index.ts';
import { HostRoster } from '../../../server/src/rooms/host-roster.ts';
import { rosterDigest } from '../../../server/src/protocol.ts';
import { RosterCopy } from '../../../web/src/lib/host-roster.ts';
import { numberedQuestion } from '../../support/game-fixtures.ts';

const apply = (state: GameState, command: Command, now = 0) => {
  const result = reduce(state, command, now);
  if (!result.ok) throw new Error(result.error.code);
  return result.state;
};
const join = (state: GameState, id: string, now = 0) => apply(state, { type: 'join', playerId: id, nickname: `Nick ${id}` }, now);

describe('the host roster: changes after the whole roster', () => {
  it('sends only what changed since the last update, numbered, and nothing when nothing did', () => {
    const online = new Set<string>();
    const connected = (id: string) => online.has(id);
    let state = join(join(createGame({ questions: [numberedQuestion(1)], settings: { seed: 1 } }), 'a', 100), 'b', 200);
    online.add('a');
    const roster = new HostRoster(state, connected);
    const { epoch } = roster.current(state, connected, 0);
    expect(roster.current(state, connected, 1_000)).toEqual({
      epoch,
      seq: 0,
      players: [
        { id: 'a', nickname: 'Nick a', connected: true, joinedMsAgo: 900 },
        { id: 'b', nickname: 'Nick b', connected: false, joinedMsAgo: 800 },
      ],
    });
    expect(roster.changes(state, connected, 1_000)).toBeNull();

    state = join(state, 'c', 1_500);
    online.add('b');
    expect(roster.changes(state, connected, 2_000)).toEqual({
      epoch,
      seq: 1,
      joined: [{ id: 'c', nickname: 'Nick c', connected: false, joinedMsAgo: 500 }],
      gone: [],
      connected: ['b'],
      disconnected: [],
    });
    state = apply(apply(state, { type: 'kick', playerIds: ['a'] }), { type: 'leave', playerId: 'c' });
    online.delete('b');
    expect(roster.changes(state, connected, 3_000)).toEqual({ epoch, seq: 2, joined: [], gone: ['a', 'c'], connected: [], disconnected: ['b'] });
    expect(roster.changes(state, connected, 4_000)).toBeNull();
    expect(roster.current(state, connected, 4_000)).toEqual({ epoch, seq: 2, players: [{ id: 'b', nickname: 'Nick b', connected: false, joinedMsAgo: 3_800 }] });
  });

  it('leaves the list out for a host whose copy is right, and sends it whole when the copy differs', () => {
    const online = new Set(['a']);
    const connected = (id: string) => online.has(id);
    const state = join(join(createGame({ questions: [numberedQuestion(1)], settings: { seed: 1 } }), 'a'), 'b');
    const roster = new HostRoster(state, connected);
    const copy = new RosterCopy();
    expect(copy.digest()).toBeUndefined();
    copy.reset(roster.current(state, connected, 0));
    expect(roster.current(state, connected, 0, copy.digest())).toMatchObject({ players: null });
    online.add('b');
    expect(roster.current(state, connected, 0, copy.digest()).players).toHaveLength(2);
    // Who is connected counts, the order does not.
    expect(rosterDigest([{ id: 'a', connected: true }, { id: 'b', connected: false }])).toBe(rosterDigest([{ id: 'b', connected: false }, { id: 'a', connected: true }]));
    expect(rosterDigest([{ id: 'a', connected: true }])).not.toBe(rosterDigest([{ id: 'a', connected: false }]));
  });

  it('numbers afresh on a restart, which a copy cannot follow, and then goes on from the roster as it is', () => {
    const online = new Set<string>();
    const connected = (id: string) => online.has(id);
    let state = join(join(createGame({ questions: [numberedQuestion(1)], settings: { seed: 1 } }), 'a'), 'b');
    const roster = new HostRoster(state, connected);
    const copy = new RosterCopy();
    copy.reset(roster.current(state, connected, 0));
    const before = roster.current(state, connected, 0).epoch;
    // Everyone turns out connected (a recount across nodes): the restart says so in no list.
    online.add('a').add('b');
    const first = roster.restart(state, connected);
    expect(first).toEqual({ epoch: expect.not.stringMatching(before), seq: 1, joined: [], gone: [], connected: [], disconnected: [] });
    expect(copy.apply(first)).toBe(false);
    copy.reset(roster.current(state, connected, 0, copy.digest()));
    expect(copy.list().map((p) => p.connected)).toEqual([true, true]);
    state = join(state, 'c');
    const next = roster.changes(state, connected, 0)!;
    expect(next).toMatchObject({ epoch: first.epoch, seq: 2, joined: [{ id: 'c' }], connected: [], disconnected: [] });
    expect(copy.apply(next)).toBe(true);
  });

  it('is followed by the copy the host keeps, which asks for the whole roster again after a gap', () => {
    const copy = new RosterCopy();
    const epoch = 'e1';
    const ana = { id: 'a', nickname: 'Ana', connected: true, joinedMsAgo: 0 };
    const ben = { id: 'b', nickname: 'Ben', connected: true, joinedMsAgo: 0 };
    // Changes before the first whole roster are in it already.
    expect(copy.apply({ epoch, seq: 4, joined: [ben], gone: [], connected: [], disconnected: [] })).toBe(true);
    expect(copy.list()).toEqual([]);
    copy.reset({ epoch, seq: 4, players: [ana] });
    expect(copy.apply({ epoch, seq: 5, joined: [ben], gone: [], connected: [], disconnected: ['a'] })).toBe(true);
    expect(copy.list()).toEqual([{ ...ana, connected: false }, ben]);
    // Applying the same entries twice changes nothing; an update out of turn or of another numbering is refused.
    expect(copy.apply({ epoch, seq: 6, joined: [ben], gone: ['a'], connected: ['a'], disconnected: [] })).toBe(true);
    expect(copy.list()).toEqual([ben]);
    expect(copy.apply({ epoch, seq: 8, joined: [], gone: ['b'], connected: [], disconnected: [] })).toBe(false);
    expect(copy.apply({ epoch, seq: 1, joined: [], gone: ['b'], connected: [], disconnected: [] })).toBe(false);
    expect(copy.apply({ epoch: 'e2', seq: 7, joined: [], gone: ['b'], connected: [], disconnected: [] })).toBe(false);
    expect(copy.list()).toEqual([ben]);
    // An attach without the list keeps the copy and takes the new numbering.
    copy.reset({ epoch: 'e2', seq: 1, players: null });
    expect(copy.list()).toEqual([ben]);
    expect(copy.apply({ epoch: 'e2', seq: 2, joined: [], gone: ['b'], connected: [], disconnected: [] })).toBe(true);
    expect(copy.list()).toEqual([]);
  });
});
