import type { ReviewMix } from './analytics-types.ts';
import type { ReviewCandidateRow } from './review-queries.ts';

export type { ReviewMix } from './analytics-types.ts';

/**
 * The review quiz's mix: half of `count` (rounded up) are questions the class got wrong (highest
 * share of wrong answers first, then most wrong answers), the rest unseen questions of the same
 * topics, taken round-robin over the topics in `topicOrder` (weakest first) so each topic gets its
 * share. When one kind runs short the other fills in, and only then questions already asked and
 * answered right (least asked first). Returns fewer than `count` only when the topics hold fewer
 * questions. `shuffle` decides which unseen questions of a topic come first.
 */
export function composeReview(
  candidates: readonly ReviewCandidateRow[],
  topicOrder: readonly string[],
  count: number,
  shuffle: <T>(items: readonly T[]) => T[],
): ReviewMix {
  const missedPool = candidates
    .filter((c) => c.wrong > 0)
    .sort((a, b) => b.wrong / b.answers - a.wrong / a.answers || b.wrong - a.wrong || a.questionId.localeCompare(b.questionId))
    .map((c) => c.questionId);
  const unseenPool = roundRobin(
    topicOrder.map((topicId) => shuffle(candidates.filter((c) => c.topicId === topicId && c.timesAsked === 0)).map((c) => c.questionId)),
  );
  const seenPool = shuffle(candidates.filter((c) => c.wrong === 0 && c.timesAsked > 0))
    .sort((a, b) => a.timesAsked - b.timesAsked)
    .map((c) => c.questionId);

  let missedTaken = Math.min(Math.ceil(count / 2), missedPool.length);
  const unseenTaken = Math.min(count - missedTaken, unseenPool.length);
  missedTaken = Math.min(count - unseenTaken, missedPool.length);
  const seenTaken = Math.min(count - missedTaken - unseenTaken, seenPool.length);
  return {
    missed: missedPool.slice(0, missedTaken),
    unseen: unseenPool.slice(0, unseenTaken),
    seen: seenPool.slice(0, seenTaken),
  };
}

/** [[a1, a2], [b1], [c1, c2]] -> [a1, b1, c1, a2, c2]. */
function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((list) => i < list.length); i++) {
    for (const list of lists) if (i < list.length) out.push(list[i]!);
  }
  return out;
}
