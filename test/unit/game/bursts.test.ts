import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createGame,
  reduce,
  reduceAnswers,
  reduceJoins,
  type AnswerCommand,
  type BatchResult,
  type Command,
  type GameEvent,
  type GameState,
  type JoinCommand,
} from '../../../server/src/game/index.ts';
import { apply, numberedQuestion } from '../../support/game-fixtures.ts';

/** What reducing the commands one by one gives, in the shape of a burst's outcome. */
function oneByOne(state: GameState, commands: Command[], nowMs: number): BatchResult {
  const events: GameEvent[] = [];
  const refusals: BatchResult['refusals'] = [];
  for (const command of commands) {
    const result = reduce(state, command, nowMs);
    if (!result.ok) {
      refusals.push(result.error);
      continue;
    }
    state = result.state;
    events.push(...result.events);
    refusals.push(null);
  }
  return { state, events, refusals };
}

const PLAYERS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const LIMIT = 20_000;

/** Six players on question 0 (opened at t = 1000), some kicked, some answered already. */
function questionOpen(kicked: string[], answered: string[]): GameState {
  let state = createGame({
    questions: [numberedQuestion(0, { options: ['A', 'B', 'C', 'D'], timeLimitMs: LIMIT }), numberedQuestion(1)],
    settings: { seed: 7 },
  });
  for (const id of PLAYERS) state = apply(state, { type: 'join', playerId: id, nickname: `Nick ${id}` });
  state = apply(state, { type: 'start' }, 1_000);
  for (const id of kicked) state = apply(state, { type: 'kick', playerIds: [id] });
  for (const id of answered) {
    if (!kicked.includes(id)) state = apply(state, { type: 'answer', playerId: id, questionIndex: 0, choices: [0] }, 1_500);
  }
  return state;
}

const answerCommand: fc.Arbitrary<AnswerCommand> = fc.record({
  type: fc.constant('answer' as const),
  playerId: fc.constantFrom(...PLAYERS, 'stranger'),
  questionIndex: fc.constantFrom(0, 0, 0, 1),
  choices: fc.oneof(fc.constantFrom<number[]>([0], [1], [2], [3]), fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: 3 })),
});

const joinCommand: fc.Arbitrary<JoinCommand> = fc.record({
  type: fc.constant('join' as const),
  playerId: fc.constantFrom('p0', 'n1', 'n2', 'n3', 'n4'),
  nickname: fc.constantFrom('Nick p1', 'NICK P1', 'Zoe', 'zoe', ' Zoe ', '', 'x'.repeat(21), 'Yan', 'Kai'),
});

describe('a burst of commands', () => {
  it('gives the same answers, state and events as reducing them one by one', () => {
    fc.assert(
      fc.property(
        fc.subarray(PLAYERS),
        fc.subarray(PLAYERS),
        fc.array(answerCommand, { maxLength: 12 }),
        fc.integer({ min: 1_000, max: 1_000 + LIMIT + 10 }),
        (kicked, answered, answers, nowMs) => {
          const state = questionOpen(kicked, answered);
          expect(reduceAnswers(state, answers, nowMs)).toEqual(oneByOne(state, answers, nowMs));
        },
      ),
      { seed: 11, numRuns: 400 },
    );
  });

  it('gives the same joins, state and events as reducing them one by one', () => {
    fc.assert(
      fc.property(fc.subarray(PLAYERS), fc.boolean(), fc.array(joinCommand, { maxLength: 10 }), (kicked, locked, joins) => {
        let state = questionOpen(kicked, []);
        if (locked) state = apply(state, { type: 'lock' });
        expect(reduceJoins(state, joins, 2_000)).toEqual(oneByOne(state, joins, 2_000));
      }),
      { seed: 12, numRuns: 400 },
    );
  });

  it('closes the question at the last active answer and refuses the answers after it', () => {
    const state = questionOpen(['p5'], ['p0', 'p1', 'p2']);
    const burst = ['p3', 'p4', 'p5', 'p0', 'p3'].map((playerId): AnswerCommand => ({ type: 'answer', playerId, questionIndex: 0, choices: [1] }));
    const outcome = reduceAnswers(state, burst, 2_000);
    expect(outcome.refusals.map((refusal) => refusal?.code ?? 'accepted')).toEqual(['accepted', 'accepted', 'PLAYER_KICKED', 'ALREADY_ANSWERED', 'ALREADY_ANSWERED']);
    expect(outcome.state.phase).toBe('reveal');
    expect(outcome.state.version).toBe(state.version + 2);
  });

  it('leaves the state untouched when every command is refused', () => {
    const state = questionOpen([], []);
    const outcome = reduceAnswers(state, [{ type: 'answer', playerId: 'p0', questionIndex: 1, choices: [0] }], 2_000);
    expect(outcome.state).toBe(state);
    expect(outcome.events).toEqual([]);
  });
});
