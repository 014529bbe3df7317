import { describe, expect, it } from 'vitest';
import { activePlayers, createGame, lobbyView, reduce } from '../../../server/src/game/index.ts';
import type { Command, GameState } from '../../../server/src/game/index.ts';
import { apply, refusal, singleQuestion } from '../../support/game-fixtures.ts';

const question = singleQuestion();

const newGame = () => createGame({ questions: [question], settings: { seed: 1 } });
const inPlay = (state: GameState) => activePlayers(state).map(({ id, nickname }) => ({ id, nickname }));
const join = (playerId: string, nickname: string): Command => ({ type: 'join', playerId, nickname });

describe('joining', () => {
  it('adds the player with the nickname trimmed, in joining order', () => {
    const result = reduce(apply(newGame(), join('p1', 'Ada')), join('p2', '  Bob  '), 0);
    expect(result.ok && result.events).toEqual([{ type: 'playerJoined', playerId: 'p2' }]);
    const state = result.ok ? result.state : newGame();
    expect(state.players.p2).toMatchObject({ nickname: 'Bob', score: 0, streak: 0, joinedSeq: 1, kicked: false });
    expect(inPlay(state)).toEqual([
      { id: 'p1', nickname: 'Ada' },
      { id: 'p2', nickname: 'Bob' },
    ]);
    expect(lobbyView(state)).toEqual({ phase: 'lobby', playerCount: 2, locked: false, questionCount: 1 });
  });

  it('accepts 1 to 20 characters once trimmed, counting an emoji as one', () => {
    expect(refusal(newGame(), join('p1', 'x'))).toBe('accepted');
    expect(refusal(newGame(), join('p1', 'x'.repeat(20)))).toBe('accepted');
    expect(refusal(newGame(), join('p1', `  ${'x'.repeat(20)}  `))).toBe('accepted');
    expect(refusal(newGame(), join('p1', '🦊'.repeat(20)))).toBe('accepted');
    expect(refusal(newGame(), join('p1', 'x'.repeat(21)))).toBe('NICKNAME_INVALID');
    expect(refusal(newGame(), join('p1', ''))).toBe('NICKNAME_INVALID');
    expect(refusal(newGame(), join('p1', '   '))).toBe('NICKNAME_INVALID');
  });

  it('refuses control characters in a nickname', () => {
    expect(refusal(newGame(), join('p1', 'Ada\nBob'))).toBe('NICKNAME_INVALID');
    expect(refusal(newGame(), join('p1', 'Ada\u0000'))).toBe('NICKNAME_INVALID');
  });

  it('refuses a nickname already taken, ignoring case', () => {
    const state = apply(newGame(), join('p1', 'Ada'));
    expect(refusal(state, join('p2', 'ADA'))).toBe('NICKNAME_TAKEN');
    expect(refusal(state, join('p2', ' ada '))).toBe('NICKNAME_TAKEN');
  });

  it('refuses an id that has already joined', () => {
    expect(refusal(apply(newGame(), join('p1', 'Ada')), join('p1', 'Bob'))).toBe('ALREADY_JOINED');
  });

  it('is refused while the room is locked and allowed again once unlocked', () => {
    const result = reduce(newGame(), { type: 'lock' }, 0);
    expect(result.ok && result.events).toEqual([{ type: 'lockChanged', locked: true }]);
    const locked = result.ok ? result.state : newGame();
    expect(refusal(locked, join('p1', 'Ada'))).toBe('ROOM_LOCKED');
    expect(refusal(apply(locked, { type: 'unlock' }), join('p1', 'Ada'))).toBe('accepted');
  });

  it('is allowed after the start for late joiners, who start from 0', () => {
    let state = apply(newGame(), join('p1', 'Ada'));
    state = apply(state, { type: 'start' });
    state = apply(state, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1] }, 100);
    expect(state.phase).toBe('reveal');
    state = apply(state, join('p2', 'Bob'));
    expect(state.players.p2).toMatchObject({ score: 0, correctCount: 0, answers: {} });
  });
});

describe('room capacity', () => {
  it('refuses joins past the capacity, counting only players in play', () => {
    let state = createGame({ questions: [question], settings: { seed: 1 }, capacity: 2 });
    state = apply(apply(state, join('p1', 'Ada')), join('p2', 'Bob'));
    expect(refusal(state, join('p3', 'Cleo'))).toBe('ROOM_FULL');
    state = apply(state, { type: 'leave', playerId: 'p1' });
    expect(refusal(state, join('p3', 'Cleo'))).toBe('accepted');
  });
});

