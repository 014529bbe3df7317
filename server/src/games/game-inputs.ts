/** What `POST /api/games` takes, with no database import (the web client types its request from it). */
import { z } from 'zod';
import { settingsSchema } from '../protocol.ts';
import { blueprintSchema } from '../quizzes/quiz-inputs.ts';

export const newGameSchema = z.union([
  z.strictObject({ quizId: z.uuid(), settings: settingsSchema.default(settingsSchema.parse({})) }),
  z.strictObject({ blueprint: blueprintSchema, settings: settingsSchema.default(settingsSchema.parse({})) }),
]);
export type NewGameInput = z.infer<typeof newGameSchema>;
