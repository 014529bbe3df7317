import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignmentStatus, attemptEnd, currentPracticePosition, endingOf, msLeft, overdue, simulationDeadline } from '../../server/src/assignments/attempt-clock.ts';
import { drawSimulation, drawWeakest, simulationQuotas, weakestTopicOrder, type Candidate } from '../../server/src/assignments/drawing.ts';
import { estimateScaledScore, itemCorrect, percentOf, scoreAttempt } from '../../server/src/assignments/scoring.ts';

const at = (minutes: number) => new Date(Date.UTC(2027, 0, 11, 9, 0) + minutes * 60_000);
const keep = <T>(items: readonly T[]) => [...items];
const reverse = <T>(items: readonly T[]) => [...items].reverse();
const DOMAINS = [
  { domainId: 'sdlc', title: 'SDLC', examWeightPercent: 22 },
  { domainId: 'config-iac', title: 'IaC', examWeightPercent: 17 },
  { domainId: 'resilience', title: 'Resilience', examWeightPercent: 15 },
  { domainId: 'monitoring', title: 'Monitoring', examWeightPercent: 15 },
  { domainId: 'incident-response', title: 'Incidents', examWeightPercent: 14 },
  { domainId: 'security', title: 'Security', examWeightPercent: 17 },
];

describe('the clock of assignments and simulations', () => {
  it('opens at opensAt and is closed from closesAt on', () => {
    const window = { opensAt: at(0), closesAt: at(60) };
    expect([at(-1), at(0), at(59), at(60), at(61)].map((now) => assignmentStatus(window, now))).toEqual(['upcoming', 'open', 'open', 'closed', 'closed']);
    expect(assignmentStatus({ opensAt: at(0), closesAt: null }, at(100_000))).toBe('open');
  });

  it('gives a simulation 180 minutes, and ends an attempt at the earlier of its deadline and the closing time', () => {
    expect(simulationDeadline(at(0))).toEqual(at(180));
    expect(attemptEnd(at(180), at(90))).toEqual(at(90));
    expect(attemptEnd(at(180), at(600))).toEqual(at(180));
    expect(attemptEnd(null, at(90))).toEqual(at(90));
    expect(attemptEnd(null, null)).toBeNull();
  });

  it('ends an overdue attempt at its end instant, saying whether time ran out or the assignment closed', () => {
    const simulation = { deadlineAt: at(180), endsAt: at(180), submittedAt: null };
    expect(overdue(simulation, at(179))).toBeNull();
    expect(overdue(simulation, at(180))).toEqual({ endedBy: 'timeUp', at: at(180) });
    expect(overdue({ ...simulation, endsAt: at(90) }, at(500))).toEqual({ endedBy: 'closed', at: at(90) });
    expect(overdue({ deadlineAt: null, endsAt: at(90), submittedAt: null }, at(95))).toEqual({ endedBy: 'closed', at: at(90) });
    expect(overdue({ ...simulation, submittedAt: at(100) }, at(500))).toBeNull();
    expect(msLeft(at(180), at(170))).toBe(600_000);
    expect(msLeft(at(180), at(190))).toBe(0);
  });

  it('puts a practice attempt on its first item neither answered nor timed out', () => {
    const items = [
      { position: 0, answered: true, shownAt: at(0) },
      { position: 1, answered: false, shownAt: at(1) },
      { position: 2, answered: false, shownAt: null },
    ];
    expect(currentPracticePosition(items, null, at(500))).toBe(1);
    expect(currentPracticePosition(items, 30, at(1.4))).toBe(1);
    expect(currentPracticePosition(items, 30, at(1.5))).toBe(2);
    expect(currentPracticePosition(items.map((i) => ({ ...i, answered: true })), null, at(2))).toBeNull();
  });

  it('ends a timed practice attempt at the moment its last item closed, unless it closed first', () => {
    const items = [
      { position: 0, answered: true, answeredAt: at(0.5), shownAt: at(0) },
      { position: 1, answered: false, shownAt: at(1) },
    ];
    const attempt = { deadlineAt: null, endsAt: null, submittedAt: null, practiceItems: items, questionTimeLimitSec: 30 };
    expect(endingOf(attempt, at(1.4))).toBeNull();
    expect(endingOf(attempt, at(60))).toEqual({ endedBy: 'submitted', at: at(1.5) });
    expect(endingOf({ ...attempt, endsAt: at(1.2) }, at(60))).toEqual({ endedBy: 'closed', at: at(1.2) });
    expect(endingOf({ ...attempt, endsAt: at(10) }, at(60))).toEqual({ endedBy: 'submitted', at: at(1.5) });
    expect(endingOf({ ...attempt, practiceItems: [items[0]!, { ...items[1]!, shownAt: null }] }, at(60))).toBeNull();
    expect(endingOf({ ...attempt, submittedAt: at(1) }, at(60))).toBeNull();
  });
});

