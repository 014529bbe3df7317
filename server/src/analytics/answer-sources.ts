/** Where answers come from, and how a report's query chooses them (no database import: the web client uses it). */
import { z } from 'zod';

/** `live`: a live game; `assignment`: a practice attempt of an assignment; `simulation`: an exam simulation. */
export const ANSWER_SOURCES = ['live', 'assignment', 'simulation'] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

const sourceList = z.array(z.enum(ANSWER_SOURCES)).min(1).transform((list) => ANSWER_SOURCES.filter((s) => list.includes(s)));

const SOURCE = `(?:${ANSWER_SOURCES.join('|')})`;

/** `?sources=live,assignment`: a comma-separated subset (no spaces, order and repeats do not matter); left out, every source. */
export const sourcesQuery = z
  .string()
  .regex(new RegExp(`^${SOURCE}(?:,${SOURCE})*$`), `must be a comma-separated list of ${ANSWER_SOURCES.join(', ')}`)
  .transform((value) => value.split(','))
  .pipe(sourceList)
  .default([...ANSWER_SOURCES])
  .meta({
    description: 'Whose answers count: a comma-separated subset of `live`, `assignment`, `simulation` (no spaces; order and repeats do not matter); left out, all three. Anything else is 400 `VALIDATION_FAILED`.',
    example: 'live,assignment',
  });

/** `"sources": ["live", …]` in a body; left out, every source. */
export const sourcesBody = sourceList.default([...ANSWER_SOURCES]).meta({ description: 'Whose answers count (`live`, `assignment`, `simulation`); left out, all three.' });

/** A report's query: which sources' answers it counts. */
export const sourcesQuerySchema = z.object({ sources: sourcesQuery });
