import type { Db } from '../db/client.ts';
import type { GameQuestion } from '../game/index.ts';
import { AppError } from '../errors.ts';
import { createBlueprintQuiz, getQuiz } from '../quizzes/quizzes.ts';
import type { NewGameInput } from './game-inputs.ts';
import type { GameItem } from './game-repository.ts';
import { toGameQuestion } from './game-questions.ts';

export { newGameSchema, type NewGameInput } from './game-inputs.ts';

export type GamePlan = {
  quizId: string | null;
  title: string;
  shuffleOptions: boolean;
  items: GameItem[];
  questions: GameQuestion[];
};

/** Turns a saved quiz (or a blueprint, saved as a quiz first) into the questions a room plays. */
export async function planGame(db: Db, instructorId: string, input: NewGameInput): Promise<GamePlan> {
  const quiz = 'quizId' in input ? await getQuiz(db, instructorId, input.quizId) : await createBlueprintQuiz(db, instructorId, input.blueprint);
  const rows = await db.question.findMany({ where: { id: { in: quiz.questions.map((q) => q.questionId) } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const questions = quiz.questions.map((item): GameQuestion => {
    const row = byId.get(item.questionId);
    if (!row) throw new AppError(409, 'QUIZ_CHANGED', `Question ${item.questionId} is no longer available.`);
    return toGameQuestion(row, item);
  });
  return {
    quizId: quiz.id,
    title: quiz.title,
    shuffleOptions: quiz.shuffleOptions,
    items: quiz.questions.map((q) => ({ questionId: q.questionId, position: q.position, timeLimitSec: q.timeLimitSec, readingSec: q.readingSec, doublePoints: q.doublePoints })),
    questions,
  };
}
