/** What `POST /api/games` takes, with no database import (the web client types its request from it). */
import { z } from 'zod';
import { settingsSchema } from '../protocol.ts';
import { blueprintSchema } from '../quizzes/quiz-inputs.ts';
import { classGameSchema } from '../classes/class-inputs.ts';

export const newGameSchema = z.union([
  z.strictObject({ quizId: z.uuid(), settings: settingsSchema.default(settingsSchema.parse({})), class: classGameSchema.optional() }),
  z.strictObject({ blueprint: blueprintSchema, settings: settingsSchema.default(settingsSchema.parse({})), class: classGameSchema.optional() }),
]);
export type NewGameInput = z.infer<typeof newGameSchema>;
