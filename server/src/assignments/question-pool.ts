import { visibleTo } from '../banks/questions.ts';
import type { Db } from '../db/client.ts';
import type { Candidate, ExamDomain } from './drawing.ts';

/** The questions a class's instructor may set (built-in and their own, not archived), optionally of one style. */
export async function candidateQuestions(db: Db, instructorId: string, style?: 'quick' | 'exam'): Promise<Candidate[]> {
  const rows = await db.question.findMany({
    where: { AND: [visibleTo(instructorId), { archivedAt: null }, style ? { style } : {}] },
    select: { id: true, topicId: true, topic: { select: { domainId: true } } },
    orderBy: { id: 'asc' },
  });
  return rows.map((q) => ({ id: q.id, topicId: q.topicId, domainId: q.topic.domainId }));
}

/** The weighted exam domains in exam order. */
export async function examDomains(db: Db): Promise<ExamDomain[]> {
  const rows = await db.domain.findMany({ where: { examWeightPercent: { gt: 0 } }, orderBy: { number: 'asc' } });
  return rows.map((d) => ({ domainId: d.id, title: d.title, examWeightPercent: d.examWeightPercent }));
}

/**
 * How often the student has seen each question: asked in a live game they sat in, or drawn in
 * one of their attempts.
 */
export async function seenByMember(db: Db, memberId: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ questionId: string; n: number }[]>`
    SELECT "questionId", count(*)::int AS n FROM (
      SELECT gq."questionId" FROM "GameQuestion" gq JOIN "Player" p ON p."gameId" = gq."gameId"
       WHERE p."memberId" = ${memberId}::uuid
      UNION ALL
      SELECT ai."questionId" FROM "AttemptItem" ai JOIN "Attempt" at ON at.id = ai."attemptId"
       WHERE at."memberId" = ${memberId}::uuid
    ) seen
    GROUP BY "questionId"`;
  return new Map(rows.map((r) => [r.questionId, r.n]));
}
