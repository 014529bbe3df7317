import type { GameQuestion } from './types.ts';

/** How many options a player must pick: every correct one for "choose N", else one. */
export function choiceCount(question: Pick<GameQuestion, 'type' | 'answer'>): number {
  return question.type === 'multiple' ? question.answer.length : 1;
}

/** Distinct in-range option positions, exactly as many as the question asks for. */
export function isValidChoice(question: Pick<GameQuestion, 'type' | 'answer' | 'options'>, choices: unknown): choices is number[] {
  if (!Array.isArray(choices) || choices.length !== choiceCount(question)) return false;
  const inRange = choices.every(
    (choice) => Number.isInteger(choice) && choice >= 0 && choice < question.options.length,
  );
  return inRange && new Set(choices).size === choices.length;
}
