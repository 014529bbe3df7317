import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { shuffled } from '../quizzes/draw.ts';
import { createQuiz } from '../quizzes/quizzes.ts';
import { openGame, type GameOpening } from '../games/open-game.ts';
import { loadOwnGame } from './game-access.ts';
import { byAccuracy } from './game-report.ts';
import type { ReviewGame } from './analytics-types.ts';
import { composeReview } from './review-mix.ts';
import type { ReviewInput } from './review-inputs.ts';
import { reviewCandidates } from './review-queries.ts';
import { topicStats } from './report-queries.ts';
import { ratio } from './ratio.ts';

export { reviewInputSchema, type ReviewInput } from './review-inputs.ts';
export type { ReviewGame } from './analytics-types.ts';

const TITLE_MAX = 120;

function fitTitle(title: string): string {
  return title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1)}…`;
}

/** The topics to review and a default title. */
async function chooseTopics(db: Db, instructorId: string, input: ReviewInput): Promise<{ topicIds: string[]; title: string }> {
  if (input.gameId) {
    const game = await loadOwnGame(db, instructorId, input.gameId);
    const missed = (await topicStats(db, game.id))
      .filter((topic) => topic.correct < topic.answered)
      .map((topic) => ({ ...topic, accuracy: ratio(topic.correct, topic.answered) }))
      .sort((a, b) => byAccuracy(a, b) || b.answered - a.answered || a.topicId.localeCompare(b.topicId));
    if (!missed.length) throw new AppError(400, 'NOTHING_MISSED', 'The class missed nothing in this game; choose topics to review instead.');
    return { topicIds: missed.map((t) => t.topicId), title: fitTitle(`Review: ${game.title}`) };
  }
  const topicIds = [...new Set(input.topics)];
  const found = await db.topic.findMany({ where: { id: { in: topicIds } }, select: { id: true, title: true } });
  const titles = new Map(found.map((t) => [t.id, t.title]));
  const unknown = topicIds.filter((id) => !titles.has(id));
  if (unknown.length) throw new AppError(400, 'UNKNOWN_TOPICS', `Unknown topic(s): ${unknown.join(', ')}`, { unknown });
  return { topicIds, title: fitTitle(`Review: ${topicIds.map((id) => titles.get(id)).join(', ')}`) };
}

/**
 * "Review what we missed": a quiz from the weakest topics (see composeReview for the mix),
 * saved as the instructor's quiz and opened as a lobby.
 */
export async function startReviewGame(opening: GameOpening, instructorId: string, input: ReviewInput): Promise<ReviewGame> {
  const { db } = opening;
  const { topicIds, title } = await chooseTopics(db, instructorId, input);
  const candidates = await reviewCandidates(db, instructorId, topicIds, input.gameId ?? null);
  const mix = composeReview(candidates, topicIds, input.count, shuffled);
  const picked = [...mix.missed, ...mix.unseen, ...mix.seen];
  if (picked.length < input.count) {
    throw new AppError(400, 'NOT_ENOUGH_QUESTIONS', `These topics hold only ${picked.length} question(s); ask for fewer or add topics.`, {
      available: picked.length,
    });
  }
  const quiz = await createQuiz(db, instructorId, {
    title: input.title ?? title,
    shuffleOptions: false,
    questions: shuffled(picked).map((questionId) => ({ questionId, doublePoints: false })),
  });
  const { gameId, code } = await openGame(opening, instructorId, { quizId: quiz.id, settings: input.settings });
  return { quizId: quiz.id, gameId, code, topics: topicIds, composition: mix };
}
