import { z } from 'zod';
import { masteryView } from '../analytics/topic-mastery.ts';
import type { StudentIdentity } from '../classes/class-types.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { isValidChoice } from '../game/index.ts';
import { shuffled } from '../quizzes/draw.ts';
import type { AnswerAck, Attempt, AttemptQuestion, AttemptResult, StudentAssignments } from './assignment-types.ts';
import { assignmentStatus, attemptEnd, endingOf, itemDeadline, simulationDeadline } from './attempt-clock.ts';
import {
  attemptIdFor,
  createAttempt,
  createSelfSimulation,
  endAttempt,
  loadAttempt,
  markShown,
  openSelfSimulation,
  questionDetails,
  storeAnswer,
  storeFlag,
  storePosition,
  type NewAttempt,
  type QuestionDetail,
  type StoredAttempt,
} from './attempt-store.ts';
import { attemptSummary, attemptView, currentPosition, endedByName, feedbackOf, practiceItems, questionView, readingFeedback } from './attempt-views.ts';
import { assignmentView, loadAssignmentRow, type AssignmentRow } from './assignment-records.ts';
import { drawSimulation, drawWeakest, weakestTopicOrder } from './drawing.ts';
import { candidateQuestions, examDomains, seenByMember } from './question-pool.ts';
import { itemCorrect, scoreAttempt, estimateScaledScore } from './scoring.ts';

/**
 * A student's self-paced work: their assignments, starting or resuming an attempt, one question
 * at a time (practice) or the exam simulation (move, flag, change until submit), and the result.
 * Every function takes the server's `now`, read once per request by the transport.
 */

const attemptNotFound = () => new AppError(404, 'ATTEMPT_NOT_FOUND', 'No such attempt.');
const assignmentNotFound = () => new AppError(404, 'ASSIGNMENT_NOT_FOUND', 'No such assignment.');

/** A write to an attempt that is over is refused with how it ended. */
function endedRefusal(attempt: StoredAttempt): AppError {
  if (attempt.endedBy === 'closed') return new AppError(409, 'ASSIGNMENT_CLOSED', 'This assignment has closed; your answers so far are kept.');
  if (attempt.endedBy === 'timeUp') return new AppError(409, 'ATTEMPT_TIME_UP', 'Time is up: the exam was submitted with the answers you gave.');
  return new AppError(409, 'ATTEMPT_SUBMITTED', 'This attempt has been submitted; it can no longer change.');
}

async function assignmentForStudent(db: Db, me: StudentIdentity, assignmentId: string): Promise<AssignmentRow> {
  if (!z.uuid().safeParse(assignmentId).success) throw assignmentNotFound();
  const row = await loadAssignmentRow(db, assignmentId);
  if (!row || row.classId !== me.classId || (row.memberIds.length > 0 && !row.memberIds.includes(me.memberId))) throw assignmentNotFound();
  return row;
}

/**
 * The student's attempt, brought up to `now`: one whose time ran out is ended as it is, a practice
 * attempt with no open item left is submitted, both at the moment it happened (`endingOf`).
 */
async function ownAttempt(db: Db, me: StudentIdentity, attemptId: string, now: Date, answering?: number): Promise<StoredAttempt> {
  if (!z.uuid().safeParse(attemptId).success) throw attemptNotFound();
  const attempt = await loadAttempt(db, attemptId, answering);
  if (!attempt || attempt.memberId !== me.memberId) throw attemptNotFound();
  const ending = endingOf({ ...attempt, practiceItems: attempt.kind === 'practice' ? practiceItems(attempt) : null }, now);
  if (!ending) return attempt;
  await endAttempt(db, attempt.id, ending.endedBy, ending.at);
  return (await loadAttempt(db, attemptId))!;
}

async function detail(db: Db, attempt: StoredAttempt, position: number | null, read?: ReadonlyMap<string, QuestionDetail>) {
  if (position === null) return null;
  const id = attempt.items[position]!.questionId;
  return read?.get(id) ?? (await questionDetails(db, [id])).get(id)!;
}

