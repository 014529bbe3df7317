import type { Db } from '../db/client.ts';
import { attemptRanOutOfItems } from '../analytics/mastery-queries.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** Persistence of attempts: every read and write of an attempt goes through here, as plain objects. */

export type StoredItem = { position: number; questionId: string; flagged: boolean; shownAt: Date | null };
export type StoredChoice = { chosen: number[]; correct: boolean; answeredAt: Date };

export type StoredAttempt = {
  id: string;
  kind: 'practice' | 'simulation';
  assignmentId: string | null;
  classId: string;
  memberId: string | null;
  title: string;
  feedback: 'each' | 'end';
  questionTimeLimitSec: number | null;
  questionCount: number;
  startedAt: Date;
  deadlineAt: Date | null;
  endsAt: Date | null;
  position: number;
  submittedAt: Date | null;
  endedBy: 'submitted' | 'timeUp' | 'closed' | null;
  correct: number | null;
  items: StoredItem[];
  /** By question id. */
  answers: Map<string, StoredChoice>;
  /** Question details read with the attempt (see `loadAttempt`), by question id. */
  questions: Map<string, QuestionDetail>;
};

export type QuestionDetail = {
  id: string;
  type: 'single' | 'multiple' | 'truefalse';
  prompt: string;
  options: string[];
  answer: number[];
  explanation: string;
  topicId: string;
  domainId: string;
};

type AttemptRow = Omit<StoredAttempt, 'items' | 'answers' | 'questions'> & {
  items: { position: number; questionId: string; flagged: boolean; shownAt: string | null }[];
  answers: { questionId: string; chosen: number[]; correct: boolean; answeredAt: string }[];
  questions: QuestionDetail[] | null;
};

/**
 * The questions an answer to `position` needs: that item's, and the one the student goes on to
 * (a simulation's current item; in practice the first later item without an answer).
 */
const answeringQuestions = (position: number) => Prisma.sql`,
           (SELECT jsonb_agg(jsonb_build_object('id', q.id, 'type', q.type, 'prompt', q.prompt, 'options', q.options, 'answer', q.answer,
                                                'explanation', q.explanation, 'topicId', q."topicId", 'domainId', t."domainId"))
              FROM "AttemptItem" i JOIN "Question" q ON q.id = i."questionId" JOIN "Topic" t ON t.id = q."topicId"
             WHERE i."attemptId" = at.id
               AND (i.position = ${position}::int
                    OR i.position = CASE WHEN at.kind = 'simulation' THEN at.position ELSE
                         (SELECT min(j.position) FROM "AttemptItem" j
                           WHERE j."attemptId" = at.id AND j.position > ${position}::int
                             AND NOT EXISTS (SELECT 1 FROM "Answer" a WHERE a."attemptId" = at.id AND a."questionId" = j."questionId")) END)) AS questions`;

/**
 * The attempt with its items and answers, in one statement (it is read on every request of a
 * student's attempt); with `answering`, also the questions an answer to that position needs.
 */
export async function loadAttempt(db: Db, attemptId: string, answering?: number): Promise<StoredAttempt | null> {
  const [row] = await db.$queryRaw<AttemptRow[]>`
    SELECT at.id, at.kind::text AS kind, at."assignmentId", at."classId", at."memberId", at.title, at.feedback::text AS feedback,
           at."questionTimeLimitSec", at."questionCount", at."startedAt", at."deadlineAt", at."endsAt", at.position,
           at."submittedAt", at."endedBy"::text AS "endedBy", at.correct,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('position', i.position, 'questionId', i."questionId", 'flagged', i.flagged, 'shownAt', i."shownAt")
                                      ORDER BY i.position), '[]'::jsonb)
              FROM "AttemptItem" i WHERE i."attemptId" = at.id) AS items,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('questionId', a."questionId", 'chosen', a.chosen, 'correct', a.correct, 'answeredAt', a."answeredAt")), '[]'::jsonb)
              FROM "Answer" a WHERE a."attemptId" = at.id) AS answers
           ${answering === undefined ? Prisma.empty : answeringQuestions(answering)}
      FROM "Attempt" at
     WHERE at.id = ${attemptId}::uuid`;
  if (!row) return null;
  return {
    ...row,
    items: row.items.map((item) => ({ ...item, shownAt: item.shownAt ? new Date(item.shownAt) : null })),
    answers: new Map(row.answers.map(({ questionId, answeredAt, ...choice }) => [questionId, { ...choice, answeredAt: new Date(answeredAt) }])),
    questions: new Map((row.questions ?? []).map((q) => [q.id, q])),
  };
}

