import type { Db } from '../db/client.ts';
import type { Assignment, AssignmentSourceView } from './assignment-types.ts';
import { assignmentStatus } from './attempt-clock.ts';

/** An assignment as stored, with its class's instructor. */
export type AssignmentRow = {
  id: string;
  classId: string;
  instructorId: string;
  title: string;
  sourceKind: 'quiz' | 'blueprint' | 'examMix' | 'weakest' | 'simulation';
  quizId: string | null;
  sourceParams: unknown;
  questionIds: string[];
  questionCount: number;
  memberIds: string[];
  feedback: 'each' | 'end';
  questionTimeLimitSec: number | null;
  opensAt: Date;
  closesAt: Date | null;
  createdAt: Date;
};

/** An assignment that has not been deleted. */
export async function loadAssignmentRow(db: Db, assignmentId: string): Promise<AssignmentRow | null> {
  const row = await db.assignment.findFirst({ where: { id: assignmentId, deletedAt: null }, include: { class: { select: { instructorId: true } } } });
  if (!row) return null;
  const { class: klass, ...assignment } = row;
  return { ...assignment, instructorId: klass.instructorId };
}

function sourceView(row: Pick<AssignmentRow, 'sourceKind' | 'quizId' | 'questionCount'>): AssignmentSourceView {
  if (row.sourceKind === 'quiz') return { kind: 'quiz', quizId: row.quizId };
  if (row.sourceKind === 'simulation') return { kind: 'simulation' };
  return { kind: row.sourceKind, count: row.questionCount };
}

export type AssignmentCounts = Pick<Assignment, 'assigned' | 'started' | 'finished' | 'averagePercent'>;

export function assignmentView(row: Omit<AssignmentRow, 'instructorId'>, now: Date, counts: AssignmentCounts): Assignment {
  return {
    id: row.id,
    classId: row.classId,
    title: row.title,
    source: sourceView(row),
    kind: row.sourceKind === 'simulation' ? 'simulation' : 'practice',
    feedback: row.feedback,
    questionTimeLimitSec: row.questionTimeLimitSec,
    questionCount: row.questionCount,
    memberIds: row.memberIds.length ? row.memberIds : null,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    createdAt: row.createdAt,
    status: assignmentStatus(row, now),
    ...counts,
  };
}