describe('leaving', () => {
  it('takes the player out of play and frees the nickname, unlike a removal by the host', () => {
    let state = apply(apply(newGame(), join('p1', 'Ada')), join('p2', 'Bob'));
    const result = reduce(state, { type: 'leave', playerId: 'p1' }, 0);
    expect(result.ok && result.events).toEqual([{ type: 'playerLeft', playerId: 'p1' }]);
    state = result.ok ? result.state : state;
    expect(inPlay(state)).toEqual([{ id: 'p2', nickname: 'Bob' }]);
    expect(lobbyView(state).playerCount).toBe(1);
    expect(refusal(state, join('p3', 'ADA'))).toBe('accepted');
    expect(refusal(state, { type: 'leave', playerId: 'p1' })).toBe('PLAYER_KICKED');
  });

  it('does not hold a question open for a seat that was given up', () => {
    let state = apply(apply(newGame(), join('p1', 'Ada')), join('p2', 'Bob'));
    state = apply(apply(state, { type: 'start' }), { type: 'leave', playerId: 'p2' });
    state = apply(state, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1] }, 100);
    expect(state.phase).toBe('reveal');
  });
});

describe('kicking', () => {
  it('keeps the player for history but out of the lobby', () => {
    let state = apply(apply(newGame(), join('p1', 'Ada')), join('p2', 'Bob'));
    const result = reduce(state, { type: 'kick', playerIds: ['p1'] }, 0);
    expect(result.ok && result.events).toEqual([{ type: 'playerKicked', playerId: 'p1' }]);
    state = result.ok ? result.state : state;
    expect(state.players.p1).toMatchObject({ nickname: 'Ada', kicked: true });
    expect(inPlay(state)).toEqual([{ id: 'p2', nickname: 'Bob' }]);
    expect(lobbyView(state).playerCount).toBe(1);
  });

  it('keeps the nickname and the browser out of the game', () => {
    const fromBrowser = (playerId: string, nickname: string, deviceId: string): Command => ({ type: 'join', playerId, nickname, deviceId });
    const state = apply(apply(newGame(), fromBrowser('p1', 'Ada', 'browser-of-ada-0001')), { type: 'kick', playerIds: ['p1'] });
    expect(refusal(state, join('p2', 'ada'))).toBe('NICKNAME_TAKEN');
    expect(refusal(state, fromBrowser('p2', 'Ada2', 'browser-of-ada-0001'))).toBe('PLAYER_KICKED');
    expect(refusal(state, fromBrowser('p2', 'Ada2', 'browser-of-bob-0002'))).toBe('accepted');
  });

  it('removes several players at once, or none when one of them cannot be removed', () => {
    let state = apply(apply(apply(newGame(), join('p1', 'Ada')), join('p2', 'Bob')), join('p3', 'Cleo'));
    expect(refusal(state, { type: 'kick', playerIds: ['p1', 'nobody'] })).toBe('UNKNOWN_PLAYER');
    const result = reduce(state, { type: 'kick', playerIds: ['p1', 'p3', 'p1'] }, 0);
    expect(result.ok && result.events).toEqual([
      { type: 'playerKicked', playerId: 'p1' },
      { type: 'playerKicked', playerId: 'p3' },
    ]);
    state = result.ok ? result.state : state;
    expect(inPlay(state)).toEqual([{ id: 'p2', nickname: 'Bob' }]);
    expect(lobbyView(state).playerCount).toBe(1);
  });

  it('stops the player from answering', () => {
    let state = apply(apply(newGame(), join('p1', 'Ada')), join('p2', 'Bob'));
    state = apply(state, { type: 'start' });
    state = apply(state, { type: 'kick', playerIds: ['p1'] });
    expect(refusal(state, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1] }, 100)).toBe(
      'PLAYER_KICKED',
    );
  });

  it('refuses an unknown or already kicked player', () => {
    const state = apply(apply(newGame(), join('p1', 'Ada')), { type: 'kick', playerIds: ['p1'] });
    expect(refusal(state, { type: 'kick', playerIds: ['nobody'] })).toBe('UNKNOWN_PLAYER');
    expect(refusal(state, { type: 'kick', playerIds: ['p1'] })).toBe('PLAYER_KICKED');
  });
});
