import { AppError } from '../errors.ts';
import { apportion, drawLeastSeen } from '../quizzes/draw.ts';
import { SIMULATION_QUESTIONS } from './attempt-clock.ts';

/**
 * Which questions a student's attempt gets, as pure choices over candidate questions, what the
 * student has seen (times per question id) and a shuffle (random in use, fixed in tests).
 */

export type Shuffle = <T>(items: readonly T[]) => T[];
export type Candidate = { id: string; topicId: string; domainId: string };
export type ExamDomain = { domainId: string; title: string; examWeightPercent: number };

const notEnough = (message: string, details: object) => new AppError(400, 'NOT_ENOUGH_QUESTIONS', message, details);

/** Questions per weighted domain: `total` split by the exam weights (largest remainder), adding up to `total`. */
export function simulationQuotas(domains: readonly ExamDomain[], total = SIMULATION_QUESTIONS): Record<string, number> {
  return apportion(total, Object.fromEntries(domains.filter((d) => d.examWeightPercent > 0).map((d) => [d.domainId, d.examWeightPercent])));
}

/**
 * An exam simulation: each domain's quota of the candidates, the student's least seen first
 * (ties by `shuffle`), then the whole list shuffled.
 */
export function drawSimulation(
  candidates: readonly Candidate[],
  domains: readonly ExamDomain[],
  seen: ReadonlyMap<string, number>,
  shuffle: Shuffle,
  total = SIMULATION_QUESTIONS,
): string[] {
  const quotas = simulationQuotas(domains, total);
  const picked = domains.flatMap((domain) => {
    const quota = quotas[domain.domainId] ?? 0;
    const inDomain = candidates.filter((c) => c.domainId === domain.domainId);
    if (inDomain.length < quota) {
      throw notEnough(`${domain.title} has only ${inDomain.length} exam-style question(s); a simulation needs ${quota}.`, { domain: domain.domainId, available: inDomain.length });
    }
    return drawLeastSeen(inDomain, seen, quota, shuffle);
  });
  return shuffle(picked).map((q) => q.id);
}

/** A topic as the student's mastery view knows it. */
export type TopicEvidence = { topicId: string; domainNumber: number; position: number; examWeightPercent: number; attempts: number; correct: number };

/**
 * The student's topics, weakest first: the practised topics with a wrong answer in the order
 * given (the mastery view's weakest-first), then the never-practised ones (heaviest domain first,
 * in curriculum order), then the practised topics without a wrong answer (order given).
 */
export function weakestTopicOrder(
  practisedWeakestFirst: readonly TopicEvidence[],
  neverPractised: readonly Omit<TopicEvidence, 'attempts' | 'correct'>[],
): string[] {
  const missed = practisedWeakestFirst.filter((t) => t.correct < t.attempts);
  const clean = practisedWeakestFirst.filter((t) => t.correct >= t.attempts);
  const unseen = [...neverPractised].sort((a, b) => b.examWeightPercent - a.examWeightPercent || a.domainNumber - b.domainNumber || a.position - b.position);
  return [...missed, ...unseen, ...clean].map((t) => t.topicId);
}

/** Topics a weakest-topics draw covers at least (more when these hold too few questions). */
export const WEAKEST_TOPICS = 6;

/**
 * `count` questions from the weakest topics: the first WEAKEST_TOPICS topics of `topicOrder`
 * (more, in order, until they hold `count`), round-robin over them, inside a topic the student's
 * least seen first (ties by `shuffle`).
 */
export function drawWeakest(
  candidates: readonly Candidate[],
  topicOrder: readonly string[],
  seen: ReadonlyMap<string, number>,
  count: number,
  shuffle: Shuffle,
): string[] {
  const perTopic = topicOrder
    .map((topicId) => drawLeastSeen(candidates.filter((c) => c.topicId === topicId), seen, Infinity, shuffle))
    .filter((list) => list.length > 0);
  let chosen = 0;
  let held = 0;
  while (chosen < perTopic.length && (chosen < WEAKEST_TOPICS || held < count)) held += perTopic[chosen++]!.length;
  if (held < count) throw notEnough(`Only ${held} question(s) can be drawn; ask for fewer.`, { available: held });
  const lists = perTopic.slice(0, chosen);
  const out: string[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const list of lists) if (round < list.length && out.length < count) out.push(list[round]!.id);
  }
  return out;
}
