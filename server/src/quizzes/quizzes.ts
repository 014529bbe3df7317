import { z } from 'zod';
import type { QUESTION_TYPES } from '../banks/question-schema.ts';
import { visibleTo } from '../banks/questions.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { apportion, drawLeastSeen, shuffled } from './draw.ts';
import type { blueprintSchema, examMixSchema, QuizInput } from './quiz-inputs.ts';
import type { ExamMixQuiz, QuizSummary, QuizView } from './quiz-types.ts';

export { blueprintSchema, examMixSchema, quizInputSchema, type QuizInput } from './quiz-inputs.ts';
export type { ExamMixQuiz, QuizSummary, QuizView } from './quiz-types.ts';

const quizInclude = {
  questions: {
    orderBy: { position: 'asc' },
    include: { question: { select: { prompt: true, type: true, topicId: true, difficulty: true, topic: { select: { domainId: true } } } } },
  },
} as const;

async function loadQuiz(db: Db, instructorId: string, id: string) {
  if (!z.uuid().safeParse(id).success) throw new AppError(404, 'QUIZ_NOT_FOUND', 'No such quiz.');
  const quiz = await db.quiz.findUnique({ where: { id }, include: quizInclude });
  if (!quiz) throw new AppError(404, 'QUIZ_NOT_FOUND', 'No such quiz.');
  if (quiz.instructorId !== instructorId) throw new AppError(403, 'FORBIDDEN', 'This quiz belongs to another instructor.');
  return quiz;
}

function toView(quiz: Awaited<ReturnType<typeof loadQuiz>>): QuizView {
  return {
    id: quiz.id,
    title: quiz.title,
    shuffleOptions: quiz.shuffleOptions,
    createdAt: quiz.createdAt,
    updatedAt: quiz.updatedAt,
    questions: quiz.questions.map((item) => ({
      position: item.position,
      questionId: item.questionId,
      timeLimitSec: item.timeLimitSec,
      readingSec: item.readingSec,
      doublePoints: item.doublePoints,
      prompt: item.question.prompt,
      type: item.question.type,
      topicId: item.question.topicId,
      domainId: item.question.topic.domainId,
      difficulty: item.question.difficulty,
    })),
  };
}

/** Resolves quiz items against the questions the instructor may use; unknown ids are a 400. */
async function resolveItems(db: Db, instructorId: string, items: QuizInput['questions']) {
  const ids = items.map((i) => i.questionId);
  const found = new Map(
    (
      await db.question.findMany({
        where: { AND: [{ id: { in: ids } }, visibleTo(instructorId), { archivedAt: null }] },
        select: { id: true, timeLimitSec: true },
      })
    ).map((q) => [q.id, q]),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw new AppError(400, 'UNKNOWN_QUESTIONS', `Unknown or archived question(s): ${missing.join(', ')}`, { missing });
  }
  return items.map((item, position) => ({
    position,
    questionId: item.questionId,
    timeLimitSec: item.timeLimitSec ?? found.get(item.questionId)!.timeLimitSec,
    readingSec: item.readingSec ?? null,
    doublePoints: item.doublePoints,
  }));
}

export async function createQuiz(db: Db, instructorId: string, input: QuizInput): Promise<QuizView> {
  const items = await resolveItems(db, instructorId, input.questions);
  const quiz = await db.quiz.create({
    data: { instructorId, title: input.title, shuffleOptions: input.shuffleOptions, questions: { create: items } },
    include: quizInclude,
  });
  return toView(quiz);
}

export async function updateQuiz(db: Db, instructorId: string, id: string, input: QuizInput): Promise<QuizView> {
  await loadQuiz(db, instructorId, id);
  const items = await resolveItems(db, instructorId, input.questions);
  const quiz = await db.$transaction(async (tx) => {
    await tx.quizQuestion.deleteMany({ where: { quizId: id } });
    return tx.quiz.update({
      where: { id },
      data: { title: input.title, shuffleOptions: input.shuffleOptions, questions: { create: items } },
      include: quizInclude,
    });
  });
  return toView(quiz);
}

export async function getQuiz(db: Db, instructorId: string, id: string): Promise<QuizView> {
  return toView(await loadQuiz(db, instructorId, id));
}

export async function deleteQuiz(db: Db, instructorId: string, id: string): Promise<void> {
  await loadQuiz(db, instructorId, id);
  await db.quiz.delete({ where: { id } });
}

export async function listQuizzes(db: Db, instructorId: string): Promise<QuizSummary[]> {
  const quizzes = await db.quiz.findMany({
    where: { instructorId },
    orderBy: { updatedAt: 'desc' },
    select: { id: true, title: true, shuffleOptions: true, createdAt: true, updatedAt: true, _count: { select: { questions: true } } },
  });
  return quizzes.map(({ _count, ...quiz }) => ({ ...quiz, questionCount: _count.questions }));
}

