import { ApiError } from '../../lib/api.ts';

/** Refusals after which the attempt is over: the screen reloads it and shows the result. */
export const ENDED_CODES = new Set(['ATTEMPT_SUBMITTED', 'ATTEMPT_TIME_UP', 'ASSIGNMENT_CLOSED']);
/** Refusals that mean this screen is behind the server (another device, a timer): it reloads the attempt. */
export const STALE_CODES = new Set(['ALREADY_ANSWERED', 'NOT_CURRENT_QUESTION', 'QUESTION_TIME_UP']);

/** What to tell the student about a failed request, in their words. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Reload the page to continue where you were.';
  switch (error.code) {
    case 'ASSIGNMENT_NOT_OPEN':
      return `This assignment is not open yet${openedAt(error.details)}.`;
    case 'ASSIGNMENT_CLOSED':
      return 'This assignment has closed. Your answers so far are kept and counted.';
    case 'ATTEMPT_SUBMITTED':
      return 'This was already submitted; nothing can change now.';
    case 'ATTEMPT_TIME_UP':
      return 'Time is up: your exam was submitted with the answers you gave.';
    case 'QUESTION_TIME_UP':
      return 'The time for that question ran out before your answer arrived; it counts as not answered.';
    case 'ALREADY_ANSWERED':
      return 'That question was already answered (perhaps on another device); the first answer counts.';
    case 'NOT_CURRENT_QUESTION':
      return 'You moved on elsewhere (perhaps on another device); here is the question you are on.';
    case 'SIMULATIONS_OFF':
      return 'Your instructor has not opened exam simulations for this class.';
    case 'ATTEMPT_NOT_FOUND':
    case 'ASSIGNMENT_NOT_FOUND':
      return 'This is not one of your assignments (it may have been deleted).';
    case 'NOT_ENOUGH_QUESTIONS':
      return 'There are not enough questions to draw this for you yet. Tell your instructor.';
    default:
      return error.message;
  }
}

function openedAt(details: unknown): string {
  const opensAt = (details as { opensAt?: string } | undefined)?.opensAt;
  return opensAt ? `: it opens ${new Date(opensAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}` : '';
}
