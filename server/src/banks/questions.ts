import { createHash, randomBytes } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { nulAt } from '../validation.ts';
import type { ImportProblem, ImportSummary, Page, QuestionDetail, QuestionSummary } from './bank-types.ts';
import type { ExportQuery, QuestionInput, QuestionListQuery, QuestionPatch } from './question-inputs.ts';
import {
  bankFileSchema,
  checkBankQuestion,
  questionColumns,
  type BankQuestion,
} from './question-schema.ts';

export { exportQuerySchema, questionInputSchema, questionListQuerySchema, questionPatchSchema } from './question-inputs.ts';
export type { ExportQuery, QuestionInput, QuestionListQuery, QuestionPatch } from './question-inputs.ts';

type QuestionRow = Prisma.QuestionGetPayload<{ include: { topic: { select: { domainId: true } } } }>;

const withDomain = { topic: { select: { domainId: true } } } as const;

function toSummary(row: QuestionRow, instructorId: string): QuestionSummary {
  return {
    id: row.id,
    topicId: row.topicId,
    domainId: row.topic.domainId,
    type: row.type,
    style: row.style,
    prompt: row.prompt,
    options: row.options,
    choose: row.answer.length,
    difficulty: row.difficulty,
    timeLimitSec: row.timeLimitSec,
    source: row.source,
    mine: row.authorId === instructorId,
    archived: row.archivedAt !== null,
  };
}

function toDetail(row: QuestionRow, instructorId: string): QuestionDetail {
  return { ...toSummary(row, instructorId), answer: row.answer, explanation: row.explanation };
}

/** Seeded questions plus the instructor's own: what an instructor may see and use. */
export function visibleTo(instructorId: string): Prisma.QuestionWhereInput {
  return { OR: [{ source: 'seed' }, { authorId: instructorId }] };
}

