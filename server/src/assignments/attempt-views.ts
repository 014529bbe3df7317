import { choiceCount } from '../game/index.ts';
import type { Attempt, AttemptItemState, AttemptQuestion, AttemptSummary, EndedBy, Feedback } from './assignment-types.ts';
import { currentPracticePosition, itemDeadline, msLeft, type PracticeItem } from './attempt-clock.ts';
import type { QuestionDetail, StoredAttempt } from './attempt-store.ts';
import { estimateScaledScore, percentOf } from './scoring.ts';

/** What a student sees of an attempt, computed from what is stored: pure, `now` given. */

export const endedByName = (endedBy: StoredAttempt['endedBy']): EndedBy | null => (endedBy === 'timeUp' ? 'time-up' : endedBy);

/** The item the student is on: a simulation's stored position, a practice attempt's first open item; null once over. */
export function currentPosition(attempt: StoredAttempt, now: Date): number | null {
  if (attempt.submittedAt) return null;
  if (attempt.kind === 'simulation') return attempt.position;
  return currentPracticePosition(practiceItems(attempt), attempt.questionTimeLimitSec, now);
}

/** The items of an attempt as the practice clock sees them. */
export function practiceItems(attempt: StoredAttempt): PracticeItem[] {
  return attempt.items.map((item) => {
    const stored = attempt.answers.get(item.questionId);
    return { position: item.position, answered: stored !== undefined, answeredAt: stored?.answeredAt ?? null, shownAt: item.shownAt };
  });
}

/** Whether the student may know if an item's stored answer is right: after each question in `each` mode, else once the attempt is over. */
export function revealsAnswers(attempt: StoredAttempt, answered: boolean): boolean {
  return attempt.submittedAt !== null || (attempt.feedback === 'each' && answered);
}

export function feedbackOf(question: QuestionDetail, correct: boolean): Feedback {
  return { correct, answer: [...question.answer], explanation: question.explanation };
}

export function attemptSummary(attempt: StoredAttempt): AttemptSummary {
  const over = attempt.submittedAt !== null && attempt.correct !== null;
  return {
    id: attempt.id,
    kind: attempt.kind,
    assignmentId: attempt.assignmentId,
    title: attempt.title,
    state: attempt.submittedAt ? 'submitted' : 'in-progress',
    endedBy: endedByName(attempt.endedBy),
    questionCount: attempt.questionCount,
    answered: attempt.answers.size,
    correct: over ? attempt.correct : null,
    percent: over ? percentOf(attempt.correct!, attempt.questionCount) : null,
    scaledScore: over && attempt.kind === 'simulation' ? estimateScaledScore(attempt.correct!, attempt.questionCount).estimate : null,
    startedAt: attempt.startedAt,
    submittedAt: attempt.submittedAt,
  };
}

/** One item as the student may see it: never its key or explanation before the mode allows. */
export function questionView(attempt: StoredAttempt, position: number, question: QuestionDetail, now: Date): AttemptQuestion {
  const item = attempt.items[position]!;
  const stored = attempt.answers.get(item.questionId) ?? null;
  const timer = attempt.kind === 'practice' && !stored && !attempt.submittedAt ? msLeft(itemDeadline(item.shownAt ?? now, attempt.questionTimeLimitSec), now) : null;
  return {
    position,
    questionId: question.id,
    type: question.type,
    choose: choiceCount(question),
    prompt: question.prompt,
    options: [...question.options],
    chosen: stored ? [...stored.chosen] : null,
    flagged: item.flagged,
    remainingMs: timer,
    feedback: stored && revealsAnswers(attempt, true) ? feedbackOf(question, stored.correct) : attempt.submittedAt ? feedbackOf(question, false) : null,
  };
}

export function itemStates(attempt: StoredAttempt): AttemptItemState[] {
  return attempt.items.map((item) => {
    const stored = attempt.answers.get(item.questionId);
    const shown = revealsAnswers(attempt, stored !== undefined);
    return { position: item.position, answered: stored !== undefined, flagged: item.flagged, correct: shown ? (stored?.correct ?? false) : null };
  });
}

/**
 * In `each` mode, the answered item whose feedback the student is reading: the one just before the
 * current item, while the current item's clock has not started (it starts when they move on).
 */
export function readingFeedback(attempt: StoredAttempt, position: number | null): number | null {
  if (attempt.kind !== 'practice' || attempt.feedback !== 'each' || position === null || position === 0) return null;
  const before = attempt.items[position - 1]!;
  return !attempt.items[position]!.shownAt && attempt.answers.has(before.questionId) ? before.position : null;
}

/** The whole attempt for the student's screen; `question` is the current item's detail (null once over). */
export function attemptView(attempt: StoredAttempt, question: QuestionDetail | null, now: Date): Attempt {
  const position = currentPosition(attempt, now);
  return {
    ...attemptSummary(attempt),
    feedback: attempt.feedback,
    questionTimeLimitSec: attempt.questionTimeLimitSec,
    remainingMs: attempt.submittedAt ? null : msLeft(attempt.endsAt, now),
    deadlineAt: attempt.deadlineAt,
    position,
    readingFeedback: readingFeedback(attempt, position),
    items: itemStates(attempt),
    question: position !== null && question ? questionView(attempt, position, question, now) : null,
  };
}
