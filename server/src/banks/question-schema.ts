import { z } from 'zod';

/** The three question kinds of the exam: one answer, "choose N", and true/false. */
export const QUESTION_TYPES = ['single', 'multiple', 'truefalse'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** `quick`: one fact for a fast live round; `exam`: a DOP-C02-style scenario with constraints. */
export const QUESTION_STYLES = ['quick', 'exam'] as const;
export type QuestionStyle = (typeof QUESTION_STYLES)[number];

export const TIME_LIMIT_SEC = { min: 5, max: 240, default: 30 } as const;

/** The bank's ids: a domain (`sdlc`), a topic `<domain id>.<name>`, a question `<topic id>.<suffix>`. */
export const domainIdSchema = z.string().regex(/^[a-z0-9-]{1,60}$/, 'must be a domain id such as sdlc');
export const topicIdSchema = z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a topic id such as sdlc.codecommit');
export const questionIdSchema = z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]{3,40}$/, 'must look like <topic id>.<suffix>, e.g. sdlc.codecommit.001');

const CHOOSE_SUFFIX: Record<number, string> = { 2: '(Choose two.)', 3: '(Choose three.)' };

/**
 * A question as written in a bank file (seed/questions/*.json) or sent to the import API.
 * Structural rules live here; whether the topic exists is checked against the database or
 * the curriculum by the caller.
 */
export const bankQuestionSchema = z
  .strictObject({
    id: questionIdSchema,
    topic: topicIdSchema,
    style: z.enum(QUESTION_STYLES).default('quick'),
    type: z.enum(QUESTION_TYPES),
    prompt: z.string().trim().min(10).max(4000),
    options: z.array(z.string().trim().min(1).max(400)).min(2).max(6),
    answer: z.array(z.int().min(0)).min(1).max(3),
    explanation: z.string().trim().min(10).max(3000),
    difficulty: z.int().min(1).max(3),
    timeLimitSec: z.int().min(TIME_LIMIT_SEC.min).max(TIME_LIMIT_SEC.max),
  })
  .superRefine((q, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (!q.id.startsWith(`${q.topic}.`)) problem(['id'], `must start with its topic id "${q.topic}."`);
    q.answer.forEach((index, i) => {
      if (index >= q.options.length) {
        problem(['answer', i], `correct index ${index} is out of range (${q.options.length} options)`);
      }
    });
    if (new Set(q.answer).size !== q.answer.length) problem(['answer'], 'lists the same option twice');
    const seen = new Set<string>();
    q.options.forEach((option, i) => {
      const key = option.trim().toLowerCase();
      if (seen.has(key)) problem(['options', i], `duplicate option "${option}"`);
      seen.add(key);
    });
    if (q.type === 'single') {
      if (q.options.length < 3) problem(['options'], 'a single-answer question needs 3 to 6 options');
      if (q.answer.length !== 1) problem(['answer'], 'a single-answer question has exactly one correct option');
    } else if (q.type === 'multiple') {
      if (q.options.length < 4) problem(['options'], 'a multiple-response question needs 4 to 6 options');
      if (q.answer.length < 2) problem(['answer'], 'a multiple-response question has 2 or 3 correct options');
      const suffix = CHOOSE_SUFFIX[q.answer.length];
      if (suffix && !q.prompt.endsWith(suffix)) problem(['prompt'], `must end with "${suffix}"`);
    } else {
      if (q.options.length !== 2 || q.options[0] !== 'True' || q.options[1] !== 'False') {
        problem(['options'], 'a true/false question has exactly the options ["True", "False"]');
      }
      if (q.answer.length !== 1) problem(['answer'], 'a true/false question has exactly one correct option');
    }
  });

export type BankQuestion = z.infer<typeof bankQuestionSchema>;

/** The columns of a Question row that come from a bank question (everything but id and ownership). */
export function questionColumns(q: BankQuestion) {
  return {
    topicId: q.topic,
    style: q.style,
    type: q.type,
    prompt: q.prompt,
    options: q.options,
    answer: q.answer,
    explanation: q.explanation,
    difficulty: q.difficulty,
    timeLimitSec: q.timeLimitSec,
  };
}

export const bankFileSchema = z.strictObject({
  domain: z.string().min(1),
  /** The day every question of the file was last re-read against current AWS. */
  currencyReviewed: z.iso.date().optional(),
  questions: z.array(z.unknown()),
});

export type BankProblem = { file: string; questionId: string | null; field: string; message: string };
export type QuestionProblem = { field: string; message: string };

/** What a bank's questions are checked against besides their own shape. */
export type BankContext = {
  domain: string;
  /** topic id -> domain id, for every topic that exists */
  topicDomain: Map<string, string>;
};

/**
 * Checks one raw question of a bank (shape, topic, duplicates within the bank); `seen` carries
 * ids and prompts across calls. The seed loader and the import API share it.
 */
export function checkBankQuestion(
  raw: unknown,
  context: BankContext,
  seen: { ids: Map<string, string>; prompts: Map<string, string> },
  where: string,
): { question: BankQuestion | null; problems: QuestionProblem[] } {
  const parsed = bankQuestionSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      question: null,
      problems: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'question', message: issue.message })),
    };
  }
  const q = parsed.data;
  const problems: QuestionProblem[] = [];
  const owner = context.topicDomain.get(q.topic);
  if (!owner) problems.push({ field: 'topic', message: `unknown topic "${q.topic}"` });
  else if (owner !== context.domain) {
    problems.push({ field: 'topic', message: `topic "${q.topic}" belongs to domain "${owner}", not "${context.domain}"` });
  }
  const earlier = seen.ids.get(q.id);
  if (earlier) problems.push({ field: 'id', message: `duplicate id (first used in ${earlier})` });
  else seen.ids.set(q.id, where);
  const promptKey = q.prompt.toLowerCase().replace(/\s+/g, ' ');
  const samePrompt = seen.prompts.get(promptKey);
  if (samePrompt) problems.push({ field: 'prompt', message: `same prompt as ${samePrompt}` });
  else seen.prompts.set(promptKey, q.id);
  return { question: problems.length ? null : q, problems };
}

export function formatProblem(p: BankProblem): string {
  return `${p.file}: ${p.questionId ?? '(file)'} ${p.field}: ${p.message}`;
}
