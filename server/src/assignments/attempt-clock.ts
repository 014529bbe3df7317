import type { AssignmentStatus } from './assignment-types.ts';

/**
 * The clock of self-paced work, as pure decisions: `now` is always an argument (the server's
 * clock, read once per request by the caller), so every rule is testable without waiting.
 */

/** An exam simulation: 75 questions in 180 minutes, as the DOP-C02 exam. */
export const SIMULATION_QUESTIONS = 75;
export const SIMULATION_MINUTES = 180;


/** `upcoming` before `opensAt`, `closed` from `closesAt` on (an instant that is the boundary counts as closed), `open` between. */
export function assignmentStatus(window: { opensAt: Date; closesAt: Date | null }, now: Date): AssignmentStatus {
  if (now < window.opensAt) return 'upcoming';
  if (window.closesAt && now >= window.closesAt) return 'closed';
  return 'open';
}

/** A simulation's deadline from its start. */
export function simulationDeadline(startedAt: Date): Date {
  return new Date(startedAt.getTime() + SIMULATION_MINUTES * 60_000);
}

/** When an attempt ends by itself: the earlier of its deadline and its assignment's closing time (null: never). */
export function attemptEnd(deadlineAt: Date | null, closesAt: Date | null): Date | null {
  if (!deadlineAt) return closesAt;
  if (!closesAt) return deadlineAt;
  return deadlineAt <= closesAt ? deadlineAt : closesAt;
}

export type ClockedAttempt = { deadlineAt: Date | null; endsAt: Date | null; submittedAt: Date | null };

/**
 * Whether an attempt still in progress has run out of time by `now`, and how it ended: at its
 * deadline (`timeUp`) or at its assignment's closing time (`closed`), at that instant.
 */
export function overdue(attempt: ClockedAttempt, now: Date): { endedBy: 'timeUp' | 'closed'; at: Date } | null {
  if (attempt.submittedAt || !attempt.endsAt || now < attempt.endsAt) return null;
  const byDeadline = attempt.deadlineAt !== null && attempt.deadlineAt.getTime() <= attempt.endsAt.getTime();
  return { endedBy: byDeadline ? 'timeUp' : 'closed', at: attempt.endsAt };
}

/** Milliseconds left until `end` on the server's clock (never negative); null without an end. */
export function msLeft(end: Date | null, now: Date): number | null {
  return end ? Math.max(0, end.getTime() - now.getTime()) : null;
}

/** When a practice item's own time runs out: from the first time it was served; null without a timer or before it was served. */
export function itemDeadline(shownAt: Date | null, limitSec: number | null): Date | null {
  return shownAt && limitSec ? new Date(shownAt.getTime() + limitSec * 1000) : null;
}

export type PracticeItem = { position: number; answered: boolean; shownAt: Date | null; answeredAt?: Date | null };

/** A practice item is open while it is not answered and its own time (if any) has not run out. */
export function isOpenItem(item: PracticeItem, limitSec: number | null, now: Date): boolean {
  if (item.answered) return false;
  const deadline = itemDeadline(item.shownAt, limitSec);
  return !deadline || now < deadline;
}

/** The item a practice attempt is on: the first open one; null when every item is answered or timed out. */
export function currentPracticePosition(items: readonly PracticeItem[], limitSec: number | null, now: Date): number | null {
  return items.find((item) => isOpenItem(item, limitSec, now))?.position ?? null;
}

/**
 * When a practice attempt ran out of open items by `now`: the moment its last item closed (answered,
 * or its own time ran out); null while an item is open.
 */
export function practiceRanOut(items: readonly PracticeItem[], limitSec: number | null, now: Date): Date | null {
  if (items.length === 0 || currentPracticePosition(items, limitSec, now) !== null) return null;
  const closedAt = items.map((item) => (item.answered ? (item.answeredAt ?? now) : itemDeadline(item.shownAt, limitSec)!).getTime());
  return new Date(Math.max(...closedAt));
}

/**
 * How and when an attempt in progress has ended by `now`, if it has: a practice attempt whose items
 * all closed before its end is submitted as it is, at that moment; otherwise as `overdue` says.
 */
export function endingOf(attempt: ClockedAttempt & { practiceItems: readonly PracticeItem[] | null; questionTimeLimitSec: number | null }, now: Date): { endedBy: 'submitted' | 'timeUp' | 'closed'; at: Date } | null {
  if (attempt.submittedAt) return null;
  const ranOut = attempt.practiceItems ? practiceRanOut(attempt.practiceItems, attempt.questionTimeLimitSec, now) : null;
  if (ranOut && (!attempt.endsAt || ranOut < attempt.endsAt)) return { endedBy: 'submitted', at: ranOut };
  return overdue(attempt, now);
}
