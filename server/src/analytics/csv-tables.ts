import type { CsvColumn } from './csv.ts';
import type { MasteryView, QuestionReport, StudentReport, TopicMastery, UnpractisedTopic } from './analytics-types.ts';
import { rounded } from './ratio.ts';

/**
 * The CSV exports. Ratios (accuracy, trend) are fractions rounded to 4 decimals, times whole
 * milliseconds, an empty cell means "no data"; rows come in the same order as in the JSON.
 */

export const studentColumns: CsvColumn<StudentReport>[] = [
  { header: 'rank', value: (s) => s.rank },
  { header: 'nickname', value: (s) => s.nickname },
  { header: 'score', value: (s) => s.score },
  { header: 'answered', value: (s) => s.answered },
  { header: 'correct', value: (s) => s.correct },
  { header: 'accuracy', value: (s) => rounded(s.accuracy) },
  { header: 'averageResponseMs', value: (s) => s.averageResponseMs },
  { header: 'missedTopics', value: (s) => s.missedTopics.map((t) => t.topicId).join('; ') },
];

export const questionColumns: CsvColumn<QuestionReport>[] = [
  { header: 'number', value: (q) => q.number },
  { header: 'questionId', value: (q) => q.questionId },
  { header: 'topicId', value: (q) => q.topicId },
  { header: 'domainId', value: (q) => q.domainId },
  { header: 'type', value: (q) => q.type },
  { header: 'prompt', value: (q) => q.prompt },
  { header: 'skipped', value: (q) => String(q.skipped) },
  { header: 'answered', value: (q) => q.answered },
  { header: 'correct', value: (q) => q.correct },
  { header: 'accuracy', value: (q) => rounded(q.accuracy) },
  { header: 'averageResponseMs', value: (q) => q.averageResponseMs },
  { header: 'mostChosenWrongOption', value: (q) => q.mostChosenWrong?.option ?? null },
  { header: 'mostChosenWrongText', value: (q) => q.mostChosenWrong?.text ?? null },
  { header: 'mostChosenWrongCount', value: (q) => q.mostChosenWrong?.count ?? null },
];

/** One row per curriculum topic: practised ones weakest first (rank 1 = weakest), then the never-practised ones. */
type MasteryRow = Pick<TopicMastery, 'domainNumber' | 'domainId' | 'domainTitle' | 'examWeightPercent' | 'topicId' | 'title' | 'games' | 'attempts' | 'correct'> & {
  rank: number | null;
  accuracy: number | null;
  trend: number | null;
  priority: number | null;
};

export const masteryColumns: CsvColumn<MasteryRow>[] = [
  { header: 'rank', value: (r) => r.rank },
  { header: 'domainNumber', value: (r) => r.domainNumber },
  { header: 'domainId', value: (r) => r.domainId },
  { header: 'domainTitle', value: (r) => r.domainTitle },
  { header: 'examWeightPercent', value: (r) => r.examWeightPercent },
  { header: 'topicId', value: (r) => r.topicId },
  { header: 'topicTitle', value: (r) => r.title },
  { header: 'games', value: (r) => r.games },
  { header: 'attempts', value: (r) => r.attempts },
  { header: 'correct', value: (r) => r.correct },
  { header: 'accuracy', value: (r) => rounded(r.accuracy) },
  { header: 'trend', value: (r) => rounded(r.trend) },
  { header: 'priority', value: (r) => rounded(r.priority) },
];

export function masteryRows(view: MasteryView): MasteryRow[] {
  return [
    ...view.topics.map((topic, i) => ({ ...topic, rank: i + 1 })),
    ...view.neverPractised.map((topic: UnpractisedTopic) => ({
      ...topic,
      rank: null,
      games: 0,
      attempts: 0,
      correct: 0,
      accuracy: null,
      trend: null,
      priority: null,
    })),
  ];
}
