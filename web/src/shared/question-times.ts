import type { QuestionView } from '../../../server/src/protocol.ts';

export type Clocked = Pick<QuestionView, 'remainingMs' | 'answersOpenInMs' | 'timeLimitMs' | 'paused'>;

export type QuestionTimes = {
  /** Until answers open (0 once they are open). */
  readingLeftMs: number;
  /** Answering time left: the full limit while reading, then counting down to 0. */
  answeringLeftMs: number;
};

/** The question's clocks at `now`, from the view received at `receivedAt` (both `performance.now()`). */
export function questionTimes(question: Clocked, receivedAt: number, now: number): QuestionTimes {
  const elapsed = question.paused ? 0 : Math.max(0, now - receivedAt);
  const left = Math.max(0, question.remainingMs - elapsed);
  return {
    readingLeftMs: Math.max(0, question.answersOpenInMs - elapsed),
    answeringLeftMs: Math.min(question.timeLimitMs, left),
  };
}

