import { describe, expect, it } from 'vitest';
import { createGame, reduce, type Command, type GameState } from '../../../server/src/game/index.ts';
import { HostRoster } from '../../../server/src/rooms/host-roster.ts';
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
    expect(roster.current(state, connected, 1_000)).toEqual({
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
      seq: 1,
      joined: [{ id: 'c', nickname: 'Nick c', connected: false, joinedMsAgo: 500 }],
      gone: [],
      connected: ['b'],
      disconnected: [],
    });
    state = apply(apply(state, { type: 'kick', playerIds: ['a'] }), { type: 'leave', playerId: 'c' });
    online.delete('b');
    expect(roster.changes(state, connected, 3_000)).toEqual({ seq: 2, joined: [], gone: ['a', 'c'], connected: [], disconnected: ['b'] });
    expect(roster.changes(state, connected, 4_000)).toBeNull();
    expect(roster.current(state, connected, 4_000)).toEqual({ seq: 2, players: [{ id: 'b', nickname: 'Nick b', connected: false, joinedMsAgo: 3_800 }] });
  });

  it('is followed by the copy the host keeps, which asks for the whole roster again after a gap', () => {
    const copy = new RosterCopy();
    const ana = { id: 'a', nickname: 'Ana', connected: true, joinedMsAgo: 0 };
    const ben = { id: 'b', nickname: 'Ben', connected: true, joinedMsAgo: 0 };
    // Changes before the first whole roster are in it already.
    expect(copy.apply({ seq: 4, joined: [ben], gone: [], connected: [], disconnected: [] })).toBe(true);
    expect(copy.list()).toEqual([]);
    copy.reset({ seq: 4, players: [ana] });
    expect(copy.apply({ seq: 5, joined: [ben], gone: [], connected: [], disconnected: ['a'] })).toBe(true);
    expect(copy.list()).toEqual([{ ...ana, connected: false }, ben]);
    // Applying the same entries twice changes nothing; an update out of turn is refused.
    expect(copy.apply({ seq: 6, joined: [ben], gone: ['a'], connected: ['a'], disconnected: [] })).toBe(true);
    expect(copy.list()).toEqual([ben]);
    expect(copy.apply({ seq: 8, joined: [], gone: ['b'], connected: [], disconnected: [] })).toBe(false);
    expect(copy.apply({ seq: 1, joined: [], gone: ['b'], connected: [], disconnected: [] })).toBe(false);
    expect(copy.list()).toEqual([ben]);
  });
});
