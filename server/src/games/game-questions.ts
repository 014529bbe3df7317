import type { GameQuestion } from '../game/index.ts';

type BankRow = { id: string; topicId: string; type: GameQuestion['type']; prompt: string; options: string[]; answer: number[]; explanation: string };

/** A bank question as a room plays it, with this game's time limit and double points. */
export function toGameQuestion(row: BankRow, item: { timeLimitSec: number; doublePoints: boolean }): GameQuestion {
  return {
    id: row.id,
    topicId: row.topicId,
    type: row.type,
    prompt: row.prompt,
    options: row.options,
    answer: row.answer,
    explanation: row.explanation,
    timeLimitMs: item.timeLimitSec * 1000,
    doublePoints: item.doublePoints,
  };
}
