import type { Db } from '../db/client.ts';
import type { DomainMastery, MasteryView, TopicMastery, TopicMasteryRow } from './analytics-types.ts';
import { ANSWER_SOURCES } from './answer-sources.ts';
import { topicMastery, type MasteryScope, type Period } from './mastery-queries.ts';
import { ratio } from './ratio.ts';

/** The trend compares a topic's answers in its most recent games with the ones before. */
export const TREND_GAMES = 3;

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

/**
 * Topic mastery across the instructor's games in a period, grouped by exam domain; `within`
 * narrows it to one class's games, and to some of its members' answers (one student, a group).
 */
export async function masteryView(
  db: Db,
  instructorId: string,
  period: Period,
  within: Pick<MasteryScope, 'classId' | 'memberIds' | 'sources'> = {},
): Promise<MasteryView> {
  const { topics: rows, totals } = await topicMastery(db, { instructorId, period, ...within }, TREND_GAMES);
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
    sources: [...(within.sources ?? ANSWER_SOURCES)],
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