/**
 * The attempt's view; the current item's clock starts when it is first served, except while the
 * student reads the feedback of the answer before it (`readingFeedback`): then when they go on and
 * read that question. `read`: question details at hand.
 */
async function served(db: Db, attempt: StoredAttempt, now: Date, read?: ReadonlyMap<string, QuestionDetail>): Promise<Attempt> {
  const position = currentPosition(attempt, now);
  if (position !== null && !attempt.items[position]!.shownAt && readingFeedback(attempt, position) === null) {
    await markShown(db, attempt.id, position, now);
    attempt.items[position] = { ...attempt.items[position]!, shownAt: now };
  }
  return attemptView(attempt, await detail(db, attempt, position, read), now);
}

export async function listMyAssignments(db: Db, me: StudentIdentity, now: Date): Promise<StudentAssignments> {
  const rows = await db.assignment.findMany({
    where: { classId: me.classId, deletedAt: null, OR: [{ memberIds: { isEmpty: true } }, { memberIds: { has: me.memberId } }] },
    orderBy: [{ opensAt: 'desc' }, { createdAt: 'desc' }],
  });
  const mine = await db.attempt.findMany({ where: { memberId: me.memberId }, select: { id: true }, orderBy: { startedAt: 'desc' } });
  const attempts = await Promise.all(mine.map((a) => ownAttempt(db, me, a.id, now)));
  const byAssignment = new Map(attempts.filter((a) => a.assignmentId).map((a) => [a.assignmentId!, a]));
  const klass = await db.class.findUniqueOrThrow({ where: { id: me.classId }, select: { selfSimulations: true } });
  return {
    assignments: rows.map((row) => {
      const { memberIds: _m, assigned: _a, started: _s, finished: _f, averagePercent: _p, ...view } = assignmentView(row, now, { assigned: 0, started: 0, finished: 0, averagePercent: null });
      const attempt = byAssignment.get(row.id);
      return { ...view, attempt: attempt ? attemptSummary(attempt) : null };
    }),
    simulations: { selfStart: klass.selfSimulations && !me.archived, attempts: attempts.filter((a) => !a.assignmentId).map(attemptSummary) },
  };
}

/** The questions of a new attempt: the assignment's own, or drawn for this student now. */
async function drawFor(db: Db, me: StudentIdentity, instructorId: string, assignment: Pick<AssignmentRow, 'sourceKind' | 'sourceParams' | 'questionIds' | 'questionCount'>): Promise<string[]> {
  if (assignment.sourceKind === 'simulation') {
    const [pool, domains, seen] = await Promise.all([candidateQuestions(db, instructorId, 'exam'), examDomains(db), seenByMember(db, me.memberId)]);
    return drawSimulation(pool, domains, seen, shuffled, assignment.questionCount);
  }
  if (assignment.sourceKind === 'weakest') {
    const params = assignment.sourceParams as { count: number; style?: 'quick' | 'exam' };
    const [view, pool, seen] = await Promise.all([
      masteryView(db, instructorId, { from: null, to: null }, { classId: me.classId, memberIds: [me.memberId] }),
      candidateQuestions(db, instructorId, params.style),
      seenByMember(db, me.memberId),
    ]);
    const order = weakestTopicOrder(view.topics, view.neverPractised);
    return drawWeakest(pool, order, seen, params.count, shuffled);
  }
  return assignment.questionIds;
}

