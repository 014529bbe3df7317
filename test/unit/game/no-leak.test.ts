import { describe, expect, it } from 'vitest';
import { createGame, playerResult, playerView, questionView, revealView } from '../../../server/src/game/index.ts';
import type { GameQuestion, GameState } from '../../../server/src/game/index.ts';
import { apply, singleQuestion } from '../../support/game-fixtures.ts';

const SECRET = 'EXPLANATION-SENTINEL-7f3a';

const questions: GameQuestion[] = [
  singleQuestion({ explanation: `${SECRET} single` }),
  singleQuestion({
    id: 'sdlc.codecommit.002',
    type: 'multiple',
    prompt: 'Which two? (Choose two.)',
    options: ['A', 'B', 'C', 'D'],
    answer: [0, 3],
    explanation: `${SECRET} multiple`,
    doublePoints: true,
  }),
];

const FORBIDDEN_KEYS = ['answer', 'correct', 'explanation'];

/** Every object key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  }
  return [];
}

function expectNoLeak(view: unknown) {
  const json = JSON.stringify(view);
  expect(json).not.toContain(SECRET);
  expect(keysOf(JSON.parse(json)).filter((key) => FORBIDDEN_KEYS.includes(key))).toEqual([]);
}

/** Every screen a player can be on before a reveal, across both questions and with a shuffle. */
function statesBeforeReveal(shuffleOptions: boolean): [string, GameState][] {
  let state = createGame({ questions, settings: { seed: 5, shuffleOptions } });
  state = apply(state, { type: 'join', playerId: 'ada', nickname: 'Ada' });
  state = apply(state, { type: 'join', playerId: 'bob', nickname: 'Bob' });
  const found: [string, GameState][] = [['lobby', state]];
  state = apply(state, { type: 'start' }, 0);
  found.push(['question 0 open', state]);
  state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [1] }, 100);
  found.push(['question 0 answered by ada', state]);
  found.push(['question 0 paused', apply(state, { type: 'pause' }, 200)]);
  state = apply(apply(apply(state, { type: 'next' }, 300), { type: 'next' }, 400), { type: 'next' }, 500);
  found.push(['question 1 open, after a reveal of question 0', state]);
  state = apply(state, { type: 'answer', playerId: 'bob', questionIndex: 1, choices: [0, 3] }, 600);
  found.push(['question 1 answered correctly by bob', state]);
  state = apply(state, { type: 'join', playerId: 'cy', nickname: 'Cy' }, 700);
  found.push(['question 1 with a late joiner', state]);
  return found;
}

describe('before the reveal, players never receive the answer or the explanation', () => {
  for (const shuffleOptions of [false, true]) {
    for (const [name, state] of statesBeforeReveal(shuffleOptions)) {
      it(`${name}${shuffleOptions ? ' (shuffled)' : ''}`, () => {
        for (const playerId of ['ada', 'bob', 'cy']) expectNoLeak(playerView(state, playerId, 1_000));
        expectNoLeak(questionView(state, 1_000));
        expect(revealView(state)).toBeNull();
        expect(playerResult(state, 'ada')).toBeNull();
      });
    }
  }

  it('does not hint at correctness through the score or rank before the reveal', () => {
    const states = new Map(statesBeforeReveal(false));
    const standing = (state: GameState) => {
      const view = playerView(state, 'bob', 1_000);
      return view?.phase === 'question' ? view.you : undefined;
    };
    const before = standing(states.get('question 1 open, after a reveal of question 0')!);
    const after = standing(states.get('question 1 answered correctly by bob')!);
    expect(before).toBeDefined();
    expect(after).toEqual(before);
  });

  it('does send them after the reveal (so the checks above can fail)', () => {
    const [, state] = statesBeforeReveal(false).at(-1)!;
    const revealed = apply(state, { type: 'next' }, 800);
    expect(JSON.stringify(playerView(revealed, 'ada', 900))).toContain(SECRET);
    expect(revealView(revealed)!.correct).toEqual([0, 3]);
  });
});
