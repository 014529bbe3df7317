import type { Db } from '../db/client.ts';
import { topicMastery, type Period, type TopicMasteryRow } from './mastery-queries.ts';
import { ratio } from './ratio.ts';

/** The trend compares a topic's answers in its most recent games with the ones before. */
export const TREND_GAMES = 3;

/**
 * One practised topic. accuracy = correct / attempts. trend = accuracy in the topic's
 * TREND_GAMES most recent games (of the period) minus accuracy in its earlier games; null until
 * the topic has been played in more than TREND_GAMES games. priority = (1 - accuracy) x the
 * domain's exam weight in percent (0-22): a weak topic of a heavy domain comes first.
 */
export type TopicMastery = Omit<TopicMasteryRow, 'recentAttempts' | 'recentCorrect' | 'earlierAttempts' | 'earlierCorrect' | 'lastPlayedAt'> & {
  accuracy: number;
  recentAccuracy: number;
  earlierAccuracy: number | null;
  trend: number | null;
  priority: number;
  /** A practised topic was played, so this is never null here. */
  lastPlayedAt: Date;
};

export type UnpractisedTopic = Pick<
  TopicMastery,
  'topicId' | 'title' | 'position' | 'domainId' | 'domainNumber' | 'domainTitle' | 'examWeightPercent' | 'questionCount'
>;

export type DomainMastery = {
  domainId: string;
  number: number;
  title: string;
  examWeightPercent: number;
  attempts: number;
  correct: number;
  accuracy: number | null;
  topicCount: number;
  practisedTopicCount: number;
  /** Share of the domain's topics practised in the period. */
  coverage: number | null;
  /** Practised topics, weakest first. */
  topics: TopicMastery[];
};

/** Rows are domains in exam order, columns the domain's topics in curriculum order. */
export type HeatMap = {
  domains: {
    domainId: string;
    number: number;
    title: string;
    cells: { topicId: string; title: string; position: number; attempts: number; accuracy: number | null }[];
  }[];
};

export type MasteryView = {
  period: { from: Date | null; to: Date | null };
  trendGames: number;
  gameCount: number;
  answerCount: number;
  /** Every practised topic, weakest first. */
  topics: TopicMastery[];
  domains: DomainMastery[];
  /** Curriculum topics without a single answer in the period, in curriculum order. */
  neverPractised: UnpractisedTopic[];
  heatMap: HeatMap;
};

/** Weakest first: highest priority, then lower accuracy, then more evidence, then curriculum order. */
export function weakestFirst(a: TopicMastery, b: TopicMastery): number {
  return (
    b.priority - a.priority ||
    a.accuracy - b.accuracy ||
    b.attempts - a.attempts ||
    a.domainNumber - b.domainNumber ||
    a.position - b.position
  );
}

function toMastery(row: TopicMasteryRow): TopicMastery {
  const accuracy = row.correct / row.attempts;
  const recentAccuracy = row.recentCorrect / row.recentAttempts;
  const earlierAccuracy = ratio(row.earlierCorrect, row.earlierAttempts);
  const { recentAttempts: _ra, recentCorrect: _rc, earlierAttempts: _ea, earlierCorrect: _ec, lastPlayedAt, ...topic } = row;
  return {
    ...topic,
    accuracy,
    recentAccuracy,
    earlierAccuracy,
    trend: earlierAccuracy === null ? null : recentAccuracy - earlierAccuracy,
    priority: (1 - accuracy) * row.examWeightPercent,
    lastPlayedAt: lastPlayedAt!,
  };
}

/** Topic mastery across the instructor's games in a period, grouped by exam domain. */
export async function masteryView(db: Db, instructorId: string, period: Period): Promise<MasteryView> {
  const { topics: rows, totals } = await topicMastery(db, instructorId, period, TREND_GAMES);
  const practised = rows.filter((row) => row.attempts > 0).map(toMastery).sort(weakestFirst);
  const neverPractised = rows
    .filter((row) => row.attempts === 0)
    .map(({ topicId, title, position, domainId, domainNumber, domainTitle, examWeightPercent, questionCount }) => ({
      topicId, title, position, domainId, domainNumber, domainTitle, examWeightPercent, questionCount,
    }));

  const byDomain = new Map<string, TopicMasteryRow[]>();
  for (const row of rows) byDomain.set(row.domainId, [...(byDomain.get(row.domainId) ?? []), row]);

  const domains = [...byDomain.values()].map((topicRows): DomainMastery => {
    const first = topicRows[0]!;
    const attempts = topicRows.reduce((n, row) => n + row.attempts, 0);
    const correct = topicRows.reduce((n, row) => n + row.correct, 0);
    const topics = practised.filter((topic) => topic.domainId === first.domainId);
    return {
      domainId: first.domainId,
      number: first.domainNumber,
      title: first.domainTitle,
      examWeightPercent: first.examWeightPercent,
      attempts,
      correct,
      accuracy: ratio(correct, attempts),
      topicCount: topicRows.length,
      practisedTopicCount: topics.length,
      coverage: ratio(topics.length, topicRows.length),
      topics,
    };
  });

  return {
    period,
    trendGames: TREND_GAMES,
    gameCount: totals.games,
    answerCount: totals.answers,
    topics: practised,
    domains,
    neverPractised,
    heatMap: {
      domains: [...byDomain.values()].map((topicRows) => ({
        domainId: topicRows[0]!.domainId,
        number: topicRows[0]!.domainNumber,
        title: topicRows[0]!.domainTitle,
        cells: topicRows.map((row) => ({
          topicId: row.topicId,
          title: row.title,
          position: row.position,
          attempts: row.attempts,
          accuracy: ratio(row.correct, row.attempts),
        })),
      })),
    },
  };
}
