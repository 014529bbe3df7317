import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { assignmentClass, type Key, type Student } from '../support/assignment-class.ts';
import { answerErrors } from '../support/openapi.ts';

type Setup = Awaited<ReturnType<typeof assignmentClass>>;
const WEIGHTS: Record<string, number> = { sdlc: 22, 'config-iac': 17, resilience: 15, monitoring: 15, 'incident-response': 14, security: 17 };
/** A real answer of `method path` fits what /api/openapi.json documents for it (no field more or less). */
const documented = (method: string, path: string, status: number, body: unknown) => expect(answerErrors(method, path, status, body), `${method} ${path} ${status}`).toEqual([]);
const QUOTAS: Record<string, number> = { sdlc: 17, 'config-iac': 13, resilience: 11, monitoring: 11, 'incident-response': 10, security: 13 };

/** The result's numbers, recomputed here from the stored answers and the bank's keys. */
function expectedResult(items: { questionId: string }[], stored: Map<string, number[]>, keys: Map<string, Key>) {
  const right = (id: string) => {
    const chosen = stored.get(id);
    const key = keys.get(id)!.answer;
    return chosen !== undefined && chosen.length === key.length && chosen.every((c) => key.includes(c));
  };
  const correct = items.filter((i) => right(i.questionId)).length;
  const domains = Object.keys(WEIGHTS).map((domainId) => {
    const mine = items.filter((i) => keys.get(i.questionId)!.domainId === domainId);
    const good = mine.filter((i) => right(i.questionId)).length;
    return { domainId, examWeightPercent: WEIGHTS[domainId], questions: mine.length, correct: good, percent: Math.round((1000 * good) / mine.length) / 10, sharePercent: Math.round((1000 * mine.length) / 75) / 10 };
  });
  const p = correct / 75;
  const scaled = Math.round(p < 0.72 ? 100 + (650 * p) / 0.72 : 750 + (250 * (p - 0.72)) / 0.28);
  return { correct, percent: Math.round((1000 * correct) / 75) / 10, domains, scaled };
}