export async function listQuestions(db: Db, instructorId: string, query: QuestionListQuery): Promise<Page<QuestionSummary>> {
  const where: Prisma.QuestionWhereInput = {
    AND: [
      query.source === 'seed' ? { source: 'seed' } : query.source === 'mine' ? { authorId: instructorId } : visibleTo(instructorId),
      query.archived === 'true' ? { archivedAt: { not: null } } : { archivedAt: null },
      query.domain ? { topic: { domainId: query.domain } } : {},
      query.topic ? { topicId: query.topic } : {},
      query.type ? { type: query.type } : {},
      query.style ? { style: query.style } : {},
      query.difficulty ? { difficulty: query.difficulty } : {},
      query.q ? textMatch(query.q) : {},
    ],
  };
  const [total, rows] = await Promise.all([
    db.question.count({ where }),
    db.question.findMany({
      where,
      include: withDomain,
      orderBy: [{ topic: { domain: { number: 'asc' } } }, { topic: { position: 'asc' } }, { id: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { items: rows.map((row) => toSummary(row, instructorId)), total, page: query.page, pageSize: query.pageSize };
}

/**
 * Questions whose prompt or id holds `text` as typed: Prisma hands `contains` to ILIKE as it is,
 * so `%`, `_` and the escape character itself are escaped to stand for themselves.
 */
function textMatch(text: string): Prisma.QuestionWhereInput {
  const literal = text.replace(/[\\%_]/g, '\\$&');
  return { OR: [{ prompt: { contains: literal, mode: 'insensitive' } }, { id: { contains: literal, mode: 'insensitive' } }] };
}

async function findVisible(db: Db, instructorId: string, id: string): Promise<QuestionRow> {
  const row = await db.question.findUnique({ where: { id }, include: withDomain });
  if (!row || (row.source !== 'seed' && row.authorId !== instructorId)) {
    throw new AppError(404, 'QUESTION_NOT_FOUND', `No question ${id}.`);
  }
  return row;
}

async function findOwn(db: Db, instructorId: string, id: string): Promise<QuestionRow> {
  const row = await findVisible(db, instructorId, id);
  if (row.source === 'seed') {
    throw new AppError(403, 'QUESTION_READ_ONLY', 'Questions from the built-in banks are read-only. Copy it to make your own version.');
  }
  return row;
}

export async function getQuestion(db: Db, instructorId: string, id: string): Promise<QuestionDetail> {
  return toDetail(await findVisible(db, instructorId, id), instructorId);
}

function newQuestionId(topic: string): string {
  return `${topic}.i${randomBytes(5).toString('hex')}`;
}

/**
 * Where an imported row whose id another instructor's question holds is stored: ids are shared
 * by everyone, so that id cannot be taken, and refusing it would tell that it exists. The row
 * becomes this instructor's own question under an id of the form new questions get, derived
 * from the instructor and the id given, so importing the same file again updates it.
 */
function importedQuestionId(instructorId: string, topic: string, givenId: string): string {
  return `${topic}.i${createHash('sha256').update(`${instructorId}\n${givenId}`).digest('hex').slice(0, 10)}`;
}

async function topicDomains(db: Db): Promise<Map<string, string>> {
  return new Map((await db.topic.findMany({ select: { id: true, domainId: true } })).map((t) => [t.id, t.domainId]));
}

/** Validates a question with exactly the seed loader's rules; throws a 400 listing every problem. */
async function validateOne(db: Db, candidate: BankQuestion): Promise<BankQuestion> {
  const topics = await topicDomains(db);
  const domain = topics.get(candidate.topic) ?? '';
  const checked = checkBankQuestion(candidate, { domain, topicDomain: topics }, { ids: new Map(), prompts: new Map() }, 'request');
  if (!checked.question) {
    const first = checked.problems[0]!;
    throw new AppError(400, 'VALIDATION_FAILED', `${first.field}: ${first.message}`, checked.problems);
  }
  return checked.question;
}

const toBankQuestion = (row: QuestionRow): BankQuestion => ({
  id: row.id,
  topic: row.topicId,
  style: row.style,
  type: row.type,
  prompt: row.prompt,
  options: row.options,
  answer: row.answer,
  explanation: row.explanation,
  difficulty: row.difficulty,
  timeLimitSec: row.timeLimitSec,
});

export async function createQuestion(db: Db, instructorId: string, fields: QuestionInput): Promise<QuestionDetail> {
  const question = await validateOne(db, { id: newQuestionId(fields.topic), ...fields });
  const row = await db.question.create({
    data: { id: question.id, source: 'instructor', authorId: instructorId, ...questionColumns(question) },
    include: withDomain,
  });
  return toDetail(row, instructorId);
}

export async function updateQuestion(db: Db, instructorId: string, id: string, changes: QuestionPatch): Promise<QuestionDetail> {
  const current = await findOwn(db, instructorId, id);
  const question = await validateOne(db, { ...toBankQuestion(current), ...changes });
  const row = await db.question.update({ where: { id }, data: questionColumns(question), include: withDomain });
  return toDetail(row, instructorId);
}

export async function setArchived(db: Db, instructorId: string, id: string, archived: boolean): Promise<QuestionDetail> {
  await findOwn(db, instructorId, id);
  const row = await db.question.update({ where: { id }, data: { archivedAt: archived ? new Date() : null }, include: withDomain });
  return toDetail(row, instructorId);
}

/** Makes an editable copy, owned by the instructor, of any question they can see. */
export async function copyQuestion(db: Db, instructorId: string, id: string): Promise<QuestionDetail> {
  const source = await findVisible(db, instructorId, id);
  const row = await db.question.create({
    data: { id: newQuestionId(source.topicId), source: 'instructor', authorId: instructorId, ...questionColumns(toBankQuestion(source)) },
    include: withDomain,
  });
  return toDetail(row, instructorId);
}


/**
 * Imports a bank file (the seed format): every row is checked first and any problem refuses the
 * whole file with the full list; otherwise all rows are written in one transaction.
 * Rows with an id the instructor already owns update that question; a built-in question's id is
 * refused; an id another instructor's question holds is answered as a new id would be.
 */
export async function importQuestions(db: Db, instructorId: string, body: unknown): Promise<ImportSummary> {
  const nul = nulAt(body);
  if (nul) {
    const [top, row, ...field] = nul;
    const inRow = top === 'questions' && typeof row === 'number';
    const problem = {
      row: inRow ? row + 1 : null,
      id: null,
      field: (inRow ? field : nul).join('.') || 'file',
      message: 'text must not contain NUL (\\u0000) characters',
    };
    throw new AppError(400, 'IMPORT_INVALID', 'The file has 1 problem(s); nothing was imported.', [problem]);
  }
  const file = bankFileSchema.safeParse(body);
  if (!file.success) {
    const problems = file.error.issues.map((issue) => ({ row: null, id: null, field: issue.path.join('.') || 'file', message: issue.message }));
    throw new AppError(400, 'IMPORT_INVALID', 'The file is not a question bank.', problems);
  }
  const { domain, questions: rows } = file.data;
  const topics = await topicDomains(db);
  const problems: ImportProblem[] = [];
  if (!new Set(topics.values()).has(domain)) problems.push({ row: null, id: null, field: 'domain', message: `unknown domain "${domain}"` });
  if (rows.length === 0) problems.push({ row: null, id: null, field: 'questions', message: 'the file has no questions' });
  if (rows.length > 2000) problems.push({ row: null, id: null, field: 'questions', message: 'at most 2000 questions per file' });

  const seen = { ids: new Map<string, string>(), prompts: new Map<string, string>() };
  const valid: BankQuestion[] = [];
  rows.forEach((raw, index) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const checked = checkBankQuestion(raw, { domain, topicDomain: topics }, seen, `row ${index + 1}`);
    for (const p of checked.problems) problems.push({ row: index + 1, id: typeof rawId === 'string' ? rawId : null, ...p });
    if (checked.question) valid.push(checked.question);
  });

  // Built-in questions are the same for everyone, so naming one tells nothing; any other id
  // that is not this instructor's is moved out of the way (importedQuestionId).
  const taken = new Map((await db.question.findMany({ where: { id: { in: valid.map((q) => q.id) } }, select: { id: true, source: true, authorId: true } })).map((row) => [row.id, row]));
  const toStore = valid.flatMap((q) => {
    const holder = taken.get(q.id);
    if (holder?.source === 'seed') {
      const row = rows.findIndex((raw) => (raw as { id?: unknown }).id === q.id);
      problems.push({ row: row + 1, id: q.id, field: 'id', message: 'this is a built-in question\'s id, and built-in questions are read-only; copy it to edit it, or choose another id' });
      return [];
    }
    return [holder && holder.authorId !== instructorId ? { ...q, id: importedQuestionId(instructorId, q.topic, q.id) } : q];
  });
  if (problems.length) {
    throw new AppError(400, 'IMPORT_INVALID', `The file has ${problems.length} problem(s); nothing was imported.`, problems);
  }
  const existing = new Map(
    (await db.question.findMany({ where: { id: { in: toStore.map((q) => q.id) }, authorId: instructorId }, include: withDomain })).map((row) => [row.id, row]),
  );

  return db.$transaction(async (tx) => {
    const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
    const toCreate = toStore.filter((q) => !existing.has(q.id));
    if (toCreate.length) {
      summary.created = (
        await tx.question.createMany({
          data: toCreate.map((q) => ({ id: q.id, source: 'instructor' as const, authorId: instructorId, ...questionColumns(q) })),
        })
      ).count;
    }
    for (const q of toStore.filter((q) => existing.has(q.id))) {
      if (JSON.stringify(toBankQuestion(existing.get(q.id)!)) === JSON.stringify(q)) {
        summary.unchanged++;
        continue;
      }
      await tx.question.update({ where: { id: q.id }, data: { ...questionColumns(q), archivedAt: null } });
      summary.updated++;
    }
    return summary;
  });
}

/** The instructor's questions of one domain in the bank file format (what import takes). */
export async function exportQuestions(db: Db, instructorId: string, query: ExportQuery) {
  const domain = await db.domain.findUnique({ where: { id: query.domain } });
  if (!domain) throw new AppError(404, 'DOMAIN_NOT_FOUND', `No domain ${query.domain}.`);
  const source: Prisma.QuestionWhereInput =
    query.source === 'seed' ? { source: 'seed' } : query.source === 'mine' ? { authorId: instructorId } : visibleTo(instructorId);
  const rows = await db.question.findMany({
    where: { AND: [source, { archivedAt: null, topic: { domainId: domain.id } }] },
    include: withDomain,
    orderBy: [{ topic: { position: 'asc' } }, { id: 'asc' }],
  });
  return { domain: domain.id, questions: rows.map(toBankQuestion) };
}

