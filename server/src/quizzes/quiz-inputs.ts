/**
 * What the quiz API takes, with no database import, so the web client can type its requests
 * from these schemas (`z.input<…>`).
 */
import { z } from 'zod';
import { READING_SEC_MAX } from '../game/reading.ts';
import { QUESTION_STYLES, QUESTION_TYPES, TIME_LIMIT_SEC } from '../banks/question-schema.ts';

const timeLimit = z.int().min(TIME_LIMIT_SEC.min).max(TIME_LIMIT_SEC.max);
const title = z.string().trim().min(1).max(120);
const readingTime = z.int().min(0).max(READING_SEC_MAX);
/** Only quick questions or only exam-style ones. */
const style = z.enum(QUESTION_STYLES).optional();

export const quizInputSchema = z.strictObject({
  title,
  shuffleOptions: z.boolean().default(false),
  questions: z
    .array(
      z.strictObject({
        questionId: z.string().min(1).max(120),
        /** Defaults to the question's own time limit from its bank. */
        timeLimitSec: timeLimit.optional(),
        /** Seconds the question is shown before answers open; left out: from its length (see game/reading.ts). */
        readingSec: readingTime.nullable().optional(),
        doublePoints: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(100)
    .refine((items) => new Set(items.map((i) => i.questionId)).size === items.length, 'lists the same question twice'),
});
export type QuizInput = z.infer<typeof quizInputSchema>;

const difficultyRange = z
  .strictObject({ min: z.int().min(1).max(3), max: z.int().min(1).max(3) })
  .refine((r) => r.min <= r.max, 'min must not be above max');

export const blueprintSchema = z.strictObject({
  title,
  domains: z.array(z.string().max(60)).max(7).optional(),
  topics: z.array(z.string().max(120)).max(200).optional(),
  types: z.array(z.enum(QUESTION_TYPES)).min(1).optional(),
  style,
  difficulty: difficultyRange.optional(),
  count: z.int().min(1).max(100),
  timeLimitSec: timeLimit.optional(),
  shuffleOptions: z.boolean().default(false),
});

export const examMixSchema = z.strictObject({
  title,
  count: z.int().min(6).max(100),
  style,
  difficulty: difficultyRange.optional(),
  timeLimitSec: timeLimit.optional(),
  shuffleOptions: z.boolean().default(false),
});
