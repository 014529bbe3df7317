import request from 'supertest';
import type { TestDatabase } from './database.ts';
import { createTestDatabase } from './database.ts';
import { testApp, type SignedIn } from './http.ts';

export type Student = { token: string; memberId: string; recoveryCode: string; name: string };
export type Key = { id: string; topicId: string; domainId: string; type: string; options: string[]; answer: number[]; explanation: string; wrong: number[] };

/**
 * A seeded database, the app over it with a clock the test moves (`clock.offsetMs`), Ada with a
 * class, a way to add students through the invite link, and the bank's keys to check results against.
 */
export async function assignmentClass() {
  const t: TestDatabase = await createTestDatabase({ seed: true });
  const clock = { offsetMs: 0 };
  const now = () => new Date(Date.now() + clock.offsetMs);
  const api = testApp(t.db, { clock: now });
  const app = request(api.app);
  const ada: SignedIn = await api.instructor('Ada');
  const bob: SignedIn = await api.instructor('Bob');
  const created = await ada.agent.post('/api/classes').send({ name: 'Cohort 9' }).expect(201);
  const classId: string = created.body.id;
  const invite: string = created.body.inviteUrl.split('/c/')[1];
  const bearer = (student: Pick<Student, 'token'>) => ({ Authorization: `Bearer ${student.token}` });

  async function student(name: string): Promise<Student> {
    const joined = await app.post(`/api/student/invite/${invite}/join`).send({ name }).expect(201);
    return { token: joined.body.token, memberId: joined.body.member.id, recoveryCode: joined.body.recoveryCode, name };
  }
  /** The same student on another device, by their recovery code. */
  async function secondDevice(of: Student): Promise<Student> {
    const moved = await app.post('/api/student/recover').send({ code: of.recoveryCode }).expect(201);
    return { ...of, token: moved.body.token, recoveryCode: moved.body.recoveryCode };
  }
  async function keys(ids: readonly string[]): Promise<Map<string, Key>> {
    const rows = await t.db.question.findMany({ where: { id: { in: [...ids] } }, include: { topic: { select: { domainId: true } } } });
    return new Map(
      rows.map((q) => {
        const wrongOptions = q.options.map((_, i) => i).filter((i) => !q.answer.includes(i));
        return [q.id, { id: q.id, topicId: q.topicId, domainId: q.topic.domainId, type: q.type, options: q.options, answer: q.answer, explanation: q.explanation, wrong: wrongOptions.slice(0, q.answer.length) }];
      }),
    );
  }
  /** Question ids of a topic, in id order. */
  async function questionsOf(topicId: string, style?: 'quick' | 'exam'): Promise<string[]> {
    const rows = await t.db.question.findMany({ where: { topicId, archivedAt: null, ...(style ? { style } : {}) }, orderBy: { id: 'asc' }, select: { id: true } });
    return rows.map((r) => r.id);
  }
  async function quiz(questionIds: string[], title = 'Homework'): Promise<string> {
    const made = await ada.agent.post('/api/quizzes').send({ title, questions: questionIds.map((questionId) => ({ questionId })) }).expect(201);
    return made.body.id;
  }
  return { t, app, ada, bob, classId, clock, now, bearer, student, secondDevice, keys, questionsOf, quiz };
}
