/** What the assignment routes take, with no database import (the web client types its requests from it). */
import { z } from 'zod';
import { QUESTION_STYLES, QUESTION_TYPES } from '../banks/question-schema.ts';

const title = z.string().trim().min(1).max(120);
const difficulty = z
  .strictObject({ min: z.int().min(1).max(3), max: z.int().min(1).max(3) })
  .refine((r) => r.min <= r.max, 'min must not be above max');
const style = z.enum(QUESTION_STYLES);

/** Where an assignment's questions come from (docs/assignments.md, Sources of an assignment). */
export const assignmentSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('quiz'), quizId: z.uuid() }),
  z.strictObject({
    kind: z.literal('blueprint'),
    domains: z.array(z.string().max(60)).max(7).optional(),
    topics: z.array(z.string().max(120)).max(200).optional(),
    types: z.array(z.enum(QUESTION_TYPES)).min(1).optional(),
    style: style.optional(),
    difficulty: difficulty.optional(),
    count: z.int().min(1).max(100),
  }),
  z.strictObject({ kind: z.literal('examMix'), count: z.int().min(6).max(100), style: style.default('exam'), difficulty: difficulty.optional() }),
  z.strictObject({ kind: z.literal('weakest'), count: z.int().min(1).max(100), style: style.optional() }),
  z.strictObject({ kind: z.literal('simulation') }),
]);
export type AssignmentSource = z.infer<typeof assignmentSourceSchema>;

export const FEEDBACK_MODES = ['each', 'end'] as const;
export const QUESTION_TIMER_SEC = { min: 10, max: 600 } as const;

export const assignmentInputSchema = z
  .strictObject({
    title,
    source: assignmentSourceSchema,
    memberIds: z.array(z.uuid()).min(1).max(1000).optional(),
    opensAt: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).optional(),
    closesAt: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).nullable().default(null),
    feedback: z.enum(FEEDBACK_MODES).default('end'),
    questionTimeLimitSec: z.int().min(QUESTION_TIMER_SEC.min).max(QUESTION_TIMER_SEC.max).nullable().default(null),
  })
  .refine((a) => !a.closesAt || !a.opensAt || a.opensAt < a.closesAt, { message: 'must be after opensAt', path: ['closesAt'] })
  .refine((a) => a.source.kind !== 'simulation' || a.feedback === 'end', { message: 'a simulation gives feedback at the end', path: ['feedback'] })
  .refine((a) => a.source.kind !== 'simulation' || a.questionTimeLimitSec === null, { message: 'a simulation has its own clock, no per-question timer', path: ['questionTimeLimitSec'] });
export type AssignmentInput = z.infer<typeof assignmentInputSchema>;

export const assignmentDetailQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });

// ---------- students ----------

const position = z.int().min(0).max(999);
export const answerSchema = z.strictObject({ position, choices: z.array(z.int()).min(1).max(6) });
export const moveSchema = z.strictObject({ position });
export const flagSchema = z.strictObject({ position, flagged: z.boolean() });
/** `:position` of the question route: the item's number from 0, as digits. */
export const positionParamSchema = z.string().regex(/^\d{1,3}$/, 'is not a question position: 0 to 999').transform(Number);
