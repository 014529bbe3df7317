import { describe, expect, it } from 'vitest';
import { createGame, reduceJoins, type GameState } from '../../../server/src/game/index.ts';
import { apply, refusal, singleQuestion } from '../../support/game-fixtures.ts';

const CLASS = 'class-1';
const ana = { id: 'm-ana', classId: CLASS, name: 'Ana' };
const classGame = (settings: { guests?: 'admit' | 'refuse'; renaming?: boolean } = {}): GameState =>
  createGame({ questions: [singleQuestion()], settings: { seed: 1, classId: CLASS, ...settings } });

describe('joining a game for a class', () => {
  it('seats a member under their class name, linked to them', () => {
    const state = apply(classGame(), { type: 'join', playerId: 'p1', nickname: 'whatever', member: ana });
    expect(state.players.p1).toMatchObject({ nickname: 'Ana', memberId: 'm-ana' });
  });

  it('lets a member pick a nickname only when the host allows it, and falls back to the class name', () => {
    expect(apply(classGame({ renaming: true }), { type: 'join', playerId: 'p1', nickname: 'Ace', member: ana }).players.p1!.nickname).toBe('Ace');
    expect(apply(classGame({ renaming: true }), { type: 'join', playerId: 'p1', nickname: '', member: ana }).players.p1!.nickname).toBe('Ana');
  });

  it('refuses guests when the host says so, and treats another class’s member as a guest', () => {
    const refusing = classGame({ guests: 'refuse' });
    expect(refusal(refusing, { type: 'join', playerId: 'g', nickname: 'Guest' })).toBe('GUESTS_REFUSED');
    expect(refusal(refusing, { type: 'join', playerId: 'g', nickname: 'Guest', member: { ...ana, classId: 'other' } })).toBe('GUESTS_REFUSED');
    const admitting = apply(classGame(), { type: 'join', playerId: 'g', nickname: 'Guest', member: { ...ana, classId: 'other' } });
    expect(admitting.players.g).toMatchObject({ nickname: 'Guest' });
    expect(admitting.players.g!.memberId).toBeUndefined();
  });

  it('never keeps a member out because a guest took their name first', () => {
    const taken = apply(classGame(), { type: 'join', playerId: 'g', nickname: 'ANA' });
    expect(apply(taken, { type: 'join', playerId: 'p1', nickname: '', member: ana }).players.p1!.nickname).toBe('Ana 2');
  });

  it('gives a member one seat: a second join in the same burst is refused, a removed member stays out', () => {
    const burst = reduceJoins(classGame(), [
      { type: 'join', playerId: 'p1', nickname: '', member: ana },
      { type: 'join', playerId: 'p2', nickname: '', member: ana },
    ], 0);
    expect(burst.refusals.map((r) => r?.code ?? null)).toEqual([null, 'MEMBER_SEATED']);
    const kicked = apply(burst.state, { type: 'kick', playerIds: ['p1'] });
    expect(refusal(kicked, { type: 'join', playerId: 'p3', nickname: '', member: ana })).toBe('PLAYER_KICKED');
    const left = apply(burst.state, { type: 'leave', playerId: 'p1' });
    expect(apply(left, { type: 'join', playerId: 'p3', nickname: '', member: ana }).players.p3!.memberId).toBe('m-ana');
  });

  it('ignores class identities in a game that is not for a class', () => {
    const state = apply(createGame({ questions: [singleQuestion()], settings: { seed: 1 } }), { type: 'join', playerId: 'p1', nickname: 'Zed', member: ana });
    expect(state.players.p1).toMatchObject({ nickname: 'Zed' });
    expect(state.players.p1!.memberId).toBeUndefined();
  });
});
