import type { Db } from '../db/client.ts';
import type { GameReport, QuestionReport, StudentReport } from './analytics-types.ts';
import { loadOwnGame } from './game-access.ts';
import { ratio, wholeMs } from './ratio.ts';
import {
  domainStats,
  gameTotals,
  missedTopics,
  mostChosenWrongOptions,
  questionStats,
  studentStats,
  topicStats,
} from './report-queries.ts';

/** Lowest accuracy first; nothing to measure goes last; ties keep their natural order. */
export function byAccuracy<T extends { accuracy: number | null }>(a: T, b: T): number {
  if (a.accuracy === null || b.accuracy === null) return (a.accuracy === null ? 1 : 0) - (b.accuracy === null ? 1 : 0);
  return a.accuracy - b.accuracy;
}

export async function gameReport(db: Db, instructorId: string, gameId: string): Promise<GameReport> {
  const game = await loadOwnGame(db, instructorId, gameId);
  const [questions, wrongOptions, topics, domains, students, missed, totals] = await Promise.all([
    questionStats(db, gameId),
    mostChosenWrongOptions(db, gameId),
    topicStats(db, gameId),
    domainStats(db, gameId),
    studentStats(db, gameId),
    missedTopics(db, gameId),
    gameTotals(db, gameId),
  ]);

  const wrongByQuestion = new Map(wrongOptions.map((row) => [row.questionId, row]));
  const missedByPlayer = new Map<string, StudentReport['missedTopics']>();
  for (const { playerId, topicId, title, wrong } of missed) {
    missedByPlayer.set(playerId, [...(missedByPlayer.get(playerId) ?? []), { topicId, title, wrong }]);
  }

  return {
    game: { ...game, playerCount: students.length, questionCount: questions.length },
    summary: { ...totals, accuracy: ratio(totals.correct, totals.answered), averageResponseMs: wholeMs(totals.averageResponseMs) },
    questions: questions
      .map(({ options, ...row }): QuestionReport => {
        const wrong = wrongByQuestion.get(row.questionId);
        return {
          ...row,
          number: row.position + 1,
          accuracy: ratio(row.correct, row.answered),
          averageResponseMs: wholeMs(row.averageResponseMs),
          mostChosenWrong: wrong ? { option: wrong.option, text: options[wrong.option] ?? '', count: wrong.count } : null,
        };
      })
      .sort((a, b) => byAccuracy(a, b) || a.position - b.position),
    topics: topics
      .map((row) => ({ ...row, accuracy: ratio(row.correct, row.answered) }))
      .sort((a, b) => byAccuracy(a, b) || b.answered - a.answered || a.topicId.localeCompare(b.topicId)),
    domains: domains.map((row) => ({ ...row, accuracy: ratio(row.correct, row.answered) })),
    students: students.map((row) => ({
      ...row,
      accuracy: ratio(row.correct, row.answered),
      averageResponseMs: wholeMs(row.averageResponseMs),
      missedTopics: missedByPlayer.get(row.playerId) ?? [],
    })),
  };
}