/** How often each question was asked in this instructor's games. */
async function timesAsked(db: Db, instructorId: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ questionId: string; n: number }[]>`
    SELECT gq."questionId", count(*)::int AS n
      FROM "GameQuestion" gq JOIN "Game" g ON g.id = gq."gameId"
     WHERE g."instructorId" = ${instructorId}::uuid
     GROUP BY gq."questionId"`;
  return new Map(rows.map((r) => [r.questionId, r.n]));
}

type Filter = { domains?: string[]; topics?: string[]; types?: string[]; style?: 'quick' | 'exam'; difficulty?: { min: number; max: number } };

async function candidates(db: Db, instructorId: string, filter: Filter) {
  return db.question.findMany({
    where: {
      AND: [
        visibleTo(instructorId),
        { archivedAt: null },
        filter.domains?.length ? { topic: { domainId: { in: filter.domains } } } : {},
        filter.topics?.length ? { topicId: { in: filter.topics } } : {},
        filter.types?.length ? { type: { in: filter.types as (typeof QUESTION_TYPES)[number][] } } : {},
        filter.style ? { style: filter.style } : {},
        filter.difficulty ? { difficulty: { gte: filter.difficulty.min, lte: filter.difficulty.max } } : {},
      ],
    },
    select: { id: true, topic: { select: { domainId: true } } },
  });
}

type BlueprintDraw = Filter & { count: number };

/** Draws `count` question ids from chosen domains/topics/types/difficulties, preferring questions asked least. */
export async function drawBlueprint(db: Db, instructorId: string, input: BlueprintDraw): Promise<string[]> {
  const pool = await candidates(db, instructorId, input);
  if (pool.length < input.count) {
    throw new AppError(400, 'NOT_ENOUGH_QUESTIONS', `Only ${pool.length} question(s) match this blueprint; ask for fewer or widen it.`, {
      available: pool.length,
    });
  }
  return shuffled(drawLeastSeen(pool, await timesAsked(db, instructorId), input.count)).map((q) => q.id);
}

/** Draws a quiz from chosen domains/topics/types/difficulties, preferring questions asked least. */
export async function createBlueprintQuiz(db: Db, instructorId: string, input: z.infer<typeof blueprintSchema>): Promise<QuizView> {
  const picked = await drawBlueprint(db, instructorId, input);
  return createQuiz(db, instructorId, {
    title: input.title,
    shuffleOptions: input.shuffleOptions,
    questions: picked.map((questionId) => ({ questionId, timeLimitSec: input.timeLimitSec, doublePoints: false })),
  });
}

type ExamMixDraw = { count: number; style?: 'quick' | 'exam'; difficulty?: { min: number; max: number } };

/**
 * Draws `count` question ids across the six exam domains in proportion to their exam weights
 * (22/17/15/15/14/17), preferring questions asked least; `composition` is the count per domain.
 */
export async function drawExamMix(db: Db, instructorId: string, input: ExamMixDraw): Promise<{ questionIds: string[]; composition: Record<string, number> }> {
  const domains = await db.domain.findMany({ where: { examWeightPercent: { gt: 0 } }, orderBy: { number: 'asc' } });
  const quotas = apportion(input.count, Object.fromEntries(domains.map((d) => [d.id, d.examWeightPercent])));
  const seen = await timesAsked(db, instructorId);
  const pool = await candidates(db, instructorId, { difficulty: input.difficulty, style: input.style, domains: domains.map((d) => d.id) });
  const picked = domains.flatMap((domain) => {
    const inDomain = pool.filter((q) => q.topic.domainId === domain.id);
    const quota = quotas[domain.id] ?? 0;
    if (inDomain.length < quota) {
      throw new AppError(400, 'NOT_ENOUGH_QUESTIONS', `Domain ${domain.title} has only ${inDomain.length} matching question(s).`, {
        domain: domain.id,
        available: inDomain.length,
      });
    }
    return drawLeastSeen(inDomain, seen, quota);
  });
  return { questionIds: shuffled(picked).map((q) => q.id), composition: quotas };
}

/**
 * Draws across the six exam domains in proportion to their exam weights (22/17/15/15/14/17),
 * preferring questions asked least.
 */
export async function createExamMixQuiz(db: Db, instructorId: string, input: z.infer<typeof examMixSchema>): Promise<ExamMixQuiz> {
  const { questionIds, composition } = await drawExamMix(db, instructorId, input);
  const quiz = await createQuiz(db, instructorId, {
    title: input.title,
    shuffleOptions: input.shuffleOptions,
    questions: questionIds.map((questionId) => ({ questionId, timeLimitSec: input.timeLimitSec, doublePoints: false })),
  });
  return { ...quiz, composition };
}
