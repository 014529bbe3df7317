/**
 * What the quiz API answers, as types without a runtime import: the web client reads them too
 * (through `Json<…>`).
 */

/** One saved quiz with its questions in order. */
export type QuizView = {
  id: string;
  title: string;
  shuffleOptions: boolean;
  createdAt: Date;
  updatedAt: Date;
  questions: {
    position: number;
    questionId: string;
    timeLimitSec: number;
    /** Null: from the question's length. */
    readingSec: number | null;
    doublePoints: boolean;
    prompt: string;
    type: string;
    topicId: string;
    domainId: string;
    difficulty: number;
  }[];
};

/** A quiz in the instructor's list. */
export type QuizSummary = Omit<QuizView, 'questions'> & { questionCount: number };

/** An exam-mix quiz and how many questions each domain gave. */
export type ExamMixQuiz = QuizView & { composition: Record<string, number> };
