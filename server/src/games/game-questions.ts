import { readingTimeMs, type GameQuestion } from '../game/index.ts';

type BankRow = { id: string; topicId: string; type: GameQuestion['type']; style: 'quick' | 'exam'; prompt: string; options: string[]; answer: number[]; explanation: string };

/**
 * A bank question as a room plays it, with this game's time limit, double points and reading
 * time: the quiz's, or for an exam-style question one from its length (quick ones open at once).
 */
export function toGameQuestion(row: BankRow, item: { timeLimitSec: number; readingSec?: number | null; doublePoints: boolean }): GameQuestion {
  return {
    id: row.id,
    topicId: row.topicId,
    type: row.type,
    prompt: row.prompt,
    options: row.options,
    answer: row.answer,
    explanation: row.explanation,
    timeLimitMs: item.timeLimitSec * 1000,
    readingMs: typeof item.readingSec === 'number' ? item.readingSec * 1000 : row.style === 'exam' ? readingTimeMs(row.prompt) : 0,
    doublePoints: item.doublePoints,
  };
}