/** Starts the student's attempt at an assignment, or finds the one they have (on any device). */
export async function startAssignmentAttempt(db: Db, me: StudentIdentity, assignmentId: string, now: Date): Promise<{ created: boolean; attempt: Attempt }> {
  const assignment = await assignmentForStudent(db, me, assignmentId);
  const existing = await attemptIdFor(db, assignment.id, me.memberId);
  if (existing) return { created: false, attempt: await served(db, await ownAttempt(db, me, existing, now), now) };
  const status = assignmentStatus(assignment, now);
  if (status === 'upcoming') throw new AppError(409, 'ASSIGNMENT_NOT_OPEN', 'This assignment has not opened yet.', { opensAt: assignment.opensAt });
  if (status === 'closed') throw new AppError(409, 'ASSIGNMENT_CLOSED', 'This assignment has closed.');
  const questionIds = await drawFor(db, me, assignment.instructorId, assignment);
  const simulation = assignment.sourceKind === 'simulation';
  const deadlineAt = simulation ? simulationDeadline(now) : null;
  const id = await createAttempt(db, {
    kind: simulation ? 'simulation' : 'practice',
    assignmentId: assignment.id,
    classId: me.classId,
    memberId: me.memberId,
    title: assignment.title,
    feedback: assignment.feedback,
    questionTimeLimitSec: assignment.questionTimeLimitSec,
    questionCount: questionIds.length,
    startedAt: now,
    deadlineAt,
    endsAt: attemptEnd(deadlineAt, assignment.closesAt),
    questionIds,
  });
  const attemptId = id ?? (await attemptIdFor(db, assignment.id, me.memberId))!;
  return { created: id !== null, attempt: await served(db, await ownAttempt(db, me, attemptId, now), now) };
}

/** A simulation the student starts from the class page (when the class allows it), or the one in progress. */
export async function startSelfSimulation(db: Db, me: StudentIdentity, now: Date): Promise<{ created: boolean; attempt: Attempt }> {
  const klass = await db.class.findUniqueOrThrow({ where: { id: me.classId }, select: { selfSimulations: true, archivedAt: true, instructorId: true } });
  if (!klass.selfSimulations || klass.archivedAt) throw new AppError(403, 'SIMULATIONS_OFF', 'Your instructor has not opened exam simulations for this class.');
  const open = await openSelfSimulation(db, me.memberId, now);
  if (open) return { created: false, attempt: await served(db, await ownAttempt(db, me, open, now), now) };
  const questionIds = await drawFor(db, me, klass.instructorId, { sourceKind: 'simulation', sourceParams: {}, questionIds: [], questionCount: 75 });
  const deadlineAt = simulationDeadline(now);
  const attempt: NewAttempt = {
    kind: 'simulation',
    assignmentId: null,
    classId: me.classId,
    memberId: me.memberId,
    title: 'Exam simulation',
    feedback: 'end',
    questionTimeLimitSec: null,
    questionCount: questionIds.length,
    startedAt: now,
    deadlineAt,
    endsAt: deadlineAt,
    questionIds,
  };
  const { id, created } = await createSelfSimulation(db, attempt, now);
  return { created, attempt: await served(db, await ownAttempt(db, me, id, now), now) };
}

export async function showAttempt(db: Db, me: StudentIdentity, attemptId: string, now: Date): Promise<Attempt> {
  return served(db, await ownAttempt(db, me, attemptId, now), now);
}

function itemAt(attempt: StoredAttempt, position: number) {
  const item = attempt.items[position];
  if (!item) throw new AppError(400, 'POSITION_OUT_OF_RANGE', `This attempt has questions 0 to ${attempt.items.length - 1}.`);
  return item;
}

/** One item: any in a simulation, or once over; in practice the current item or an answered one. */
export async function showQuestion(db: Db, me: StudentIdentity, attemptId: string, position: number, now: Date): Promise<AttemptQuestion> {
  const attempt = await ownAttempt(db, me, attemptId, now);
  const item = itemAt(attempt, position);
  const current = currentPosition(attempt, now);
  if (attempt.kind === 'practice' && !attempt.submittedAt && position !== current && !attempt.answers.has(item.questionId)) {
    throw new AppError(409, 'NOT_CURRENT_QUESTION', 'Answer the questions in order.', { position: current });
  }
  if (position === current && !item.shownAt) {
    await markShown(db, attempt.id, position, now);
    attempt.items[position] = { ...item, shownAt: now };
  }
  return questionView(attempt, position, (await detail(db, attempt, position))!, now);
}