describe('scoring', () => {
  it('counts an item right only on exactly its key, and an unanswered one wrong', () => {
    expect(itemCorrect({ answer: [1, 3], chosen: [3, 1] })).toBe(true);
    expect(itemCorrect({ answer: [1, 3], chosen: [1] })).toBe(false);
    expect(itemCorrect({ answer: [1, 3], chosen: [1, 2] })).toBe(false);
    expect(itemCorrect({ answer: [0], chosen: null })).toBe(false);
  });

  it('breaks the score down per domain against the weights', () => {
    const items = [
      { domainId: 'sdlc', answer: [0], chosen: [0] },
      { domainId: 'sdlc', answer: [0], chosen: [1] },
      { domainId: 'sdlc', answer: [0], chosen: null },
      { domainId: 'security', answer: [2], chosen: [2] },
    ];
    const score = scoreAttempt(items, DOMAINS);
    expect(score).toMatchObject({ questionCount: 4, answered: 3, correct: 2, percent: 50 });
    expect(score.domains).toEqual([
      { domainId: 'sdlc', title: 'SDLC', examWeightPercent: 22, questions: 3, sharePercent: 75, correct: 1, percent: 33.3 },
      { domainId: 'security', title: 'Security', examWeightPercent: 17, questions: 1, sharePercent: 25, correct: 1, percent: 100 },
    ]);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 0)).toBe(0);
  });

  it('maps raw shares to the 100-1000 scale through 0% -> 100, 72% -> 750 and 100% -> 1000', () => {
    expect(estimateScaledScore(0, 75).estimate).toBe(100);
    expect(estimateScaledScore(54, 75)).toMatchObject({ estimate: 750, passed: true, passMark: 750, approximate: true });
    expect(estimateScaledScore(53, 75)).toMatchObject({ estimate: Math.round(100 + (650 * 53) / 75 / 0.72), passed: false });
    expect(estimateScaledScore(75, 75).estimate).toBe(1000);
    expect(estimateScaledScore(60, 75).estimate).toBe(Math.round(750 + (250 * (0.8 - 0.72)) / 0.28));
    const scores = Array.from({ length: 76 }, (_, n) => estimateScaledScore(n, 75).estimate);
    for (let n = 1; n < scores.length; n++) expect(scores[n]).toBeGreaterThanOrEqual(scores[n - 1]!);
  });
});

