import { z } from 'zod';
import { loadOwnClass } from '../classes/class-access.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { drawBlueprint, drawExamMix, getQuiz } from '../quizzes/quizzes.ts';
import type { AssignmentInput } from './assignment-inputs.ts';
import { assignmentView, loadAssignmentRow, type AssignmentCounts, type AssignmentRow } from './assignment-records.ts';
import type { Assignment, AssignmentDetail, StudentProgressRow } from './assignment-types.ts';
import { assignmentStatus, SIMULATION_QUESTIONS } from './attempt-clock.ts';
import { closeAttempts, endOverdueAttempts } from './attempt-store.ts';
import { endedByName } from './attempt-views.ts';
import { estimateScaledScore, percentOf } from './scoring.ts';

/** The instructor's side of assignments: set one, follow each student's progress, close or delete it (its answers stay). */

const notFound = () => new AppError(404, 'ASSIGNMENT_NOT_FOUND', 'No such assignment in this class.');

async function ownAssignment(db: Db, instructorId: string, classId: string, assignmentId: string): Promise<AssignmentRow> {
  const own = await loadOwnClass(db, instructorId, classId);
  if (!z.uuid().safeParse(assignmentId).success) throw notFound();
  const row = await loadAssignmentRow(db, assignmentId);
  if (!row || row.classId !== own.id) throw notFound();
  return row;
}

/** The questions every student gets, drawn now (quiz, blueprint, exam mix); none for per-student draws. */
async function fixedQuestions(db: Db, instructorId: string, source: AssignmentInput['source']): Promise<{ questionIds: string[]; questionCount: number; quizId: string | null }> {
  switch (source.kind) {
    case 'quiz': {
      const quiz = await getQuiz(db, instructorId, source.quizId);
      return { questionIds: quiz.questions.map((q) => q.questionId), questionCount: quiz.questions.length, quizId: quiz.id };
    }
    case 'blueprint': {
      const questionIds = await drawBlueprint(db, instructorId, source);
      return { questionIds, questionCount: questionIds.length, quizId: null };
    }
    case 'examMix': {
      const { questionIds } = await drawExamMix(db, instructorId, source);
      return { questionIds, questionCount: questionIds.length, quizId: null };
    }
    case 'weakest':
      return { questionIds: [], questionCount: source.count, quizId: null };
    case 'simulation':
      return { questionIds: [], questionCount: SIMULATION_QUESTIONS, quizId: null };
  }
}

export async function createAssignment(db: Db, instructorId: string, classId: string, input: AssignmentInput, now: Date): Promise<Assignment> {
  const own = await loadOwnClass(db, instructorId, classId);
  if (own.archivedAt) throw new AppError(409, 'CLASS_ARCHIVED', 'This class is archived; restore it to set work.');
  if (input.closesAt && input.closesAt <= now) {
    throw new AppError(400, 'VALIDATION_FAILED', 'closesAt: must be in the future', [{ field: 'closesAt', message: 'must be in the future' }]);
  }
  const opensAt = input.opensAt ?? now;
  if (input.closesAt && input.closesAt <= opensAt) {
    throw new AppError(400, 'VALIDATION_FAILED', 'closesAt: must be after opensAt', [{ field: 'closesAt', message: 'must be after opensAt' }]);
  }
  const memberIds = input.memberIds ? [...new Set(input.memberIds)] : [];
  if (memberIds.length) {
    const found = await db.classMember.count({ where: { classId: own.id, id: { in: memberIds } } });
    if (found !== memberIds.length) throw new AppError(404, 'MEMBER_NOT_FOUND', 'Some of the chosen students are not in this class.');
  }
  const fixed = await fixedQuestions(db, instructorId, input.source);
  const { kind, ...params } = input.source;
  const row = await db.assignment.create({
    data: {
      classId: own.id,
      title: input.title,
      sourceKind: kind,
      quizId: fixed.quizId,
      sourceParams: params,
      questionIds: fixed.questionIds,
      questionCount: fixed.questionCount,
      memberIds,
      feedback: input.feedback,
      questionTimeLimitSec: input.questionTimeLimitSec,
      opensAt,
      closesAt: input.closesAt,
    },
  });
  return assignmentView(row, now, { assigned: memberIds.length || (await db.classMember.count({ where: { classId: own.id } })), started: 0, finished: 0, averagePercent: null });
}

type ProgressRow = {
  memberId: string;
  name: string;
  externalId: string | null;
  attemptId: string | null;
  startedAt: Date | null;
  submittedAt: Date | null;
  endedBy: 'submitted' | 'timeUp' | 'closed' | null;
  questionCount: number | null;
  correct: number | null;
  answered: number;
};

