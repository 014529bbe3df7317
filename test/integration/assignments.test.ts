import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentClass, type Student } from '../support/assignment-class.ts';
import { answerErrors } from '../support/openapi.ts';

type Setup = Awaited<ReturnType<typeof assignmentClass>>;
const HOUR = 3_600_000;
/** A real answer of `method path` fits what /api/openapi.json documents for it (no field more or less). */
const documented = (method: string, path: string, status: number, body: unknown) => expect(answerErrors(method, path, status, body), `${method} ${path} ${status}`).toEqual([]);

/** Assignments over HTTP with real PostgreSQL: closing time, resuming on a second device, feedback modes, per-question timers, weakest topics. */
describe('assignments', () => {
  let s: Setup;
  let ana: Student;
  let ben: Student;
  let homework: string[];

  const assign = (body: object) => s.ada.agent.post(`/api/classes/${s.classId}/assignments`).send(body);
  const start = (who: Student, assignmentId: string) => s.app.post(`/api/student/assignments/${assignmentId}/attempt`).set(s.bearer(who));
  const answer = (who: Student, attemptId: string, position: number, choices: number[]) =>
    s.app.post(`/api/student/attempts/${attemptId}/answer`).set(s.bearer(who)).send({ position, choices });
  const inFuture = (ms: number) => new Date(s.now().getTime() + ms).toISOString();

  beforeAll(async () => {
    s = await assignmentClass();
    ana = await s.student('Ana');
    ben = await s.student('Ben');
    homework = (await s.questionsOf('sdlc.codebuild')).slice(0, 4);
  });
  afterAll(() => s.t.close());

  it('refuses to start before the opening time and to answer after the closing time, with documented codes', async () => {
    const later = await assign({ title: 'Next week', source: { kind: 'quiz', quizId: await s.quiz(homework) }, opensAt: inFuture(24 * HOUR) }).expect(201);
    expect(later.body).toMatchObject({ status: 'upcoming', questionCount: 4, assigned: 2, feedback: 'end' });
    documented('post', '/api/classes/:id/assignments', 201, later.body);
    expect((await start(ana, later.body.id).expect(409)).body.error).toMatchObject({ code: 'ASSIGNMENT_NOT_OPEN', details: { opensAt: later.body.opensAt } });

    const due = await assign({ title: 'Due in an hour', source: { kind: 'quiz', quizId: await s.quiz(homework) }, closesAt: inFuture(HOUR) }).expect(201);
    const attempt = (await start(ana, due.body.id).expect(201)).body;
    documented('post', '/api/student/assignments/:assignmentId/attempt', 201, attempt);
    const keys = await s.keys(homework);
    const first = keys.get(attempt.question.questionId)!;
    await answer(ana, attempt.id, 0, first.answer).expect(200);

    s.clock.offsetMs = 2 * HOUR;
    try {
      const second = keys.get(homework[1]!)!;
      expect((await answer(ana, attempt.id, 1, second.answer).expect(409)).body.error.code).toBe('ASSIGNMENT_CLOSED');
      expect((await start(ben, due.body.id).expect(409)).body.error.code).toBe('ASSIGNMENT_CLOSED');
      const after = (await s.app.get(`/api/student/attempts/${attempt.id}`).set(s.bearer(ana)).expect(200)).body;
      // It ended at the closing time itself, with what it held.
      expect(after).toMatchObject({ state: 'submitted', endedBy: 'closed', submittedAt: due.body.closesAt, answered: 1, correct: 1, percent: 25 });
      documented('get', '/api/student/attempts/:attemptId', 200, after);
      const stored = await s.t.db.answer.findMany({ where: { attemptId: attempt.id } });
      expect(stored.map((a) => [a.source, a.questionId, a.correct])).toEqual([['assignment', homework[0], true]]);
      const detail = (await s.ada.agent.get(`/api/classes/${s.classId}/assignments/${due.body.id}`).expect(200)).body;
      expect(detail.status).toBe('closed');
      documented('get', '/api/classes/:id/assignments/:assignmentId', 200, detail);
      expect(detail.students.map((r: any) => [r.name, r.status, r.endedBy, r.answered, r.correct, r.percent])).toEqual([
        ['Ana', 'finished', 'closed', 1, 1, 25],
        ['Ben', 'not-started', null, 0, null, null],
      ]);
      expect(detail.students[0].timeSpentMs).toBe(Date.parse(due.body.closesAt) - Date.parse(attempt.startedAt));
      expect(detail).toMatchObject({ assigned: 2, started: 1, finished: 1, averagePercent: 25 });
    } finally {
      s.clock.offsetMs = 0;
    }
  });

  it('continues on a second device where the first one was, and counts one answer per question', async () => {
    const made = await assign({ title: 'Two phones', source: { kind: 'quiz', quizId: await s.quiz(homework) } }).expect(201);
    const keys = await s.keys(homework);
    const phone = (await start(ben, made.body.id).expect(201)).body;
    await answer(ben, phone.id, 0, keys.get(homework[0]!)!.wrong).expect(200);
    await answer(ben, phone.id, 1, keys.get(homework[1]!)!.answer).expect(200);

    const laptop = await s.secondDevice(ben);
    const list = (await s.app.get('/api/student/assignments').set(s.bearer(laptop)).expect(200)).body;
    documented('get', '/api/student/assignments', 200, list);
    expect(list.assignments.find((a: any) => a.id === made.body.id).attempt).toMatchObject({ id: phone.id, state: 'in-progress', answered: 2 });
    const resumed = await start(laptop, made.body.id).expect(200);
    documented('post', '/api/student/assignments/:assignmentId/attempt', 200, resumed.body);
    expect(resumed.body).toMatchObject({ id: phone.id, position: 2, answered: 2, question: { position: 2, questionId: homework[2], chosen: null } });
    expect(resumed.body.items.map((i: any) => i.answered)).toEqual([true, true, false, false]);
    await answer(laptop, phone.id, 2, keys.get(homework[2]!)!.answer).expect(200);
    // The phone is behind: its answer to the same question is refused, the first one counts.
    expect((await answer(ben, phone.id, 2, keys.get(homework[2]!)!.wrong).expect(409)).body.error.code).toBe('ALREADY_ANSWERED');
    expect((await answer(ben, phone.id, 0, keys.get(homework[0]!)!.answer).expect(409)).body.error.code).toBe('ALREADY_ANSWERED');
    const skip = await answer(ben, phone.id, 3, [9]).expect(400);
    expect(skip.body.error.code).toBe('INVALID_CHOICE');
    const last = (await answer(ben, phone.id, 3, keys.get(homework[3]!)!.answer).expect(200)).body;
    // The last answer submits the attempt.
    expect(last.attempt).toMatchObject({ state: 'submitted', endedBy: 'submitted', correct: 3, percent: 75, position: null, question: null });
    documented('post', '/api/student/attempts/:attemptId/answer', 200, last);
    expect((await answer(laptop, phone.id, 3, [0]).expect(409)).body.error.code).toBe('ATTEMPT_SUBMITTED');
    const stored = await s.t.db.answer.findMany({ where: { attemptId: phone.id }, orderBy: { answeredAt: 'asc' } });
    expect(stored.map((a) => [a.questionId, a.correct])).toEqual(homework.map((id, i) => [id, i !== 0]));
    // Someone else's attempt is not there for them.
    expect((await s.app.get(`/api/student/attempts/${phone.id}`).set(s.bearer(ana)).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
  });

  it('keeps the key back until the end in "end" mode, and shows it after each answer in "each" mode', async () => {
    const keys = await s.keys(homework);
    const atEnd = await assign({ title: 'Feedback at the end', source: { kind: 'quiz', quizId: await s.quiz(homework) }, memberIds: [ana.memberId] }).expect(201);
    expect(atEnd.body).toMatchObject({ assigned: 1, memberIds: [ana.memberId] });
    expect((await start(ben, atEnd.body.id).expect(404)).body.error.code).toBe('ASSIGNMENT_NOT_FOUND');
    const quiet = (await start(ana, atEnd.body.id).expect(201)).body;
    const before = (await s.app.get('/api/student/progress').set(s.bearer(ana)).expect(200)).body.mastery.answerCount;
    for (const [i, id] of homework.slice(0, 3).entries()) {
      const ack = (await answer(ana, quiet.id, i, keys.get(id)!.wrong).expect(200)).body;
      expect(ack.feedback).toBeNull();
      const text = JSON.stringify(ack);
      expect(text).not.toContain(keys.get(id)!.explanation);
      expect(ack.attempt.items.every((item: any) => item.correct === null)).toBe(true);
      expect(ack.attempt.question).not.toHaveProperty('answer');
      expect(ack.attempt.question.feedback).toBeNull();
    }
    const answeredQuestion = (await s.app.get(`/api/student/attempts/${quiet.id}/questions/0`).set(s.bearer(ana)).expect(200)).body;
    expect(answeredQuestion).toMatchObject({ chosen: keys.get(homework[0]!)!.wrong, feedback: null });
    documented('get', '/api/student/attempts/:attemptId/questions/:position', 200, answeredQuestion);
    expect((await s.app.get(`/api/student/attempts/${quiet.id}/questions/3`).set(s.bearer(ana)).expect(200)).body.feedback).toBeNull();
    expect((await s.app.get(`/api/student/attempts/${quiet.id}/result`).set(s.bearer(ana)).expect(409)).body.error.code).toBe('RESULT_NOT_READY');
    // Nothing counts in mastery (which would tell the student) before the end.
    expect((await s.app.get('/api/student/progress').set(s.bearer(ana)).expect(200)).body.mastery.answerCount).toBe(before);
    const result = (await s.app.post(`/api/student/attempts/${quiet.id}/submit`).set(s.bearer(ana)).expect(200)).body;
    expect(result).toMatchObject({ correct: 0, percent: 0, endedBy: 'submitted', scaledScore: null });
    documented('post', '/api/student/attempts/:attemptId/submit', 200, result);
    expect(result.review.map((r: any) => [r.questionId, r.answer, r.explanation, r.correct])).toEqual(
      homework.map((id) => [id, keys.get(id)!.answer, keys.get(id)!.explanation, false]),
    );
    expect((await s.app.get('/api/student/progress').set(s.bearer(ana)).expect(200)).body.mastery.answerCount).toBe(before + 3);

    const eachTime = await assign({ title: 'Feedback each time', source: { kind: 'quiz', quizId: await s.quiz(homework) }, feedback: 'each', memberIds: [ana.memberId] }).expect(201);
    const loud = (await start(ana, eachTime.body.id).expect(201)).body;
    const right = (await answer(ana, loud.id, 0, keys.get(homework[0]!)!.answer).expect(200)).body;
    expect(right.feedback).toEqual({ correct: true, answer: keys.get(homework[0]!)!.answer, explanation: keys.get(homework[0]!)!.explanation });
    documented('post', '/api/student/attempts/:attemptId/answer', 200, right);
    const wrong = (await answer(ana, loud.id, 1, keys.get(homework[1]!)!.wrong).expect(200)).body;
    expect(wrong.feedback).toMatchObject({ correct: false, answer: keys.get(homework[1]!)!.answer });
    expect(wrong.attempt.items.map((i: any) => i.correct)).toEqual([true, false, null, null]);
    // The current question never carries its key.
    expect(wrong.attempt.question.feedback).toBeNull();
    expect(JSON.stringify(wrong.attempt.question)).not.toContain(keys.get(homework[2]!)!.explanation);
    // A question ahead of the current one is not served.
    expect((await s.app.get(`/api/student/attempts/${loud.id}/questions/3`).set(s.bearer(ana)).expect(409)).body.error).toMatchObject({ code: 'NOT_CURRENT_QUESTION', details: { position: 2 } });
    // In "each" mode an answer counts in mastery at once.
    expect((await s.app.get('/api/student/progress').set(s.bearer(ana)).expect(200)).body.mastery.answerCount).toBe(before + 5);
  });

  it('times each question with a per-question timer on the server clock', async () => {
    const keys = await s.keys(homework);
    const timed = await assign({ title: 'Quick fire', source: { kind: 'quiz', quizId: await s.quiz(homework) }, questionTimeLimitSec: 20, memberIds: [ben.memberId] }).expect(201);
    const attempt = (await start(ben, timed.body.id).expect(201)).body;
    expect(attempt.question.remainingMs).toBe(20_000);
    s.clock.offsetMs = 21_000;
    try {
      expect((await answer(ben, attempt.id, 0, keys.get(homework[0]!)!.answer).expect(409)).body.error.code).toBe('QUESTION_TIME_UP');
      const now = (await s.app.get(`/api/student/attempts/${attempt.id}`).set(s.bearer(ben)).expect(200)).body;
      expect(now).toMatchObject({ position: 1, answered: 0, question: { position: 1, remainingMs: 20_000 } });
      await answer(ben, attempt.id, 1, keys.get(homework[1]!)!.answer).expect(200);
    } finally {
      s.clock.offsetMs = 0;
    }
  });

  it('ends a timed practice attempt when its last question\'s time runs out, the same for the instructor, the CSV and the student', async () => {
    const one = homework.slice(0, 1);
    const forAna = await assign({ title: 'Last call', source: { kind: 'quiz', quizId: await s.quiz(one) }, questionTimeLimitSec: 20, memberIds: [ana.memberId] }).expect(201);
    const forBen = await assign({ title: 'Last call too', source: { kind: 'quiz', quizId: await s.quiz(one) }, questionTimeLimitSec: 20, memberIds: [ben.memberId] }).expect(201);
    const anas = (await start(ana, forAna.body.id).expect(201)).body;
    const bens = (await start(ben, forBen.body.id).expect(201)).body;
    const ranOut = (attempt: { startedAt: string }) => new Date(Date.parse(attempt.startedAt) + 20_000).toISOString();
    const detail = async (id: string) => (await s.ada.agent.get(`/api/classes/${s.classId}/assignments/${id}`).expect(200)).body;
    const mine = async (who: Student, id: string) => (await s.app.get('/api/student/assignments').set(s.bearer(who)).expect(200)).body.assignments.find((a: any) => a.id === id).attempt;
    s.clock.offsetMs = 60_000;
    try {
      // Nobody touched Ana's attempt after its only question ran out: the instructor's table and CSV follow the server's clock.
      const table = await detail(forAna.body.id);
      expect(table.students.map((r: any) => [r.name, r.status, r.endedBy, r.answered, r.percent, r.finishedAt, r.timeSpentMs])).toEqual([['Ana', 'finished', 'submitted', 0, 0, ranOut(anas), 20_000]]);
      expect(table).toMatchObject({ started: 1, finished: 1, averagePercent: 0 });
      const csv = await s.ada.agent.get(`/api/classes/${s.classId}/assignments/${forAna.body.id}?format=csv`).expect(200);
      expect(csv.text.replace(/^\uFEFF/, '').trim().split('\n')[1]!.split(',').slice(0, 4)).toEqual(['Ana', '', 'finished', 'submitted']);
      expect(await mine(ana, forAna.body.id)).toMatchObject({ state: 'submitted', endedBy: 'submitted', submittedAt: ranOut(anas) });
      // Ben's list reads it first: it ended at the same moment, not when it was noticed.
      expect(await mine(ben, forBen.body.id)).toMatchObject({ state: 'submitted', endedBy: 'submitted', submittedAt: ranOut(bens) });
      expect((await detail(forBen.body.id)).students[0]).toMatchObject({ status: 'finished', finishedAt: ranOut(bens), timeSpentMs: 20_000 });
    } finally {
      s.clock.offsetMs = 0;
    }
  });

  it('counts a timed attempt\'s answers in mastery once its last question ran out, before anyone reads the attempt', async () => {
    const keys = await s.keys(homework);
    const two = homework.slice(0, 2);
    const made = await assign({ title: 'Ran out', source: { kind: 'quiz', quizId: await s.quiz(two) }, questionTimeLimitSec: 20, memberIds: [ana.memberId] }).expect(201);
    const attempt = (await start(ana, made.body.id).expect(201)).body;
    await answer(ana, attempt.id, 0, keys.get(two[0]!)!.answer).expect(200);
    const counted = async () => (await s.ada.agent.get(`/api/classes/${s.classId}/members/${ana.memberId}/mastery`).expect(200)).body.mastery.answerCount as number;
    // "end" mode and in progress: the answer waits for the end.
    const before = await counted();
    // The last question's clock moved back in the database (mastery reads the real clock): it has run out, and nobody has read the attempt since.
    await s.t.db.attemptItem.update({ where: { attemptId_position: { attemptId: attempt.id, position: 1 } }, data: { shownAt: new Date(Date.now() - 21_000) } });
    expect(await counted()).toBe(before + 1);
    expect((await s.t.db.attempt.findUniqueOrThrow({ where: { id: attempt.id } })).submittedAt).toBeNull();
  });

  it('starts the next question\'s timer when the student goes on from the feedback, a reload in between included', async () => {
    const keys = await s.keys(homework);
    const timed = await assign({ title: 'Read, then go', source: { kind: 'quiz', quizId: await s.quiz(homework) }, feedback: 'each', questionTimeLimitSec: 20, memberIds: [ben.memberId] }).expect(201);
    const attempt = (await start(ben, timed.body.id).expect(201)).body;
    expect(attempt.readingFeedback).toBeNull();
    const ack = (await answer(ben, attempt.id, 0, keys.get(homework[0]!)!.answer).expect(200)).body;
    expect(ack.feedback).toMatchObject({ correct: true });
    expect(ack.attempt).toMatchObject({ position: 1, readingFeedback: 0, question: { position: 1, remainingMs: 20_000 } });
    documented('post', '/api/student/attempts/:attemptId/answer', 200, ack);
    const second = () => s.t.db.attemptItem.findUniqueOrThrow({ where: { attemptId_position: { attemptId: attempt.id, position: 1 } } });
    expect((await second()).shownAt).toBeNull();
    try {
      // A reload while reading the explanation (the attempt read again) starts nothing.
      s.clock.offsetMs = 15_000;
      const reloaded = (await s.app.get(`/api/student/attempts/${attempt.id}`).set(s.bearer(ben)).expect(200)).body;
      expect(reloaded).toMatchObject({ position: 1, readingFeedback: 0, question: { position: 1, remainingMs: 20_000 } });
      expect((await second()).shownAt).toBeNull();
      const feedback = (await s.app.get(`/api/student/attempts/${attempt.id}/questions/0`).set(s.bearer(ben)).expect(200)).body;
      expect(feedback).toMatchObject({ chosen: keys.get(homework[0]!)!.answer, feedback: { correct: true } });
      // Forty seconds reading cost nothing: the clock starts once the student goes on to the question.
      s.clock.offsetMs = 40_000;
      const shown = (await s.app.get(`/api/student/attempts/${attempt.id}/questions/1`).set(s.bearer(ben)).expect(200)).body;
      expect(shown).toMatchObject({ position: 1, remainingMs: 20_000 });
      expect((await second()).shownAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(ack.answeredAt) + 40_000);
      expect((await s.app.get(`/api/student/attempts/${attempt.id}`).set(s.bearer(ben)).expect(200)).body).toMatchObject({ position: 1, readingFeedback: null });
      s.clock.offsetMs = 40_000 + 19_000;
      await answer(ben, attempt.id, 1, keys.get(homework[1]!)!.answer).expect(200);
    } finally {
      s.clock.offsetMs = 0;
    }
  });

  it('draws "weakest topics" per student from their own mastery', async () => {
    const [cara, dan] = [await s.student('Cara'), await s.student('Dan')];
    const securityTopic = 'security.guardduty';
    const resilienceTopic = 'resilience.rds-multi-az';
    const setWeakness = async (who: Student, topicId: string) => {
      const ids = (await s.questionsOf(topicId)).slice(0, 2);
      expect(ids).toHaveLength(2);
      const keys = await s.keys(ids);
      const made = await assign({ title: `Warm-up ${who.name}`, source: { kind: 'quiz', quizId: await s.quiz(ids) }, feedback: 'each', memberIds: [who.memberId] }).expect(201);
      const attempt = (await start(who, made.body.id).expect(201)).body;
      for (const [i, id] of ids.entries()) await answer(who, attempt.id, i, keys.get(id)!.wrong).expect(200);
      return ids;
    };
    const caraMissed = await setWeakness(cara, securityTopic);
    const danMissed = await setWeakness(dan, resilienceTopic);
    const weakest = await assign({ title: 'Your weak spots', source: { kind: 'weakest', count: 6 }, memberIds: [cara.memberId, dan.memberId] }).expect(201);
    expect(weakest.body).toMatchObject({ source: { kind: 'weakest', count: 6 }, questionCount: 6 });
    const drawn = async (who: Student) => {
      const attempt = (await start(who, weakest.body.id).expect(201)).body;
      const items = await s.t.db.attemptItem.findMany({ where: { attemptId: attempt.id }, orderBy: { position: 'asc' }, include: { question: { select: { topicId: true } } } });
      return items.map((i) => ({ id: i.questionId, topicId: i.question.topicId }));
    };
    const caraDraw = await drawn(cara);
    const danDraw = await drawn(dan);
    expect(caraDraw).toHaveLength(6);
    expect(danDraw).toHaveLength(6);
    // Each starts with their own missed topic, with a question they have not seen, and not the other's.
    expect(caraDraw[0]!.topicId).toBe(securityTopic);
    expect(danDraw[0]!.topicId).toBe(resilienceTopic);
    expect(caraMissed).not.toContain(caraDraw[0]!.id);
    expect(danMissed).not.toContain(danDraw[0]!.id);
    expect(caraDraw.map((q) => q.topicId)).not.toContain(resilienceTopic);
    expect(danDraw.map((q) => q.topicId)).not.toContain(securityTopic);
    expect(new Set(caraDraw.map((q) => q.topicId)).size).toBe(6);
  });

  it('lists, exports as CSV, closes and deletes for the class’s instructor only, with validated bodies', async () => {
    const made = await assign({ title: 'Export me', source: { kind: 'examMix', count: 12 } }).expect(201);
    expect(made.body).toMatchObject({ source: { kind: 'examMix', count: 12 }, questionCount: 12, status: 'open', closesAt: null });
    const listed = (await s.ada.agent.get(`/api/classes/${s.classId}/assignments`).expect(200)).body;
    documented('get', '/api/classes/:id/assignments', 200, listed);
    const list = listed.assignments;
    expect(list[0]).toMatchObject({ id: made.body.id, title: 'Export me' });
    const csv = await s.ada.agent.get(`/api/classes/${s.classId}/assignments/${made.body.id}?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('name,externalId,status,endedBy,answered,correct,questionCount,percent,scaledScore,startedAt,finishedAt,timeSpentMinutes');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Ana', 'Ben', 'Cara', 'Dan']);
    expect((await s.bob.agent.get(`/api/classes/${s.classId}/assignments`).expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await s.ada.agent.get(`/api/classes/${s.classId}/assignments/not-an-id`).expect(400)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'assignmentId' }] });
    expect((await s.ada.agent.get(`/api/classes/${s.classId}/assignments/${crypto.randomUUID()}`).expect(404)).body.error.code).toBe('ASSIGNMENT_NOT_FOUND');
    for (const body of [
      {},
      { title: 'x', source: { kind: 'lottery' } },
      { title: 'x', source: { kind: 'simulation' }, feedback: 'each' },
      { title: 'x', source: { kind: 'examMix', count: 10 }, closesAt: 'tomorrow' },
      { title: 'x', source: { kind: 'examMix', count: 10 }, closesAt: new Date(Date.now() - HOUR).toISOString() },
      { title: 'x', source: { kind: 'quiz', quizId: homework[0] } },
    ]) {
      expect((await assign(body).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await assign({ title: 'x', source: { kind: 'examMix', count: 10 }, memberIds: [crypto.randomUUID()] }).expect(404)).body.error.code).toBe('MEMBER_NOT_FOUND');
    expect((await assign({ title: 'x', source: { kind: 'blueprint', topics: ['sdlc.codebuild'], count: 100 } }).expect(400)).body.error.code).toBe('NOT_ENOUGH_QUESTIONS');

    const attempt = (await start(ana, made.body.id).expect(201)).body;
    const closed = (await s.ada.agent.post(`/api/classes/${s.classId}/assignments/${made.body.id}/close`).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', finished: 1 });
    documented('post', '/api/classes/:id/assignments/:assignmentId/close', 200, closed);
    expect((await s.ada.agent.post(`/api/classes/${s.classId}/assignments/${made.body.id}/close`).expect(409)).body.error.code).toBe('ASSIGNMENT_CLOSED');
    expect((await answer(ana, attempt.id, 0, [0]).expect(409)).body.error.code).toBe('ASSIGNMENT_CLOSED');
    await s.ada.agent.delete(`/api/classes/${s.classId}/assignments/${made.body.id}`).expect(204);
    expect((await s.ada.agent.get(`/api/classes/${s.classId}/assignments/${made.body.id}`).expect(404)).body.error.code).toBe('ASSIGNMENT_NOT_FOUND');
    expect((await s.ada.agent.delete(`/api/classes/${s.classId}/assignments/${made.body.id}`).expect(404)).body.error.code).toBe('ASSIGNMENT_NOT_FOUND');
    expect((await s.bob.agent.delete(`/api/classes/${s.classId}/assignments/${list[0].id}`).expect(403)).body.error.code).toBe('FORBIDDEN');
  });

  it('deletes an assignment from the class and its students\' lists, keeping every answer in their mastery and readiness', async () => {
    const keys = await s.keys(homework);
    const made = await assign({ title: 'Tidy me away', source: { kind: 'quiz', quizId: await s.quiz(homework) }, memberIds: [ana.memberId] }).expect(201);
    const attempt = (await start(ana, made.body.id).expect(201)).body;
    await answer(ana, attempt.id, 0, keys.get(homework[0]!)!.answer).expect(200);
    await answer(ana, attempt.id, 1, keys.get(homework[1]!)!.wrong).expect(200);
    const progress = async () => (await s.app.get('/api/student/progress').set(s.bearer(ana)).expect(200)).body.mastery.answerCount as number;
    const memberMastery = async () => {
      const { mastery, readiness } = (await s.ada.agent.get(`/api/classes/${s.classId}/members/${ana.memberId}/mastery`).expect(200)).body;
      return { answers: mastery.answerCount as number, readiness: readiness.domains.reduce((sum: number, d: { attempts: number }) => sum + d.attempts, 0) as number };
    };
    const classMastery = async () => (await s.ada.agent.get(`/api/classes/${s.classId}/mastery`).expect(200)).body.answerCount as number;
    // "end" mode: the two answers count once the attempt is over.
    const before = { progress: await progress(), member: await memberMastery(), klass: await classMastery() };

    await s.ada.agent.delete(`/api/classes/${s.classId}/assignments/${made.body.id}`).expect(204);
    const listed = (await s.ada.agent.get(`/api/classes/${s.classId}/assignments`).expect(200)).body.assignments;
    expect(listed.map((a: any) => a.id)).not.toContain(made.body.id);
    const mine = (await s.app.get('/api/student/assignments').set(s.bearer(ana)).expect(200)).body;
    expect(mine.assignments.map((a: any) => a.id)).not.toContain(made.body.id);
    expect((await start(ana, made.body.id).expect(404)).body.error.code).toBe('ASSIGNMENT_NOT_FOUND');
    // The attempt in progress ended with what it held, as at a closing time; nothing more is taken.
    const ended = (await s.app.get(`/api/student/attempts/${attempt.id}`).set(s.bearer(ana)).expect(200)).body;
    expect(ended).toMatchObject({ state: 'submitted', endedBy: 'closed', answered: 2, correct: 1 });
    expect((await answer(ana, attempt.id, 2, keys.get(homework[2]!)!.answer).expect(409)).body.error.code).toBe('ASSIGNMENT_CLOSED');
    expect((await s.app.get(`/api/student/attempts/${attempt.id}/result`).set(s.bearer(ana)).expect(200)).body).toMatchObject({ correct: 1, percent: 25 });
    expect(await s.t.db.answer.count({ where: { attemptId: attempt.id } })).toBe(2);
    // The answers stay in the student's and the class's numbers (now that the attempt is over, they count).
    expect(await progress()).toBe(before.progress + 2);
    expect(await memberMastery()).toEqual({ answers: before.member.answers + 2, readiness: before.member.readiness + 2 });
    expect(await classMastery()).toBe(before.klass + 2);
    const exported = (await s.ada.agent.get(`/api/classes/${s.classId}/members/${ana.memberId}/export`).expect(200)).body;
    expect(exported.attempts.map((a: any) => a.attemptId)).toContain(attempt.id);
  });

  it('answers malformed student requests with a validation error, never a server error', async () => {
    const made = await assign({ title: 'Bad input', source: { kind: 'quiz', quizId: await s.quiz(homework) }, memberIds: [ana.memberId] }).expect(201);
    const attempt = (await start(ana, made.body.id).expect(201)).body;
    const post = (path: string, body: unknown) => s.app.post(`/api/student/attempts/${attempt.id}/${path}`).set(s.bearer(ana)).send(body as object);
    for (const [path, body] of [
      ['answer', {}],
      ['answer', { position: -1, choices: [0] }],
      ['answer', { position: 0, choices: [] }],
      ['answer', { position: 0, choices: ['0'] }],
      ['answer', { position: 0.5, choices: [0] }],
      ['answer', { position: 0, choices: [0], extra: true }],
      ['move', { position: 'next' }],
      ['flag', { position: 0 }],
    ] as const) {
      expect((await post(path, body).expect(400)).body.error.code, `${path} ${JSON.stringify(body)}`).toBe('VALIDATION_FAILED');
    }
    expect((await post('answer', { position: 40, choices: [0] }).expect(400)).body.error.code).toBe('POSITION_OUT_OF_RANGE');
    expect((await post('move', { position: 1 }).expect(409)).body.error.code).toBe('NOT_A_SIMULATION');
    expect((await post('flag', { position: 1, flagged: true }).expect(409)).body.error.code).toBe('NOT_A_SIMULATION');
    expect((await s.app.get(`/api/student/attempts/${attempt.id}/questions/x`).set(s.bearer(ana)).expect(400)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'position' }] });
    expect((await s.app.get(`/api/student/attempts/${attempt.id}/questions/40`).set(s.bearer(ana)).expect(400)).body.error.code).toBe('POSITION_OUT_OF_RANGE');
    expect((await s.app.get(`/api/student/attempts/not-a-uuid`).set(s.bearer(ana)).expect(400)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'attemptId' }] });
    expect((await s.app.get(`/api/student/attempts/${crypto.randomUUID()}`).set(s.bearer(ana)).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
    expect((await s.app.post(`/api/student/assignments/not-a-uuid/attempt`).set(s.bearer(ana)).expect(400)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'assignmentId' }] });
    expect((await s.app.post(`/api/student/assignments/${crypto.randomUUID()}/attempt`).set(s.bearer(ana)).expect(404)).body.error.code).toBe('ASSIGNMENT_NOT_FOUND');
    expect((await s.app.get('/api/student/assignments').expect(401)).body.error.code).toBe('STUDENT_UNKNOWN');
    expect((await s.app.get('/api/student/progress?sources=live,nope').set(s.bearer(ana)).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await s.ada.agent.get('/api/analytics/topics?sources=').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('moves attempts with a merged identity, keeping the kept member’s attempt where both did one assignment', async () => {
    const [gus, gusAgain] = [await s.student('Gus'), await s.student('Gus Again')];
    const both = await assign({ title: 'Both did it', source: { kind: 'quiz', quizId: await s.quiz(homework) } }).expect(201);
    const onlyOne = await assign({ title: 'One did it', source: { kind: 'quiz', quizId: await s.quiz(homework) } }).expect(201);
    const kept = (await start(gus, both.body.id).expect(201)).body.id;
    const twin = (await start(gusAgain, both.body.id).expect(201)).body.id;
    const moved = (await start(gusAgain, onlyOne.body.id).expect(201)).body.id;
    await s.ada.agent.post(`/api/classes/${s.classId}/members/${gus.memberId}/merge`).send({ from: gusAgain.memberId }).expect(200);
    const owners = await s.t.db.attempt.findMany({ where: { id: { in: [kept, twin, moved] } }, select: { id: true, memberId: true } });
    expect(Object.fromEntries(owners.map((a) => [a.id, a.memberId]))).toEqual({ [kept]: gus.memberId, [twin]: null, [moved]: gus.memberId });
    // The merged browser now reaches both of Gus's attempts.
    expect((await s.app.get(`/api/student/attempts/${moved}`).set(s.bearer(gusAgain)).expect(200)).body.id).toBe(moved);
  });
});
