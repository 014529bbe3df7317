import { describe, expect, it } from 'vitest';
import { createGame, questionView, reduce, scoreAnswer } from '../../../server/src/game/index.ts';
import type { GameQuestion, GameState } from '../../../server/src/game/index.ts';
import { apply } from '../../support/game-fixtures.ts';

const chooseTwo: GameQuestion = {
  id: 'sdlc.codepipeline.001',
  topicId: 'sdlc.codepipeline',
  type: 'multiple',
  prompt: 'Which two steps are needed? (Choose two.)',
  options: ['A', 'B', 'C', 'D', 'E'],
  answer: [0, 2],
  explanation: 'A and C because.',
  timeLimitMs: 20_000,
  doublePoints: false,
};

function openQuestion(): GameState {
  let state = createGame({ questions: [chooseTwo], settings: { seed: 1 } });
  state = apply(state, { type: 'join', playerId: 'ada', nickname: 'Ada' });
  state = apply(state, { type: 'join', playerId: 'bob', nickname: 'Bob' });
  return apply(state, { type: 'start' });
}

function answer(state: GameState, choices: number[]) {
  return reduce(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices }, 100);
}

describe('multiple-response questions', () => {
  it('tell players how many options to choose', () => {
    expect(questionView(openQuestion(), 0)?.choose).toBe(2);
  });

  it('score the exact set, in any order', () => {
    const result = answer(openQuestion(), [2, 0]);
    expect(result.ok && result.state.players.ada!.answers[0]).toMatchObject({ chosen: [0, 2], correct: true, points: 1000 });
  });

  it('give 0 for a set of the right size with one wrong option', () => {
    const result = answer(openQuestion(), [0, 1]);
    expect(result.ok && result.state.players.ada!.answers[0]).toMatchObject({ correct: false, points: 0 });
  });

  it('give 0 for a partial or a superset choice', () => {
    const settings = { accuracyOnly: false, streakBonus: true };
    for (const chosen of [[0], [2], [0, 1, 2], [0, 2, 4]]) {
      expect(scoreAnswer({ question: chooseTwo, chosen, responseMs: 0, streakBefore: 0, settings })).toMatchObject({
        correct: false,
        points: 0,
      });
    }
  });

  it('refuse the wrong number of choices as INVALID_CHOICE', () => {
    const state = openQuestion();
    for (const choices of [[0], [0, 1, 2], []]) {
      const result = answer(state, choices);
      expect(result.ok ? 'accepted' : result.error.code).toBe('INVALID_CHOICE');
    }
  });
});
