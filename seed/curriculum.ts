import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { domainIdSchema, topicIdSchema } from '../server/src/banks/question-schema.ts';
import { PROJECT_ROOT } from '../server/src/project-root.ts';

/** The banks and the curriculum: data files, read from the project's seed/ folder (also by the built server). */
export const SEED_DIR = path.join(PROJECT_ROOT, 'seed');

const curriculumSchema = z.strictObject({
  exam: z.string(),
  domains: z.array(
    z.strictObject({
      id: domainIdSchema,
      number: z.int().min(1),
      title: z.string(),
      examWeightPercent: z.int().min(0).max(100),
      topics: z.array(
        z.strictObject({
          id: topicIdSchema,
          title: z.string(),
          factCount: z.int().min(0),
          pitfallCount: z.int().min(0),
        }),
      ),
    }),
  ),
});

export type Curriculum = z.infer<typeof curriculumSchema>;
export type CurriculumDomain = Curriculum['domains'][number];

/** The exam's domains and topics (ids and titles), kept in the project as data. */
export function loadCurriculum(file = path.join(SEED_DIR, 'curriculum.json')): Curriculum {
  return curriculumSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}