/**
 * Stores an answer and acknowledges it only once stored. Practice: the current item, once, before
 * its own time runs out; simulation: any item, as often as the student changes it.
 */
export async function answerQuestion(db: Db, me: StudentIdentity, attemptId: string, input: { position: number; choices: number[] }, now: Date): Promise<AnswerAck> {
  const attempt = await ownAttempt(db, me, attemptId, now, input.position);
  if (attempt.submittedAt) throw endedRefusal(attempt);
  const item = itemAt(attempt, input.position);
  const practice = attempt.kind === 'practice';
  if (practice) {
    if (attempt.answers.has(item.questionId)) throw new AppError(409, 'ALREADY_ANSWERED', 'This question has been answered; the first answer counts.');
    const current = currentPosition(attempt, now);
    if (input.position !== current) {
      const deadline = itemDeadline(item.shownAt, attempt.questionTimeLimitSec);
      if (deadline && now >= deadline) throw new AppError(409, 'QUESTION_TIME_UP', 'The time for this question ran out.');
      throw new AppError(409, 'NOT_CURRENT_QUESTION', 'Answer the questions in order.', { position: current });
    }
  }
  // The answered question and the one the student goes on to came with the attempt.
  const next = practice ? attempt.items.find((i) => i.position > input.position && !attempt.answers.has(i.questionId)) : attempt.items[attempt.position];
  const read = attempt.questions;
  const question = read.get(item.questionId)!;
  if (!isValidChoice(question, input.choices)) {
    throw new AppError(400, 'INVALID_CHOICE', `Choose ${question.type === 'multiple' ? question.answer.length : 1} different option(s) between 0 and ${question.options.length - 1}.`);
  }
  const correct = itemCorrect({ answer: question.answer, chosen: input.choices });
  // In "each" mode the student reads the feedback first: the next item's clock starts when they go
  // on to it (see `served`), not with this acknowledgement.
  const startsNext = practice && attempt.feedback !== 'each' && next !== undefined && !next.shownAt;
  const answeredAt = await storeAnswer(db, {
    attemptId: attempt.id,
    source: practice ? 'assignment' : 'simulation',
    questionId: item.questionId,
    topicId: question.topicId,
    chosen: input.choices,
    correct,
    responseMs: item.shownAt ? Math.max(0, now.getTime() - item.shownAt.getTime()) : 0,
    replace: !practice,
    showNext: startsNext ? next.position : null,
    now,
  });
  if (!answeredAt) {
    // Another request got there first: the attempt ended, or this item was answered from another device.
    const fresh = await ownAttempt(db, me, attempt.id, now);
    if (fresh.submittedAt) throw endedRefusal(fresh);
    throw new AppError(409, 'ALREADY_ANSWERED', 'This question has been answered; the first answer counts.');
  }
  // What is stored now, without reading it back: the answer, the next item's clock, and (practice) the end once no item is open.
  attempt.answers.set(item.questionId, { chosen: input.choices, correct, answeredAt });
  if (startsNext) attempt.items[next.position] = { ...next, shownAt: now };
  const after = practice && currentPosition(attempt, now) === null ? await ownAttempt(db, me, attempt.id, now) : attempt;
  return {
    ok: true,
    position: input.position,
    chosen: [...input.choices],
    answeredAt,
    feedback: attempt.feedback === 'each' ? feedbackOf(question, correct) : null,
    attempt: await served(db, after, now, read),
  };
}

async function simulationInProgress(db: Db, me: StudentIdentity, attemptId: string, now: Date) {
  const attempt = await ownAttempt(db, me, attemptId, now);
  if (attempt.submittedAt) throw endedRefusal(attempt);
  if (attempt.kind !== 'simulation') throw new AppError(409, 'NOT_A_SIMULATION', 'Only an exam simulation lets you move between questions and flag them.');
  return attempt;
}