/** Each student it is for, with their attempt (if any) and how many answers it holds, in name order. */
async function progressRows(db: Db, row: AssignmentRow): Promise<ProgressRow[]> {
  return db.$queryRaw<ProgressRow[]>`
    SELECT m.id AS "memberId", m.name, m."externalId", at.id AS "attemptId", at."startedAt", at."submittedAt", at."endedBy"::text AS "endedBy",
           at."questionCount", at.correct,
           (SELECT count(*) FROM "Answer" a WHERE a."attemptId" = at.id)::int AS answered
      FROM "ClassMember" m
      LEFT JOIN "Attempt" at ON at."assignmentId" = ${row.id}::uuid AND at."memberId" = m.id
     WHERE m."classId" = ${row.classId}::uuid
       AND (cardinality(${row.memberIds}::uuid[]) = 0 OR m.id = ANY (${row.memberIds}::uuid[]))
     ORDER BY m.name, m.id`;
}

function progressOf(row: AssignmentRow, p: ProgressRow, now: Date): StudentProgressRow {
  const finished = p.submittedAt !== null;
  const questionCount = p.questionCount ?? row.questionCount;
  return {
    memberId: p.memberId,
    name: p.name,
    externalId: p.externalId,
    status: !p.attemptId ? 'not-started' : finished ? 'finished' : 'in-progress',
    endedBy: endedByName(p.endedBy),
    answered: p.answered,
    questionCount,
    correct: finished ? p.correct : null,
    percent: finished ? percentOf(p.correct!, questionCount) : null,
    scaledScore: finished && row.sourceKind === 'simulation' ? estimateScaledScore(p.correct!, questionCount).estimate : null,
    startedAt: p.startedAt,
    finishedAt: p.submittedAt,
    timeSpentMs: p.startedAt ? (p.submittedAt ?? now).getTime() - p.startedAt.getTime() : null,
  };
}

function countsOf(students: readonly StudentProgressRow[]): AssignmentCounts {
  const finished = students.filter((s) => s.status === 'finished');
  return {
    assigned: students.length,
    started: students.filter((s) => s.status !== 'not-started').length,
    finished: finished.length,
    averagePercent: finished.length ? Math.round((10 * finished.reduce((sum, s) => sum + s.percent!, 0)) / finished.length) / 10 : null,
  };
}

/** The class's assignments, newest first, with how many students started and finished each. */
export async function listAssignments(db: Db, instructorId: string, classId: string, now: Date): Promise<Assignment[]> {
  const own = await loadOwnClass(db, instructorId, classId);
  await endOverdueAttempts(db, { classId: own.id }, now);
  const rows = await db.assignment.findMany({ where: { classId: own.id, deletedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return Promise.all(
    rows.map(async (row) => {
      const full = { ...row, instructorId };
      const students = (await progressRows(db, full)).map((p) => progressOf(full, p, now));
      return assignmentView(row, now, countsOf(students));
    }),
  );
}

/** One assignment with every student's progress: finished or not, score, time spent. */
export async function assignmentDetail(db: Db, instructorId: string, classId: string, assignmentId: string, now: Date): Promise<AssignmentDetail> {
  const row = await ownAssignment(db, instructorId, classId, assignmentId);
  await endOverdueAttempts(db, { assignmentId: row.id }, now);
  const students = (await progressRows(db, row)).map((p) => progressOf(row, p, now));
  return { ...assignmentView(row, now, countsOf(students)), students };
}

/**
 * Ends the assignment's window at `now` (its opening too, for one that had not opened) unless it
 * has closed already, and every attempt in progress with what it holds; `deletedAt` hides it too.
 */
async function closeNow(db: Db, row: AssignmentRow, now: Date, hide: { deletedAt?: Date } = {}): Promise<void> {
  await endOverdueAttempts(db, { assignmentId: row.id }, now);
  const window = assignmentStatus(row, now) === 'closed' ? {} : { closesAt: now, ...(row.opensAt > now ? { opensAt: now } : {}) };
  await db.assignment.update({ where: { id: row.id }, data: { ...window, ...hide } });
  await closeAttempts(db, row.id, now);
  await endOverdueAttempts(db, { assignmentId: row.id }, now);
}

/** Closes the assignment now: no more starts or answers; attempts in progress end with what they hold. */
export async function closeAssignment(db: Db, instructorId: string, classId: string, assignmentId: string, now: Date): Promise<Assignment> {
  const row = await ownAssignment(db, instructorId, classId, assignmentId);
  if (assignmentStatus(row, now) === 'closed') throw new AppError(409, 'ASSIGNMENT_CLOSED', 'This assignment is closed already.');
  await closeNow(db, row, now);
  const { students: _s, ...view } = await assignmentDetail(db, instructorId, classId, assignmentId, now);
  return view;
}

/**
 * Deletes the assignment from the class page and its students' lists: it closes (attempts in
 * progress end with what they hold) and is gone for both, but every answer its students gave stays
 * in their mastery, readiness and exports, as an attempt's answers stay when a student leaves.
 */
export async function deleteAssignment(db: Db, instructorId: string, classId: string, assignmentId: string, now: Date): Promise<void> {
  const row = await ownAssignment(db, instructorId, classId, assignmentId);
  await closeNow(db, row, now, { deletedAt: now });
}
