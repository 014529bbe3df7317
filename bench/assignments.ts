/**
 * 200 students doing the same assignment at once on one node, every answer acknowledged only
 * once stored:
 *
 *   npm run bench:assignments -- [--students 200] [--questions 20] [--think-ms 400] [--feedback end|each]
 *
 * Starts the real server (server/src/main.ts) on a scratch database of the local PostgreSQL
 * (BENCH_DATABASE_URL names the server), creates an instructor, a class and its students through
 * the HTTP API, assigns a saved quiz of `--questions` questions, and lets every student start
 * their attempt and answer question after question, each waiting for the acknowledgement and then
 * a random think time (0 to 2 x `--think-ms`). Ack = the time from sending
 * POST /api/student/attempts/:id/answer to its 200. Then the same students and pacing against the
 * floor (bench/bare-assignment-server.ts: bare Express + one INSERT of the same row), in the same
 * run and on the same database server. Checks that every acknowledged answer is in PostgreSQL.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { scratchDatabase, spawnNode, stop, type Proc } from './processes.ts';

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '200' },
    questions: { type: 'string', default: '20' },
    'think-ms': { type: 'string', default: '400' },
    feedback: { type: 'string', default: 'end' },
  },
});
const STUDENTS = Number(args.students);
const QUESTIONS = Number(args.questions);
const THINK_MS = Number(args['think-ms']);

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return { json: text ? JSON.parse(text) : null, cookie: response.headers.get('set-cookie') ?? '' };
}

type Student = { token: string; attemptId: string };
type Question = { id: string; topicId: string; answer: number[] };

/** Every student answers every question in order; returns the ack times and the wall time. */
async function drive(students: Student[], questions: Question[], answer: (s: Student, position: number, q: Question) => Promise<void>) {
  const acks: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    students.map(async (student, k) => {
      await sleep((k / students.length) * THINK_MS);
      for (const [position, question] of questions.entries()) {
        const sent = performance.now();
        try {
          await answer(student, position, question);
          acks.push(performance.now() - sent);
        } catch (error) {
          errors++;
          if (errors <= 3) console.error(String(error).slice(0, 300));
        }
        await sleep(Math.random() * 2 * THINK_MS);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { answers: acks.length, errors, perSecond: round(acks.length / seconds), p50: round(percentile(acks, 50)), p99: round(percentile(acks, 99)), max: round(Math.max(...acks)) };
}

async function main() {
  const database = await scratchDatabase();
  let server: Proc | undefined;
  let bare: Proc | undefined;
  try {
    server = await spawnNode(['server/src/main.ts'], { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.url }, /ready in [\d.]+ s: http:\/\/localhost:(\d+)/);
    const api = `${server.url}/api`;
    const setup = await call(`${api}/auth/setup`, 'POST', { email: 'bench@school.test', name: 'Bench', password: 'correct horse battery' });
    const cookie = { cookie: setup.cookie.split(';')[0]! };
    const klass = (await call(`${api}/classes`, 'POST', { name: 'Bench class' }, cookie)).json;
    const invite = klass.inviteUrl.split('/c/')[1];
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const questions: Question[] = (
      await sql.query<Question>(`SELECT id, "topicId", answer FROM "Question" WHERE style = 'exam' AND type = 'single' ORDER BY id LIMIT $1`, [QUESTIONS])
    ).rows;
    const quiz = (await call(`${api}/quizzes`, 'POST', { title: 'Bench quiz', questions: questions.map((q) => ({ questionId: q.id })) }, cookie)).json;
    const assignment = (await call(`${api}/classes/${klass.id}/assignments`, 'POST', { title: 'Bench assignment', source: { kind: 'quiz', quizId: quiz.id }, feedback: args.feedback }, cookie)).json;

    const students: Student[] = [];
    for (let i = 0; i < STUDENTS; i++) {
      const joined = (await call(`${api}/student/invite/${invite}/join`, 'POST', { name: `Student ${i + 1}` })).json;
      students.push({ token: joined.token, attemptId: '' });
    }
    // Everyone opens the assignment at the same moment.
    await Promise.all(
      students.map(async (s) => {
        s.attemptId = (await call(`${api}/student/assignments/${assignment.id}/attempt`, 'POST', undefined, { authorization: `Bearer ${s.token}` })).json.id;
      }),
    );
    console.log(`${STUDENTS} students, ${QUESTIONS} questions each, think time 0-${2 * THINK_MS} ms, feedback ${args.feedback}; one node, PostgreSQL ${(await sql.query('SHOW server_version')).rows[0].server_version}`);

    const ours = await drive(students, questions, async (s, position, q) => {
      const ack = (await call(`${api}/student/attempts/${s.attemptId}/answer`, 'POST', { position, choices: q.answer }, { authorization: `Bearer ${s.token}` })).json;
      if (!ack.ok || ack.position !== position) throw new Error(`unexpected ack ${JSON.stringify(ack).slice(0, 200)}`);
    });
    const stored = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Answer" WHERE source = 'assignment'`)).rows[0]!.n;
    const finished = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Attempt" WHERE "submittedAt" IS NOT NULL`)).rows[0]!.n;
    await stop(server);
    server = undefined;

    bare = await spawnNode(['bench/bare-assignment-server.ts'], { BARE_DATABASE_URL: database.url }, /bare ready: (\d+)/);
    const floor = await drive(students, questions, async (s, _position, q) => {
      await call(`${bare!.url}/attempts/${s.attemptId}/answer`, 'POST', { questionId: q.id, topicId: q.topicId, choices: q.answer });
    });
    const bareStored = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM bare_answer')).rows[0]!.n;
    await sql.end();

    const line = (label: string, r: Awaited<ReturnType<typeof drive>>) =>
      console.log(`${label.padEnd(34)} answers ${r.answers} (${r.errors} errors), ${r.perSecond}/s   ack p50 ${r.p50} ms   p99 ${r.p99} ms   max ${r.max} ms`);
    line('quiz server (assignment answers)', ours);
    line('bare floor (Express + INSERT)', floor);
    console.log(`stored: ${stored} of ${ours.answers} acknowledged answers, ${finished} of ${STUDENTS} attempts submitted by their last answer; bare floor stored ${bareStored} of ${floor.answers}`);
    console.log(`p99 ack against the floor: ${round(ours.p99 / floor.p99)}x; target p99 < 50 ms: ${ours.p99 < 50 ? 'met' : 'missed'}`);
    if (stored !== ours.answers || finished !== STUDENTS) process.exitCode = 1;
  } finally {
    if (server) await stop(server);
    if (bare) await stop(bare);
    await database.drop();
  }
}

await main();
