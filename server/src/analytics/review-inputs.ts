/** What `POST /api/analytics/review` takes, with no database import (the web client types its request from it). */
import { z } from 'zod';
import { settingsSchema } from '../protocol.ts';

export const reviewInputSchema = z
  .strictObject({
    /** Topic ids, weakest first (as the mastery view lists them). */
    topics: z.array(z.string().min(1).max(120)).min(1).max(50).optional(),
    /** Or: the topics this game's class missed, weakest first. */
    gameId: z.uuid().optional(),
    count: z.int().min(1).max(100).default(10),
    title: z.string().trim().min(1).max(120).optional(),
    settings: settingsSchema.default(settingsSchema.parse({})),
  })
  .refine((input) => (input.topics === undefined) !== (input.gameId === undefined), 'give either topics or gameId');
export type ReviewInput = z.infer<typeof reviewInputSchema>;
