import type { CsvColumn } from '../analytics/csv.ts';
import type { StudentProgressRow } from './assignment-types.ts';

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);
const instant = (at: Date | null) => at?.toISOString() ?? null;

/** One row per student an assignment is for (docs/assignments.md). */
export const progressColumns = (questionCount: number): CsvColumn<StudentProgressRow>[] => [
  { header: 'name', value: (r) => r.name },
  { header: 'externalId', value: (r) => r.externalId },
  { header: 'status', value: (r) => r.status },
  { header: 'endedBy', value: (r) => r.endedBy },
  { header: 'answered', value: (r) => r.answered },
  { header: 'correct', value: (r) => r.correct },
  { header: 'questionCount', value: (r) => r.questionCount ?? questionCount },
  { header: 'percent', value: (r) => r.percent },
  { header: 'scaledScore', value: (r) => r.scaledScore },
  { header: 'startedAt', value: (r) => instant(r.startedAt) },
  { header: 'finishedAt', value: (r) => instant(r.finishedAt) },
  { header: 'timeSpentMinutes', value: (r) => minutes(r.timeSpentMs) },
];