/** The 75-question exam simulation on the server's clock: played to the end, and one that runs out of time. */
describe('exam simulation', () => {
  let s: Setup;
  let eve: Student;
  let finn: Student;

  const call = (who: Student, method: 'get' | 'post', path: string, body?: object) => {
    const req = s.app[method](`/api/student${path}`).set(s.bearer(who));
    return body ? req.send(body) : req;
  };

  beforeAll(async () => {
    s = await assignmentClass();
    eve = await s.student('Eve');
    finn = await s.student('Finn');
  });
  afterAll(() => s.t.close());

  async function drawnItems(attemptId: string) {
    return s.t.db.attemptItem.findMany({ where: { attemptId }, orderBy: { position: 'asc' } });
  }

  it('plays a simulation to the end: moves, flags, changed answers, nothing revealed before submit, every number of the result checked', async () => {
    const made = await s.ada.agent.post(`/api/classes/${s.classId}/assignments`).send({ title: 'Mock exam', source: { kind: 'simulation' } }).expect(201);
    expect(made.body).toMatchObject({ kind: 'simulation', questionCount: 75, feedback: 'end', source: { kind: 'simulation' } });
    const started = (await call(eve, 'post', `/assignments/${made.body.id}/attempt`).expect(201)).body;
    expect(started).toMatchObject({ kind: 'simulation', questionCount: 75, position: 0, state: 'in-progress' });
    expect(started.remainingMs).toBe(180 * 60_000);
    documented('post', '/api/student/assignments/:assignmentId/attempt', 201, started);
    expect(Date.parse(started.deadlineAt) - Date.parse(started.startedAt)).toBe(180 * 60_000);

    const items = await drawnItems(started.id);
    const keys = await s.keys(items.map((i) => i.questionId));
    expect(items).toHaveLength(75);
    expect(new Set(items.map((i) => i.questionId)).size).toBe(75);
    const perDomain: Record<string, number> = {};
    for (const i of items) perDomain[keys.get(i.questionId)!.domainId] = (perDomain[keys.get(i.questionId)!.domainId] ?? 0) + 1;
    expect(perDomain).toEqual(QUOTAS);
    expect(await s.t.db.question.count({ where: { id: { in: items.map((i) => i.questionId) }, style: { not: 'exam' } } })).toBe(0);

    // Answer every third right, the others wrong, leave the last five open; move about, change some answers, flag some.
    const stored = new Map<string, number[]>();
    for (const [position, item] of items.entries()) {
      if (position >= 70) continue;
      const key = keys.get(item.questionId)!;
      const choices = position % 3 === 0 ? key.answer : key.wrong;
      const ack = (await call(eve, 'post', `/attempts/${started.id}/answer`, { position, choices }).expect(200)).body;
      expect(ack.feedback).toBeNull();
      expect(JSON.stringify(ack)).not.toContain(key.explanation);
      if (position === 0) documented('post', '/api/student/attempts/:attemptId/answer', 200, ack);
      stored.set(item.questionId, choices);
    }
    await call(eve, 'post', `/attempts/${started.id}/move`, { position: 4 }).expect(200);
    for (const position of [4, 5]) {
      const key = keys.get(items[position]!.questionId)!;
      await call(eve, 'post', `/attempts/${started.id}/answer`, { position, choices: key.answer }).expect(200);
      stored.set(items[position]!.questionId, key.answer);
    }
    documented('post', '/api/student/attempts/:attemptId/flag', 200, (await call(eve, 'post', `/attempts/${started.id}/flag`, { position: 7, flagged: true }).expect(200)).body);
    await call(eve, 'post', `/attempts/${started.id}/flag`, { position: 72, flagged: true }).expect(200);
    await call(eve, 'post', `/attempts/${started.id}/flag`, { position: 72, flagged: false }).expect(200);
    const moved = (await call(eve, 'post', `/attempts/${started.id}/move`, { position: 60 }).expect(200)).body;
    expect(moved).toMatchObject({ position: 60, answered: 70, question: { position: 60, chosen: stored.get(items[60]!.questionId), feedback: null } });
    expect(moved.items.filter((i: any) => i.flagged).map((i: any) => i.position)).toEqual([7]);
    expect(moved.items.every((i: any) => i.correct === null)).toBe(true);
    documented('post', '/api/student/attempts/:attemptId/move', 200, moved);
    expect((await call(eve, 'post', `/attempts/${started.id}/move`, { position: 75 }).expect(400)).body.error.code).toBe('POSITION_OUT_OF_RANGE');
    expect((await call(eve, 'get', `/attempts/${started.id}/result`).expect(409)).body.error.code).toBe('RESULT_NOT_READY');

    // Another device opens the question the student was on.
    const tablet = await s.secondDevice(eve);
    expect((await call(tablet, 'get', `/attempts/${started.id}`).expect(200)).body).toMatchObject({ position: 60, answered: 70 });
    const q73 = (await call(tablet, 'get', `/attempts/${started.id}/questions/73`).expect(200)).body;
    expect(q73).toMatchObject({ position: 73, chosen: null, feedback: null });
    expect(q73).not.toHaveProperty('answer');
    documented('get', '/api/student/attempts/:attemptId/questions/:position', 200, q73);

    // Simulation answers do not count in mastery until submitted.
    const masteryOf = async (sources?: string) =>
      (await s.ada.agent.get(`/api/classes/${s.classId}/members/${eve.memberId}/mastery${sources ? `?sources=${sources}` : ''}`).expect(200)).body.mastery;
    expect((await masteryOf()).answerCount).toBe(0);

    const result = (await call(tablet, 'post', `/attempts/${started.id}/submit`).expect(200)).body;
    const fromDb = new Map((await s.t.db.answer.findMany({ where: { attemptId: started.id } })).map((a) => [a.questionId, a.chosen]));
    expect(fromDb).toEqual(stored);
    const expected = expectedResult(items, fromDb, keys);
    expect(result).toMatchObject({ state: 'submitted', endedBy: 'submitted', questionCount: 75, answered: 70, correct: expected.correct, percent: expected.percent });
    expect(result.domains.map(({ title: _t, ...d }: any) => d)).toEqual(expected.domains);
    expect(result.scaledScore).toMatchObject({ estimate: expected.scaled, passMark: 750, passed: expected.scaled >= 750, rawPassPercent: 72, approximate: true });
    documented('post', '/api/student/attempts/:attemptId/submit', 200, result);
    expect(result.timeSpentMs).toBe(Date.parse(result.submittedAt) - Date.parse(result.startedAt));
    expect(result.review).toHaveLength(75);
    for (const [position, r] of result.review.entries()) {
      const key = keys.get(items[position]!.questionId)!;
      expect(r).toMatchObject({ position, questionId: key.id, answer: key.answer, explanation: key.explanation, chosen: fromDb.get(key.id) ?? null, flagged: position === 7 });
    }
    expect((await call(eve, 'post', `/attempts/${started.id}/answer`, { position: 74, choices: [0] }).expect(409)).body.error.code).toBe('ATTEMPT_SUBMITTED');
    expect((await call(eve, 'post', `/attempts/${started.id}/submit`).expect(409)).body.error.code).toBe('ATTEMPT_SUBMITTED');

    // Mastery and readiness count the simulation now, and leave it out when asked.
    expect((await masteryOf()).answerCount).toBe(70);
    expect((await masteryOf('simulation')).answerCount).toBe(70);
    expect((await masteryOf('live,assignment')).answerCount).toBe(0);
    expect((await masteryOf('live,assignment')).sources).toEqual(['live', 'assignment']);
    const matrix = (await s.ada.agent.get(`/api/classes/${s.classId}/matrix?sources=simulation`).expect(200)).body;
    const row = matrix.students.find((r: any) => r.memberId === eve.memberId);
    expect(row).toMatchObject({ attempts: 70, correct: [...fromDb].filter(([id, c]) => c.every((x) => keys.get(id)!.answer.includes(x)) && c.length === keys.get(id)!.answer.length).length });
    expect(row.readiness.estimate).not.toBeNull();
    documented('get', '/api/classes/:id/matrix', 200, matrix);
    const liveOnly = (await s.ada.agent.get(`/api/classes/${s.classId}/matrix?sources=live`).expect(200)).body;
    expect(liveOnly.students.find((r: any) => r.memberId === eve.memberId)).toMatchObject({ attempts: 0, readiness: { estimate: null } });
    expect((await s.ada.agent.get(`/api/classes/${s.classId}/matrix?sources=bogus`).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    const own = (await call(eve, 'get', '/progress?sources=simulation').expect(200)).body;
    expect(own.mastery.answerCount).toBe(70);
    documented('get', '/api/student/progress', 200, own);
    expect((await s.ada.agent.get('/api/analytics/topics?sources=simulation').expect(200)).body.answerCount).toBe(70);
    expect((await s.ada.agent.get('/api/analytics/topics?sources=live').expect(200)).body.answerCount).toBe(0);

    const detail = (await s.ada.agent.get(`/api/classes/${s.classId}/assignments/${made.body.id}`).expect(200)).body;
    expect(detail.students.find((r: any) => r.memberId === eve.memberId)).toMatchObject({ status: 'finished', correct: expected.correct, scaledScore: expected.scaled, answered: 70 });
    documented('get', '/api/classes/:id/assignments/:assignmentId', 200, detail);
    // What is stored about Eve lists the simulation and its answers.
    const exported = (await s.ada.agent.get(`/api/classes/${s.classId}/members/${eve.memberId}/export`).expect(200)).body;
    expect(exported.attempts).toMatchObject([{ attemptId: started.id, assignmentId: made.body.id, kind: 'simulation', correct: expected.correct, questionCount: 75 }]);
    expect(exported.answers.filter((a: any) => a.source === 'simulation' && a.attemptId === started.id && a.gameId === null)).toHaveLength(70);
    documented('get', '/api/classes/:id/members/:memberId/export', 200, exported);
  });

  it('is started by the student only where the class allows it, avoids what they saw most, and submits itself when the 180 minutes are up', async () => {
    expect((await call(finn, 'post', '/simulations').expect(403)).body.error.code).toBe('SIMULATIONS_OFF');
    expect((await call(finn, 'get', '/assignments').expect(200)).body.simulations).toEqual({ selfStart: false, attempts: [] });
    await s.ada.agent.patch(`/api/classes/${s.classId}`).send({ selfSimulations: true }).expect(200);
    const first = (await call(finn, 'post', '/simulations').expect(201)).body;
    documented('post', '/api/student/simulations', 201, first);
    // The same simulation on a second request (another device): one at a time.
    expect((await call(finn, 'post', '/simulations').expect(200)).body.id).toBe(first.id);
    const items = await drawnItems(first.id);
    const keys = await s.keys(items.map((i) => i.questionId));
    const stored = new Map<string, number[]>();
    for (const position of [0, 1, 2, 3]) {
      const key = keys.get(items[position]!.questionId)!;
      const choices = position < 3 ? key.answer : key.wrong;
      await call(finn, 'post', `/attempts/${first.id}/answer`, { position, choices }).expect(200);
      stored.set(key.id, choices);
    }
    // The 180 minutes pass on the server's clock.
    const deadline = new Date(first.deadlineAt);
    s.clock.offsetMs = 180 * 60_000;
    onTestFinished(() => {
      s.clock.offsetMs = 0;
    });
    const late = await call(finn, 'post', `/attempts/${first.id}/answer`, { position: 4, choices: keys.get(items[4]!.questionId)!.answer }).expect(409);
    expect(late.body.error.code).toBe('ATTEMPT_TIME_UP');
    expect((await call(finn, 'post', `/attempts/${first.id}/flag`, { position: 4, flagged: true }).expect(409)).body.error.code).toBe('ATTEMPT_TIME_UP');
    const ended = (await call(finn, 'get', `/attempts/${first.id}`).expect(200)).body;
    expect(ended).toMatchObject({ state: 'submitted', endedBy: 'time-up', submittedAt: deadline.toISOString(), answered: 4, correct: 3, position: null, remainingMs: null });
    const result = (await call(finn, 'get', `/attempts/${first.id}/result`).expect(200)).body;
    const fromDb = new Map((await s.t.db.answer.findMany({ where: { attemptId: first.id } })).map((a) => [a.questionId, a.chosen]));
    expect(fromDb).toEqual(stored);
    const expected = expectedResult(items, fromDb, keys);
    expect(result).toMatchObject({ correct: 3, percent: expected.percent, endedBy: 'time-up', scaledScore: { estimate: expected.scaled, passed: false } });
    expect(result.domains.map(({ title: _t, ...d }: any) => d)).toEqual(expected.domains);
    expect(result.timeSpentMs).toBe(deadline.getTime() - Date.parse(first.startedAt));
    documented('get', '/api/student/attempts/:attemptId/result', 200, result);

    // The next simulation avoids the questions of the first one where the bank allows.
    const second = (await call(finn, 'post', '/simulations').expect(201)).body;
    const again = await drawnItems(second.id);
    const before = new Set(items.map((i) => i.questionId));
    const repeated = again.filter((i) => before.has(i.questionId)).length;
    const listed = (await call(finn, 'get', '/assignments').expect(200)).body;
    documented('get', '/api/student/assignments', 200, listed);
    const list = listed.simulations;
    expect(list.selfStart).toBe(true);
    expect(list.attempts.map((a: any) => [a.id, a.state])).toEqual([[second.id, 'in-progress'], [first.id, 'submitted']]);
    // Every domain holds more exam questions than two simulations need, except incident response (46): none repeats.
    expect(repeated).toBe(0);
  });
});