/** The attempt of a member for an assignment, if they started one. */
export async function attemptIdFor(db: Db, assignmentId: string, memberId: string): Promise<string | null> {
  const row = await db.attempt.findUnique({ where: { assignmentId_memberId: { assignmentId, memberId } }, select: { id: true } });
  return row?.id ?? null;
}

export async function questionDetails(db: Db, ids: readonly string[]): Promise<Map<string, QuestionDetail>> {
  const rows = await db.$queryRaw<QuestionDetail[]>`
    SELECT q.id, q.type::text AS type, q.prompt, q.options, q.answer, q.explanation, q."topicId", t."domainId"
      FROM "Question" q JOIN "Topic" t ON t.id = q."topicId"
     WHERE q.id = ANY (${[...ids]}::text[])`;
  return new Map(rows.map((q) => [q.id, q]));
}

export type NewAttempt = Omit<StoredAttempt, 'id' | 'items' | 'answers' | 'questions' | 'position' | 'submittedAt' | 'endedBy' | 'correct'> & { questionIds: string[] };

/** Stores a new attempt with its drawn questions; null when the member has one for this assignment already. */
export async function createAttempt(db: Db, attempt: NewAttempt): Promise<string | null> {
  const { questionIds, ...data } = attempt;
  try {
    const row = await db.attempt.create({
      data: { ...data, items: { create: questionIds.map((questionId, position) => ({ position, questionId })) } },
      select: { id: true },
    });
    return row.id;
  } catch (error) {
    // Two devices starting at the same moment: the unique key (assignment, member) decides.
    if ((error as { code?: string }).code === 'P2002') return null;
    throw error;
  }
}

/**
 * A new self-started simulation, unless the member has one in progress at `now` (returned
 * instead): one check and one write under a lock on the member, so two devices get one simulation.
 */
export async function createSelfSimulation(db: Db, attempt: NewAttempt, now: Date): Promise<{ id: string; created: boolean }> {
  const { questionIds, ...data } = attempt;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`simulation:${attempt.memberId}`}))`;
    const open = await tx.attempt.findFirst({
      where: { memberId: attempt.memberId, assignmentId: null, kind: 'simulation', submittedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
      select: { id: true },
    });
    if (open) return { id: open.id, created: false };
    const row = await tx.attempt.create({ data: { ...data, items: { create: questionIds.map((questionId, position) => ({ position, questionId })) } }, select: { id: true } });
    return { id: row.id, created: true };
  });
}

/** The member's self-started simulation in progress at `now`, if any. */
export async function openSelfSimulation(db: Db, memberId: string, now: Date): Promise<string | null> {
  const row = await db.attempt.findFirst({
    where: { memberId, assignmentId: null, kind: 'simulation', submittedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
    select: { id: true },
  });
  return row?.id ?? null;
}

const correctCount = (attempt: Prisma.Sql) => Prisma.sql`(SELECT count(*) FROM "Answer" a WHERE a."attemptId" = ${attempt} AND a.correct)::int`;

/** Ends an attempt in progress (a second end changes nothing), counting its right answers as they are stored. */
export async function endAttempt(db: Db, attemptId: string, endedBy: 'submitted' | 'timeUp' | 'closed', at: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE "Attempt" SET "submittedAt" = ${at}::timestamptz, "endedBy" = ${endedBy}::"AttemptEnd", correct = ${correctCount(Prisma.sql`"Attempt".id`)}
     WHERE id = ${attemptId}::uuid AND "submittedAt" IS NULL`;
}

/**
 * Ends, as they are, the attempts whose time ran out by `now` (of one assignment, or of every
 * assignment of a class), as `endingOf` does for one: a timed practice attempt whose last item's
 * time ran out before its end is submitted at that moment; the others at their end, by their
 * deadline (`timeUp`) or by the closing time (`closed`).
 */
export async function endOverdueAttempts(db: Db, where: { assignmentId: string } | { classId: string }, now: Date): Promise<void> {
  const scope = 'assignmentId' in where ? Prisma.sql`"assignmentId" = ${where.assignmentId}::uuid` : Prisma.sql`"classId" = ${where.classId}::uuid`;
  await db.$executeRaw`
    UPDATE "Attempt" SET "submittedAt" = ran."closedAt", "endedBy" = 'submitted'::"AttemptEnd", correct = ${correctCount(Prisma.sql`"Attempt".id`)}
      FROM (SELECT at.id, max(coalesce(a."answeredAt", i."shownAt" + at."questionTimeLimitSec" * interval '1 second')) AS "closedAt"
              FROM "Attempt" at
              JOIN "AttemptItem" i ON i."attemptId" = at.id
              LEFT JOIN "Answer" a ON a."attemptId" = at.id AND a."questionId" = i."questionId"
             WHERE at.${scope} AND at."submittedAt" IS NULL AND ${attemptRanOutOfItems(now)}
             GROUP BY at.id) ran
     WHERE "Attempt".id = ran.id AND ("Attempt"."endsAt" IS NULL OR ran."closedAt" < "Attempt"."endsAt")`;
  await db.$executeRaw`
    UPDATE "Attempt"
       SET "submittedAt" = "endsAt",
           "endedBy" = (CASE WHEN "deadlineAt" IS NOT NULL AND "deadlineAt" <= "endsAt" THEN 'timeUp' ELSE 'closed' END)::"AttemptEnd",
           correct = ${correctCount(Prisma.sql`"Attempt".id`)}
     WHERE ${scope} AND "submittedAt" IS NULL AND "endsAt" <= ${now}::timestamptz`;
}

