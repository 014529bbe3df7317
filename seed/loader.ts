import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../server/src/db/client.ts';
import {
  bankFileSchema,
  checkBankQuestion,
  formatProblem,
  questionColumns,
  type BankProblem,
  type BankQuestion,
} from '../server/src/banks/question-schema.ts';
import { loadCurriculum, SEED_DIR, type Curriculum } from './curriculum.ts';

export const QUESTIONS_DIR = path.join(SEED_DIR, 'questions');

/** The client a transaction's callback gets. */
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export type BankFile = { file: string; content: string };

const SEED_ID = /\.\d{3}$/;

export class SeedError extends Error {
  constructor(readonly problems: BankProblem[]) {
    super(`the question banks have ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
  }
}

export function readBankFiles(dir = QUESTIONS_DIR): BankFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: name, content: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Validates every bank file against the question schema and the curriculum; collects every
 * problem (file, question id, field) instead of stopping at the first.
 */
export function validateBanks(curriculum: Curriculum, files: BankFile[]) {
  const problems: BankProblem[] = [];
  const questions: BankQuestion[] = [];
  const topicDomain = new Map(curriculum.domains.flatMap((d) => d.topics.map((t) => [t.id, d.id] as const)));
  const domainIds = new Set(curriculum.domains.map((d) => d.id));
  const firstFileOfId = new Map<string, string>();

  for (const { file, content } of files) {
    const fileProblem = (field: string, message: string) => problems.push({ file, questionId: null, field, message });
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch (error) {
      fileProblem('json', (error as Error).message);
      continue;
    }
    const bank = bankFileSchema.safeParse(json);
    if (!bank.success) {
      for (const issue of bank.error.issues) fileProblem(issue.path.join('.') || 'file', issue.message);
      continue;
    }
    const { domain } = bank.data;
    if (!domainIds.has(domain)) fileProblem('domain', `unknown domain "${domain}"`);
    else if (file !== `${domain}.json`) fileProblem('domain', `a bank for domain "${domain}" belongs in ${domain}.json`);
    const seen = { ids: firstFileOfId, prompts: new Map<string, string>() };
    bank.data.questions.forEach((raw, index) => {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const questionId = typeof rawId === 'string' ? rawId : `#${index + 1}`;
      const checked = checkBankQuestion(raw, { domain, topicDomain }, seen, file);
      for (const p of checked.problems) problems.push({ file, questionId, ...p });
      if (checked.question && !SEED_ID.test(checked.question.id)) {
        problems.push({ file, questionId, field: 'id', message: 'a bank question id ends with 3 digits, e.g. sdlc.codecommit.001' });
      } else if (checked.question) {
        questions.push(checked.question);
      }
    });
  }
  return { questions, problems };
}

export type SeedSummary = {
  domains: number;
  topics: number;
  questions: { created: number; updated: number; unchanged: number; archived: number; restored: number };
};

/**
 * Upserts domains, topics and seeded questions by their stable ids, in one transaction.
 * Nothing is deleted: a question dropped from the banks is archived, so games that used it
 * keep their history; a question that did not change is not written at all.
 */
export async function seedDatabase(db: Db, curriculum: Curriculum, questions: BankQuestion[]): Promise<SeedSummary> {
  return db.$transaction(
    async (tx) => {
      for (const domain of curriculum.domains) {
        const { topics, ...fields } = domain;
        await tx.domain.upsert({ where: { id: domain.id }, create: fields, update: fields });
        for (const [position, topic] of topics.entries()) {
          const topicFields = { domainId: domain.id, position, title: topic.title };
          await tx.topic.upsert({ where: { id: topic.id }, create: { id: topic.id, ...topicFields }, update: topicFields });
        }
      }

      const existing = new Map((await tx.question.findMany({ where: { source: 'seed' } })).map((row) => [row.id, row]));
      const summary = { created: 0, updated: 0, unchanged: 0, archived: 0, restored: 0 };
      const toCreate = [];
      for (const q of questions) {
        const data = questionColumns(q);
        const row = existing.get(q.id);
        if (!row) {
          toCreate.push({ id: q.id, ...data });
          continue;
        }
        const changed = (Object.keys(data) as (keyof typeof data)[]).some(
          (key) => JSON.stringify(row[key]) !== JSON.stringify(data[key]),
        );
        if (row.archivedAt) summary.restored++;
        if (changed || row.archivedAt) {
          await tx.question.update({ where: { id: q.id }, data: { ...data, archivedAt: null } });
          if (changed) summary.updated++;
        } else {
          summary.unchanged++;
        }
      }
      if (toCreate.length) summary.created = await insertQuestions(tx, toCreate);

      const inBanks = new Set(questions.map((q) => q.id));
      const dropped = [...existing.values()].filter((row) => !inBanks.has(row.id) && !row.archivedAt).map((row) => row.id);
      if (dropped.length) {
        summary.archived = (await tx.question.updateMany({ where: { id: { in: dropped } }, data: { archivedAt: new Date() } })).count;
      }
      return {
        domains: curriculum.domains.length,
        topics: curriculum.domains.reduce((n, d) => n + d.topics.length, 0),
        questions: summary,
      };
    },
    // A batch job: on a busy machine it may wait for its connection longer than Prisma's 2 s default.
    { maxWait: 30_000, timeout: 60_000 },
  );
}

/**
 * New seeded questions in one statement, the rows as one JSON parameter: a first seed adds
 * about two thousand, which through Prisma's createMany would be compiled into one query plan
 * that the query compiler's memory keeps for the life of the process (some 30 MB).
 */
async function insertQuestions(tx: Tx, rows: ({ id: string } & ReturnType<typeof questionColumns>)[]): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "Question" (id, "topicId", type, style, prompt, options, answer, explanation, difficulty, "timeLimitSec", source)
    SELECT r.id, r."topicId", r.type::"QuestionType", r.style::"QuestionStyle", r.prompt, r.options, r.answer, r.explanation,
           r.difficulty, r."timeLimitSec", 'seed'
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(id text, "topicId" text, type text, style text, prompt text, options text[], answer int[], explanation text,
             difficulty int, "timeLimitSec" int)`;
}

/** Reads, validates and upserts everything under seed/. Throws SeedError listing every problem. */
export async function seed(db: Db, dir = QUESTIONS_DIR): Promise<SeedSummary> {
  const curriculum = loadCurriculum();
  const { questions, problems } = validateBanks(curriculum, readBankFiles(dir));
  if (problems.length) throw new SeedError(problems);
  return seedDatabase(db, curriculum, questions);
}