/** A simulation's student goes to another item (kept for their other devices). */
export async function moveTo(db: Db, me: StudentIdentity, attemptId: string, position: number, now: Date): Promise<Attempt> {
  const attempt = await simulationInProgress(db, me, attemptId, now);
  itemAt(attempt, position);
  if (!(await storePosition(db, attempt.id, position, now))) throw endedRefusal(await ownAttempt(db, me, attemptId, now));
  return served(db, await ownAttempt(db, me, attemptId, now), now);
}

/** Flags an item of a simulation for review, or unflags it. */
export async function flagItem(db: Db, me: StudentIdentity, attemptId: string, input: { position: number; flagged: boolean }, now: Date): Promise<Attempt> {
  const attempt = await simulationInProgress(db, me, attemptId, now);
  itemAt(attempt, input.position);
  if (!(await storeFlag(db, attempt.id, input.position, input.flagged, now))) throw endedRefusal(await ownAttempt(db, me, attemptId, now));
  return served(db, await ownAttempt(db, me, attemptId, now), now);
}

/** The student hands the attempt in as it is; then the result. */
export async function submitAttempt(db: Db, me: StudentIdentity, attemptId: string, now: Date): Promise<AttemptResult> {
  const attempt = await ownAttempt(db, me, attemptId, now);
  if (attempt.submittedAt) throw endedRefusal(attempt);
  await endAttempt(db, attempt.id, 'submitted', now);
  return resultOf(db, await ownAttempt(db, me, attemptId, now));
}

export async function attemptResult(db: Db, me: StudentIdentity, attemptId: string, now: Date): Promise<AttemptResult> {
  const attempt = await ownAttempt(db, me, attemptId, now);
  if (!attempt.submittedAt) throw new AppError(409, 'RESULT_NOT_READY', 'The result is shown once the attempt is submitted.');
  return resultOf(db, attempt);
}

/** Score, the per-domain breakdown against the exam weights, the scaled-score estimate (simulations) and every question with its key. */
async function resultOf(db: Db, attempt: StoredAttempt): Promise<AttemptResult> {
  const [questions, domains] = await Promise.all([
    questionDetails(db, attempt.items.map((i) => i.questionId)),
    db.domain.findMany({ orderBy: { number: 'asc' }, select: { id: true, title: true, examWeightPercent: true } }),
  ]);
  const items = attempt.items.map((item) => {
    const question = questions.get(item.questionId)!;
    return { item, question, chosen: attempt.answers.get(item.questionId)?.chosen ?? null };
  });
  const score = scoreAttempt(
    items.map(({ question, chosen }) => ({ domainId: question.domainId, answer: question.answer, chosen })),
    domains.map((d) => ({ domainId: d.id, title: d.title, examWeightPercent: d.examWeightPercent })),
  );
  const { correct: _c, percent: _p, scaledScore: _s, ...summary } = attemptSummary(attempt);
  return {
    ...summary,
    endedBy: endedByName(attempt.endedBy),
    correct: score.correct,
    percent: score.percent,
    timeSpentMs: attempt.submittedAt!.getTime() - attempt.startedAt.getTime(),
    domains: score.domains,
    scaledScore: attempt.kind === 'simulation' ? estimateScaledScore(score.correct, score.questionCount) : null,
    review: items.map(({ item, question, chosen }) => ({
      position: item.position,
      questionId: question.id,
      topicId: question.topicId,
      domainId: question.domainId,
      type: question.type,
      prompt: question.prompt,
      options: [...question.options],
      chosen: chosen ? [...chosen] : null,
      correct: itemCorrect({ answer: question.answer, chosen }),
      answer: [...question.answer],
      explanation: question.explanation,
      flagged: item.flagged,
    })),
  };
}