/** The closing time moved to `closesAt`: attempts in progress now end there at the latest. */
export async function closeAttempts(db: Db, assignmentId: string, closesAt: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE "Attempt" SET "endsAt" = least(coalesce("endsAt", ${closesAt}::timestamptz), ${closesAt}::timestamptz)
     WHERE "assignmentId" = ${assignmentId}::uuid AND "submittedAt" IS NULL`;
}

export type AnswerWrite = {
  attemptId: string;
  source: 'assignment' | 'simulation';
  questionId: string;
  topicId: string;
  chosen: number[];
  correct: boolean;
  responseMs: number;
  /** A simulation's answer replaces the one stored; a practice answer is stored once. */
  replace: boolean;
  /** The item served next, whose clock starts with this answer (practice), if it has not started. */
  showNext: number | null;
  now: Date;
};

/**
 * Stores an answer in one statement, only while its attempt is in progress at `now` (the attempt's
 * row is locked for it, so a submit cannot slip between the check and the write), and starts the
 * clock of the item served next. Returns when it was stored, or null when nothing was stored: the
 * attempt has ended, or (practice) the item was answered already.
 */
export async function storeAnswer(db: Db, write: AnswerWrite): Promise<Date | null> {
  const onConflict = write.replace
    ? Prisma.sql`DO UPDATE SET chosen = EXCLUDED.chosen, correct = EXCLUDED.correct, "responseMs" = EXCLUDED."responseMs", "answeredAt" = EXCLUDED."answeredAt"`
    : Prisma.sql`DO NOTHING`;
  const rows = await db.$queryRaw<{ answeredAt: Date }[]>`
    WITH open AS (
      SELECT id FROM "Attempt"
       WHERE id = ${write.attemptId}::uuid AND "submittedAt" IS NULL AND ("endsAt" IS NULL OR "endsAt" > ${write.now}::timestamptz)
         FOR UPDATE
    ),
    shown AS (
      UPDATE "AttemptItem" SET "shownAt" = ${write.now}::timestamptz
       WHERE "attemptId" IN (SELECT id FROM open) AND position = ${write.showNext ?? -1}::int AND "shownAt" IS NULL
    )
    INSERT INTO "Answer" (source, "attemptId", "questionId", "topicId", chosen, correct, "responseMs", points, "answeredAt")
    SELECT ${write.source}::"AnswerSource", open.id, ${write.questionId}, ${write.topicId}, ${write.chosen}::int[], ${write.correct},
           ${write.responseMs}::int, 0, ${write.now}::timestamptz
      FROM open
    ON CONFLICT ("attemptId", "questionId") ${onConflict}
    RETURNING "answeredAt"`;
  return rows[0]?.answeredAt ?? null;
}

/** Starts an item's own clock the first time it is served. */
export async function markShown(db: Db, attemptId: string, position: number, now: Date): Promise<void> {
  await db.attemptItem.updateMany({ where: { attemptId, position, shownAt: null }, data: { shownAt: now } });
}

/** Moves a simulation in progress to another item; false when the attempt has ended by `now`. */
export async function storePosition(db: Db, attemptId: string, position: number, now: Date): Promise<boolean> {
  const { count } = await db.attempt.updateMany({ where: { id: attemptId, submittedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] }, data: { position } });
  return count === 1;
}

/** Flags or unflags an item of an attempt in progress; false when the attempt has ended by `now`. */
export async function storeFlag(db: Db, attemptId: string, position: number, flagged: boolean, now: Date): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "AttemptItem" i SET flagged = ${flagged}
      FROM "Attempt" at
     WHERE i."attemptId" = ${attemptId}::uuid AND i.position = ${position}::int AND at.id = i."attemptId"
       AND at."submittedAt" IS NULL AND (at."endsAt" IS NULL OR at."endsAt" > ${now}::timestamptz)`;
  return count === 1;
}
