import { loadMember, loadOwnClass } from '../classes/class-access.ts';
import type { ClassReviewInput } from '../classes/class-inputs.ts';
import { AppError } from '../errors.ts';
import { openGame, type GameOpening } from '../games/open-game.ts';
import { shuffled } from '../quizzes/draw.ts';
import { createQuiz } from '../quizzes/quizzes.ts';
import type { ReviewGame } from './analytics-types.ts';
import type { AnswerSource } from './answer-sources.ts';
import { composeReview } from './review-mix.ts';
import { reviewCandidates } from './review-queries.ts';
import { masteryView } from './topic-mastery.ts';

/** The weakest topics a review covers at most. */
const REVIEW_TOPICS = 6;

/**
 * A review game for the class, a group of its students or one student: the topics are their
 * weakest (the mastery view's order, topics with a wrong answer only), the questions mixed as
 * `POST /api/analytics/review` mixes them with "missed" meaning missed by those students; the
 * lobby opens for the class.
 */
export async function startClassReview(
  opening: GameOpening,
  instructorId: string,
  classId: string,
  input: ClassReviewInput & { sources?: readonly AnswerSource[] },
): Promise<ReviewGame> {
  const { db } = opening;
  const own = await loadOwnClass(db, instructorId, classId);
  const memberIds = input.memberIds ? [...new Set(input.memberIds)] : undefined;
  const members = memberIds ? await Promise.all(memberIds.map((id) => loadMember(db, classId, id))) : [];
  const view = await masteryView(db, instructorId, { from: null, to: null }, { classId, memberIds, sources: input.sources });
  const topicIds = view.topics.filter((t) => t.correct < t.attempts).slice(0, REVIEW_TOPICS).map((t) => t.topicId);
  if (!topicIds.length) throw new AppError(400, 'NOTHING_MISSED', 'Nothing was missed in this class’s games yet; choose topics to review instead.');
  const candidates = await reviewCandidates(db, instructorId, topicIds, null, memberIds ?? null);
  const mix = composeReview(candidates, topicIds, input.count, shuffled);
  const picked = [...mix.missed, ...mix.unseen, ...mix.seen];
  if (picked.length < input.count) {
    throw new AppError(400, 'NOT_ENOUGH_QUESTIONS', `These topics hold only ${picked.length} question(s); ask for fewer.`, { available: picked.length });
  }
  const who = members.length === 1 ? members[0]!.name : members.length ? `${members.length} students` : own.name;
  const quiz = await createQuiz(db, instructorId, {
    title: input.title ?? `Review: ${who}`.slice(0, 120),
    shuffleOptions: false,
    questions: shuffled(picked).map((questionId) => ({ questionId, doublePoints: false })),
  });
  const { gameId, code } = await openGame(opening, instructorId, {
    quizId: quiz.id,
    settings: input.settings,
    class: { id: classId, guests: input.guests, renaming: input.renaming },
  });
  return { quizId: quiz.id, gameId, code, topics: topicIds, composition: mix };
}
