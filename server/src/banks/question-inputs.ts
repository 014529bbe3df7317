/**
 * What the question bank API takes: query and body schemas, with no database import, so the
 * web client can type its requests from them (`z.input<…>`).
 */
import { z } from 'zod';
import { QUESTION_STYLES, QUESTION_TYPES } from './question-schema.ts';

export const questionListQuerySchema = z.object({
  domain: z.string().max(60).optional(),
  topic: z.string().max(120).optional(),
  type: z.enum(QUESTION_TYPES).optional(),
  style: z.enum(QUESTION_STYLES).optional(),
  difficulty: z.coerce.number().int().min(1).max(3).optional(),
  q: z.string().trim().max(200).optional(),
  source: z.enum(['all', 'seed', 'mine']).default('all'),
  archived: z.enum(['true', 'false']).default('false'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type QuestionListQuery = z.infer<typeof questionListQuerySchema>;

/** The fields an instructor writes; the server assigns the id. */
export const questionInputSchema = z.strictObject({
  topic: z.string(),
  style: z.enum(QUESTION_STYLES).default('quick'),
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.int()),
  explanation: z.string(),
  difficulty: z.int(),
  timeLimitSec: z.int(),
});
export const questionPatchSchema = questionInputSchema.partial();
export type QuestionInput = z.infer<typeof questionInputSchema>;
export type QuestionPatch = z.infer<typeof questionPatchSchema>;

export const exportQuerySchema = z.object({
  domain: z.string().max(60),
  source: z.enum(['mine', 'seed', 'all']).default('mine'),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;
