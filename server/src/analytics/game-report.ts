import type { Db } from '../db/client.ts';
import { loadOwnGame, type OwnGame } from './game-access.ts';
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

/**
 * After class: how one game went. Accuracy is correct answers / answers given (a question a
 * student let time run out on is not an answer); it is null where nobody answered.
 */
export type GameReport = {
  game: OwnGame & { playerCount: number; questionCount: number };
  summary: { answered: number; correct: number; accuracy: number | null; averageResponseMs: number | null };
  /** Hardest first: lowest accuracy, unanswered questions last, then in game order. */
  questions: QuestionReport[];
  /** Weakest first. */
  topics: { topicId: string; title: string; domainId: string; questions: number; answered: number; correct: number; accuracy: number | null }[];
  /** In exam order. */
  domains: { domainId: string; number: number; title: string; examWeightPercent: number; answered: number; correct: number; accuracy: number | null }[];
  /** By rank. */
  students: StudentReport[];
};

export type QuestionReport = {
  position: number;
  /** 1-based, as the class saw it. */
  number: number;
  questionId: string;
  topicId: string;
  domainId: string;
  type: string;
  prompt: string;
  answered: number;
  correct: number;
  accuracy: number | null;
  averageResponseMs: number | null;
  /** The wrong option most answers included (bank order), or null when no wrong option was chosen. */
  mostChosenWrong: { option: number; text: string; count: number } | null;
};

export type StudentReport = {
  playerId: string;
  nickname: string;
  score: number;
  rank: number;
  answered: number;
  correct: number;
  accuracy: number | null;
  averageResponseMs: number | null;
  /** Topics with at least one wrong answer, most wrong answers first. */
  missedTopics: { topicId: string; title: string; wrong: number }[];
};

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