describe('drawing', () => {
  const bank = (perDomain: number): Candidate[] =>
    DOMAINS.flatMap((d) => Array.from({ length: perDomain }, (_, i) => ({ id: `${d.domainId}.${String(i).padStart(3, '0')}`, topicId: `${d.domainId}.t${i % 5}`, domainId: d.domainId })));

  it('splits 75 questions by the DOP-C02 weights, adding up to 75', () => {
    expect(simulationQuotas(DOMAINS)).toEqual({ sdlc: 17, 'config-iac': 13, resilience: 11, monitoring: 11, 'incident-response': 10, security: 13 });
    expect(simulationQuotas([...DOMAINS, { domainId: 'other', title: 'Other', examWeightPercent: 0 }])).not.toHaveProperty('other');
  });

  it('draws a simulation by quota, least seen first, and says when a domain is short', () => {
    const pool = bank(20);
    const seen = new Map(pool.filter((q) => q.domainId === 'sdlc' && Number(q.id.slice(-3)) < 3).map((q) => [q.id, 5]));
    const drawn = drawSimulation(pool, DOMAINS, seen, keep);
    expect(drawn).toHaveLength(75);
    expect(new Set(drawn).size).toBe(75);
    const sdlc = drawn.filter((id) => id.startsWith('sdlc.'));
    expect(sdlc).toHaveLength(17);
    expect(sdlc.filter((id) => seen.has(id))).toEqual([]);
    expect(() => drawSimulation(bank(12), DOMAINS, new Map(), keep)).toThrow(expect.objectContaining({ code: 'NOT_ENOUGH_QUESTIONS' }));
  });

  it('orders a student’s topics weakest first: missed, then never practised by weight, then the rest', () => {
    const practised = [
      { topicId: 'sec.a', domainNumber: 6, position: 0, examWeightPercent: 17, attempts: 4, correct: 1 },
      { topicId: 'sdlc.b', domainNumber: 1, position: 1, examWeightPercent: 22, attempts: 3, correct: 3 },
      { topicId: 'mon.c', domainNumber: 4, position: 0, examWeightPercent: 15, attempts: 2, correct: 1 },
    ];
    const never = [
      { topicId: 'mon.z', domainNumber: 4, position: 3, examWeightPercent: 15 },
      { topicId: 'sdlc.y', domainNumber: 1, position: 5, examWeightPercent: 22 },
      { topicId: 'sdlc.x', domainNumber: 1, position: 2, examWeightPercent: 22 },
    ];
    expect(weakestTopicOrder(practised, never)).toEqual(['sec.a', 'mon.c', 'sdlc.x', 'sdlc.y', 'mon.z', 'sdlc.b']);
  });

  it('draws weakest topics round-robin, least seen first inside a topic, widening past six topics only when short', () => {
    const pool: Candidate[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].flatMap((t) => [1, 2, 3].map((n) => ({ id: `${t}${n}`, topicId: t, domainId: 'sdlc' })));
    const seen = new Map([['a1', 2], ['a2', 1]]);
    const order = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(drawWeakest(pool, order, seen, 8, keep)).toEqual(['a3', 'b1', 'c1', 'd1', 'e1', 'f1', 'a2', 'b2']);
    expect(drawWeakest(pool, order, new Map(), 6, reverse)).toEqual(['a3', 'b3', 'c3', 'd3', 'e3', 'f3']);
    expect(drawWeakest(pool.filter((q) => q.topicId !== 'b'), order, new Map(), 3, keep)).toEqual(['a1', 'c1', 'd1']);
    expect(drawWeakest(pool, order, new Map(), 21, keep)).toHaveLength(21);
    expect(() => drawWeakest(pool, order, new Map(), 22, keep)).toThrow(expect.objectContaining({ code: 'NOT_ENOUGH_QUESTIONS' }));
  });
});

describe('the documentation of assignments', () => {
  const read = (file: string) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const tableCodes = (doc: string, heading: string) => {
    const start = doc.indexOf(heading);
    const table = doc.slice(start, doc.indexOf('\n## ', start + 1));
    return new Set([...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!)));
  };
  const thrown = new Set(
    fs
      .readdirSync(new URL('../../server/src/assignments/', import.meta.url))
      .flatMap((file) => [...read(`server/src/assignments/${file}`).matchAll(/new AppError\(\d+, '([A-Z_]+)'/g)].map((m) => m[1]!)),
  );

  it('lists every code the assignment use cases refuse with, in docs/assignments.md and in the README', () => {
    expect(thrown.size).toBeGreaterThan(10);
    const documented = tableCodes(read('docs/assignments.md'), '## Error codes');
    const readme = tableCodes(read('README.md'), '## Assignments and exam simulations');
    for (const code of thrown) {
      expect(documented, code).toContain(code);
      if (!['NOT_ENOUGH_QUESTIONS', 'MEMBER_NOT_FOUND', 'CLASS_ARCHIVED', 'VALIDATION_FAILED'].includes(code)) expect(readme, code).toContain(code);
    }
  });
});
