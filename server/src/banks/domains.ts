import type { Db } from '../db/client.ts';

export type DomainSummary = {
  id: string;
  number: number;
  title: string;
  examWeightPercent: number;
  topicCount: number;
  questionCount: number;
};

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
