import { describe, expect, it } from 'vitest';
import { createGame, reduce } from '../../../server/src/game/index.ts';
import type { Command, GameQuestion, GameState } from '../../../server/src/game/index.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const questions: GameQuestion[] = [0, 1, 2].map((n) => ({
  id: `sdlc.codecommit.00${n}`,
  topicId: 'sdlc.codecommit',
  type: n === 1 ? 'multiple' : 'single',
  prompt: `Question ${n}?`,
  options: ['A', 'B', 'C', 'D'],
  answer: n === 1 ? [0, 2] : [1],
  explanation: 'Because.',
  timeLimitMs: 20_000,
  doublePoints: n === 2,
}));

/** A whole game touching every command, accepted and refused, with the time of each. */
const script: [Command, number][] = [
  [{ type: 'join', playerId: 'ada', nickname: 'Ada' }, 0],
  [{ type: 'join', playerId: 'bob', nickname: ' Bob ' }, 0],
  [{ type: 'join', playerId: 'cy', nickname: 'Cy' }, 0],
  [{ type: 'join', playerId: 'dup', nickname: 'ADA' }, 0],
  [{ type: 'lock' }, 0],
  [{ type: 'join', playerId: 'dee', nickname: 'Dee' }, 0],
  [{ type: 'unlock' }, 0],
  [{ type: 'kick', playerIds: ['cy'] }, 0],
  [{ type: 'start' }, 1_000],
  [{ type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 2_000],
  [{ type: 'answer', playerId: 'ada', questionIndex: 0, choices: [0] }, 2_500],
  [{ type: 'answer', playerId: 'cy', questionIndex: 0, choices: [1] }, 2_500],
  [{ type: 'timeUp' }, 3_000],
  [{ type: 'pause' }, 4_000],
  [{ type: 'answer', playerId: 'bob', questionIndex: 0, choices: [1] }, 4_500],
  [{ type: 'resume' }, 6_000],
  [{ type: 'answer', playerId: 'bob', questionIndex: 0, choices: [2] }, 7_000],
  [{ type: 'next' }, 8_000],
  [{ type: 'next' }, 9_000],
  [{ type: 'answer', playerId: 'ada', questionIndex: 1, choices: [0, 2] }, 10_000],
  [{ type: 'skip' }, 11_000],
  [{ type: 'answer', playerId: 'ada', questionIndex: 2, choices: [1] }, 12_000],
  [{ type: 'timeUp' }, 40_000],
  [{ type: 'next' }, 41_000],
  [{ type: 'end' }, 42_000],
  [{ type: 'next' }, 43_000],
];

describe('reduce', () => {
  it('never mutates the state it is given, accepted or refused', () => {
    let state: GameState = createGame({ questions, settings: { seed: 9, shuffleOptions: true } });
    const outcomes: string[] = [];
    for (const [command, nowMs] of script) {
      deepFreeze(state);
      const before = structuredClone(state);
      const result = reduce(state, command, nowMs);
      expect(state).toEqual(before);
      outcomes.push(result.ok ? 'ok' : result.error.code);
      if (result.ok) state = result.state;
    }
    expect(outcomes).toEqual([
      'ok',
      'ok',
      'ok',
      'NICKNAME_TAKEN',
      'ok',
      'ROOM_LOCKED',
      'ok',
      'ok',
      'ok',
      'ok',
      'ALREADY_ANSWERED',
      'PLAYER_KICKED',
      'TOO_EARLY',
      'ok',
      'PAUSED',
      'ok',
      'ok', // bob answers: everybody active has answered, the question closes
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'GAME_OVER',
    ]);
    expect(state).toMatchObject({ phase: 'podium', endedEarly: true, skipped: [1] });
  });

  it('never throws on a malformed command', () => {
    const state = deepFreeze(createGame({ questions, settings: { seed: 1 } }));
    const malformed = [null, {}, { type: 'dance' }] as unknown as Command[];
    for (const command of malformed) {
      const result = reduce(state, command, 0);
      expect(result.ok ? 'accepted' : result.error.code).toBe('UNKNOWN_COMMAND');
    }
  });
});
