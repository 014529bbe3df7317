import type { Db } from '../db/client.ts';

import type { DomainSummary, TopicSummary } from './bank-types.ts';

/** The exam domains in exam order, with how many topics and live bank questions each has. */
export async function listDomains(db: Db): Promise<DomainSummary[]> {
  return db.$queryRaw<DomainSummary[]>`
    SELECT d.id, d.number, d.title, d."examWeightPercent",
           (SELECT count(*) FROM "Topic" t WHERE t."domainId" = d.id)::int AS "topicCount",
           (SELECT count(*) FROM "Question" q JOIN "Topic" t ON t.id = q."topicId"
             WHERE t."domainId" = d.id AND q.source = 'seed' AND q."archivedAt" IS NULL)::int AS "questionCount"
      FROM "Domain" d
     ORDER BY d.number`;
}

/** A domain's topics in curriculum order with their live questions (seeded, plus the viewer's own). */
export async function listTopics(db: Db, domainId: string, instructorId: string | null): Promise<TopicSummary[] | null> {
  const domain = await db.domain.findUnique({ where: { id: domainId } });
  if (!domain) return null;
  return db.$queryRaw<TopicSummary[]>`
    SELECT t.id, t.title, t.position,
           (SELECT count(*) FROM "Question" q
             WHERE q."topicId" = t.id AND q."archivedAt" IS NULL
               AND (q.source = 'seed' OR q."authorId" = ${instructorId}::uuid))::int AS "questionCount"
      FROM "Topic" t
     WHERE t."domainId" = ${domainId}
     ORDER BY t.position`;
}
