import { describe, expect, it } from 'vitest';
import { createGame, playerView, questionView, revealView } from '../../../server/src/game/index.ts';
import type { GameQuestion, GameState } from '../../../server/src/game/index.ts';
import { apply } from '../../support/game-fixtures.ts';

const single: GameQuestion = {
  id: 'sdlc.codecommit.001',
  topicId: 'sdlc.codecommit',
  type: 'single',
  prompt: 'Which option?',
  options: ['opt-0', 'opt-1', 'opt-2', 'opt-3', 'opt-4', 'opt-5'],
  answer: [4],
  explanation: 'opt-4 because.',
  timeLimitMs: 20_000,
  doublePoints: false,
};
const chooseTwo: GameQuestion = { ...single, id: 'sdlc.codecommit.002', type: 'multiple', answer: [1, 3] };
const trueFalse: GameQuestion = {
  ...single,
  id: 'sdlc.codecommit.003',
  type: 'truefalse',
  options: ['True', 'False'],
  answer: [1],
};

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

function shuffledGame(seed = 42, questions = [single, chooseTwo, trueFalse]): GameState {
  let state = createGame({ questions, settings: { seed, shuffleOptions: true } });
  state = apply(state, { type: 'join', playerId: 'ada', nickname: 'Ada' });
  state = apply(state, { type: 'join', playerId: 'bob', nickname: 'Bob' });
  return apply(state, { type: 'start' });
}

describe('option shuffle', () => {
  it('is a permutation that differs from the bank order for this seed', () => {
    const [order] = shuffledGame().optionOrder;
    expect([...order!].sort()).toEqual(identity(6));
    expect(order).not.toEqual(identity(6));
  });

  it('gives the same order for the same seed, and another order for another seed', () => {
    const many = Array.from({ length: 10 }, () => single);
    expect(shuffledGame(42, many).optionOrder).toEqual(shuffledGame(42, many).optionOrder);
    expect(shuffledGame(42, many).optionOrder).not.toEqual(shuffledGame(43, many).optionOrder);
  });

  it('shows every player the same displayed options', () => {
    const state = shuffledGame();
    const order = state.optionOrder[0]!;
    const shown = (id: string) => {
      const view = playerView(state, id, 0);
      return view?.phase === 'question' ? view.question.options : [];
    };
    expect(shown('ada')).toEqual(order.map((i) => single.options[i]));
    expect(shown('bob')).toEqual(shown('ada'));
  });

  it('maps displayed choices back to bank order', () => {
    let state = shuffledGame();
    const displayedOptions = questionView(state, 0)!.options;
    const right = displayedOptions.indexOf('opt-4');
    const wrong = displayedOptions.indexOf('opt-0');
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [right] }, 100);
    state = apply(state, { type: 'answer', playerId: 'bob', questionIndex: 0, choices: [wrong] }, 100);
    expect(state.players.ada!.answers[0]).toMatchObject({ chosen: [4], correct: true });
    expect(state.players.bob!.answers[0]).toMatchObject({ chosen: [0], correct: false });
  });

  it('reveals the correct answer and the vote count in displayed positions', () => {
    let state = shuffledGame();
    const displayedOptions = questionView(state, 0)!.options;
    const right = displayedOptions.indexOf('opt-4');
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 0, choices: [right] }, 100);
    state = apply(state, { type: 'answer', playerId: 'bob', questionIndex: 0, choices: [right] }, 100);
    const reveal = revealView(state)!;
    expect(reveal.correct).toEqual([right]);
    expect(reveal.distribution[right]).toBe(2);
    expect(reveal.distribution.reduce((a, b) => a + b)).toBe(2);
    const view = playerView(state, 'ada', 0);
    expect(view?.phase === 'reveal' && view.result.chosen).toEqual([right]);
  });

  it('maps a multiple-response choice back and reveals it sorted in displayed positions', () => {
    let state = shuffledGame();
    state = apply(apply(apply(state, { type: 'next' }), { type: 'next' }), { type: 'next' }); // question 1
    const displayedOptions = questionView(state, 0)!.options;
    const picks = [displayedOptions.indexOf('opt-3'), displayedOptions.indexOf('opt-1')];
    state = apply(state, { type: 'answer', playerId: 'ada', questionIndex: 1, choices: picks }, 100);
    expect(state.players.ada!.answers[1]).toMatchObject({ chosen: [1, 3], correct: true });
    state = apply(state, { type: 'next' });
    expect(revealView(state)!.correct).toEqual([...picks].sort((a, b) => a - b));
  });

  it('never reorders true/false', () => {
    for (let seed = 0; seed < 50; seed++) {
      expect(shuffledGame(seed).optionOrder[2]).toEqual([0, 1]);
    }
  });

  it('keeps the bank order when shuffling is off', () => {
    const state = createGame({ questions: [single, chooseTwo], settings: { seed: 42 } });
    expect(state.optionOrder).toEqual([identity(6), identity(6)]);
  });
});
