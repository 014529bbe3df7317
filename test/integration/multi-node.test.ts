import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, signInFirstInstructor, type Cluster } from '../support/cluster.ts';
import { attachWithRoster, call, next } from '../support/live-server.ts';
import type { ServerProcess } from '../support/server-process.ts';

// Two 60-second questions answered by everyone, then a 5-second one that only its timer closes.
const QUESTIONS = [
  { questionId: 'sdlc.codebuild.001', timeLimitSec: 60 },
  { questionId: 'security.guardduty.001', timeLimitSec: 60 },
  { questionId: 'resilience.dr-tips.001', timeLimitSec: 5 },
];
const STUDENTS = 10;
// Deterministic scores: accuracy only, so response times do not matter.
const SETTINGS = { accuracyOnly: true };

type Student = { name: string; socket: Socket; playerId: string; token: string };
type Outcome = {
  told: Record<string, number>;
  players: { nickname: string; score: number }[];
  answers: { nickname: string; questionId: string; correct: boolean; points: number; chosen: number[] }[];
};

async function choicesOf(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ id: string; answer: number[]; options: string[] }>(
      'SELECT id, answer, options FROM "Question" WHERE id = ANY($1)',
      [QUESTIONS.map((q) => q.questionId)],
    );
    return new Map(
      rows.rows.map((q) => [q.id, { right: q.answer, wrong: q.options.map((_, i) => i).filter((i) => !q.answer.includes(i)).slice(0, q.answer.length) }]),
    );
  } finally {
    await client.end();
  }
}

async function storedOutcome(databaseUrl: string, gameId: string): Promise<Omit<Outcome, 'told'>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const players = await client.query('SELECT nickname, score FROM "Player" WHERE "gameId" = $1 ORDER BY nickname', [gameId]);
    const answers = await client.query(
      `SELECT p.nickname, a."questionId", a.correct, a.points, a.chosen FROM "Answer" a JOIN "Player" p ON p.id = a."playerId"
        WHERE a."gameId" = $1 ORDER BY p.nickname, a."questionId"`,
      [gameId],
    );
    return { players: players.rows, answers: answers.rows };
  } finally {
    await client.end();
  }
}

async function openGame(cluster: Cluster, node: ServerProcess, host: { agent: Awaited<ReturnType<typeof signInFirstInstructor>>['agent']; cookie: string }) {
  const quiz = await host.agent.post('/api/quizzes').send({ title: 'Across nodes', questions: QUESTIONS }).expect(201);
  const game = await host.agent.post('/api/games').send({ quizId: quiz.body.id, settings: SETTINGS }).expect(201);
  const hostSocket = cluster.open(node, '/host', host.cookie);
  const roster = await attachWithRoster(hostSocket, game.body.code);
  expect(roster.view).toMatchObject({ phase: 'lobby' });
  return { code: game.body.code as string, gameId: game.body.gameId as string, hostSocket, roster };
}

async function joinAll(cluster: Cluster, code: string, nodeOf: (i: number) => ServerProcess): Promise<Student[]> {
  const students: Student[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const socket = cluster.open(nodeOf(i), '/play');
    const ack = await call(socket, 'player:join', { code, nickname: `S${i}` });
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    students.push({ name: `S${i}`, socket, playerId: ack.playerId, token: ack.rejoinToken });
  }
  return students;
}

const wrongly = (i: number, q: number) => (i + q) % 3 === 0;

/** A whole game with the host on `hostNode` and student i on `nodeOf(i)`. */
async function playFullGame(cluster: Cluster, hostNode: ServerProcess, nodeOf: (i: number) => ServerProcess): Promise<Outcome> {
  const host = await signInFirstInstructor(hostNode);
  const choices = await choicesOf(cluster.databaseUrl);
  const { code, gameId, hostSocket, roster } = await openGame(cluster, hostNode, host);
  const students = await joinAll(cluster, code, nodeOf);
  await roster.until((players) => players.length === STUDENTS && players.every((p) => p.connected));

  const told: Record<string, number> = {};
  for (let q = 0; q < QUESTIONS.length; q++) {
    const { right, wrong } = choices.get(QUESTIONS[q]!.questionId)!;
    const shown = students.map((s) => next(s.socket, 'game:question', (v) => v.index === q));
    expect(await call(hostSocket, q === 0 ? 'host:start' : 'host:next')).toEqual({ ok: true });
    await Promise.all(shown);
    const reveals = students.map((s) => {
      const seen: unknown[] = [];
      s.socket.on('game:view', (v) => v.phase === 'reveal' && v.reveal.index === q && seen.push(v));
      return { seen, first: next(s.socket, 'game:view', (v) => v.phase === 'reveal') };
    });
    // On the timed question only every other student answers; its timer closes it.
    const answering = students.filter((_, i) => q < 2 || i % 2 === 0);
    const acks = await Promise.all(
      answering.map((s) => call(s.socket, 'player:answer', { questionIndex: q, choices: wrongly(students.indexOf(s), q) ? wrong : right })),
    );
    expect(acks.every((a) => a.ok), JSON.stringify(acks)).toBe(true);
    const views = await Promise.all(reveals.map((r) => r.first));
    for (const [i, view] of views.entries()) told[students[i]!.name] = view.result.score;
    if (q === 2) {
      // A timer that fired on two nodes would reveal twice.
      await new Promise((resolve) => setTimeout(resolve, 700));
      for (const r of reveals) expect(r.seen).toHaveLength(1);
    }
    const boards = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'leaderboard'));
    expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    await Promise.all(boards);
  }
  const podiums = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'podium'));
  expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
  for (const [i, view] of (await Promise.all(podiums)).entries()) expect(view.you.score).toBe(told[students[i]!.name]);
  return { told, ...(await storedOutcome(cluster.databaseUrl, gameId)) };
}

describe('two server processes sharing PostgreSQL and Redis', () => {
  let single: Outcome;

  beforeAll(async () => {
    const one = await startCluster({ nodes: 1, redis: false });
    try {
      single = await playFullGame(one, one.nodes[0]!, () => one.nodes[0]!);
    } finally {
      await one.close();
    }
  }, 120_000);

  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, redis: true, leaseMs: 1_500 });
  }, 120_000);
  afterAll(() => cluster?.close());

  it('plays a game to the podium with students split across nodes, ending exactly as on one node', async () => {
    const [a, b] = cluster.nodes as [ServerProcess, ServerProcess];
    const split = await playFullGame(cluster, a, (i) => (i % 2 === 0 ? a : b));
    expect(split.told).toEqual(single.told);
    expect(split.players).toEqual(single.players);
    expect(split.answers).toEqual(single.answers);
    expect(split.answers).toHaveLength(2 * STUDENTS + STUDENTS / 2);
    expect(split.players.map((p) => p.score)).toEqual(Object.keys(split.told).sort().map((name) => split.told[name]));
  }, 60_000);

  it('carries on when the owner node is killed mid-question: nothing accepted is lost, nothing counts twice', async () => {
    const [a, b] = cluster.nodes as [ServerProcess, ServerProcess];
    const client = (await import('supertest')).default.agent(a.url);
    const login = await client.post('/api/auth/login').send({ email: 'host@school.test', password: 'correct horse battery' }).expect(200);
    const host = { agent: client, cookie: login.headers['set-cookie']![0]!.split(';')[0]! };
    const choices = await choicesOf(cluster.databaseUrl);
    const { code, gameId, hostSocket } = await openGame(cluster, a, host);
    const students = await joinAll(cluster, code, (i) => (i % 2 === 0 ? a : b));
    expect(a.output()).toContain('rooms: shared through redis://');
    const { right, wrong } = choices.get(QUESTIONS[0]!.questionId)!;
    const pick = (i: number) => (wrongly(i, 0) ? wrong : right);

    expect(await call(hostSocket, 'host:start')).toEqual({ ok: true });
    // Six students answer before the crash, three on each node.
    const early = students.slice(0, 6);
    const acks = await Promise.all(early.map((s, i) => call(s.socket, 'player:answer', { questionIndex: 0, choices: pick(i) })));
    expect(acks.every((ack) => ack.ok), JSON.stringify(acks)).toBe(true);

    expect(await a.stop('SIGKILL')).toBeNull();

    // The host and node A's students come back through node B.
    const hostAgain = cluster.open(b, '/host', host.cookie);
    const attached = await call(hostAgain, 'host:attach', { code });
    expect(attached).toMatchObject({ ok: true, view: { phase: 'question', index: 0, progress: { answered: 6, total: STUDENTS } } });
    for (const [i, student] of students.entries()) {
      if (i % 2 !== 0) continue;
      const socket = cluster.open(b, '/play');
      const back = await call(socket, 'player:rejoin', { code, token: student.token });
      expect(back, JSON.stringify(back)).toMatchObject({ ok: true, playerId: student.playerId, view: { phase: 'question', answered: i < 6 } });
      student.socket = socket;
    }

    // Answers accepted before the crash count once: sending them again is refused.
    const again = await Promise.all(early.map((s, i) => call(s.socket, 'player:answer', { questionIndex: 0, choices: pick(i) })));
    expect(again.map((ack) => ack.error?.code)).toEqual(early.map(() => 'ALREADY_ANSWERED'));

    const reveals = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'reveal'));
    const late = students.slice(6);
    const lateAcks = await Promise.all(late.map((s, j) => call(s.socket, 'player:answer', { questionIndex: 0, choices: pick(6 + j) })));
    expect(lateAcks.every((ack) => ack.ok), JSON.stringify(lateAcks)).toBe(true);
    const views = await Promise.all(reveals);
    for (const [i, view] of views.entries()) expect(view.result.correct).toBe(!wrongly(i, 0));

    // The next question closes by its timer, now on node B, exactly once.
    expect(await call(hostAgain, 'host:next')).toEqual({ ok: true }); // leaderboard
    expect(await call(hostAgain, 'host:next')).toEqual({ ok: true }); // question 2 (60 s)
    const second = choices.get(QUESTIONS[1]!.questionId)!;
    const reveals2 = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'reveal'));
    expect((await Promise.all(students.map((s) => call(s.socket, 'player:answer', { questionIndex: 1, choices: second.right })))).every((x) => x.ok)).toBe(true);
    await Promise.all(reveals2);
    expect(await call(hostAgain, 'host:next')).toEqual({ ok: true });
    const shown = next(students[1]!.socket, 'game:question', (v) => v.index === 2);
    expect(await call(hostAgain, 'host:next')).toEqual({ ok: true }); // question 3 (5 s), nobody answers
    await shown;
    const seen: unknown[] = [];
    students[1]!.socket.on('game:view', (v) => v.phase === 'reveal' && seen.push(v));
    await next(students[1]!.socket, 'game:view', (v) => v.phase === 'reveal', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(seen).toHaveLength(1);
    expect(await call(hostAgain, 'host:next')).toEqual({ ok: true });
    const podiums = students.map((s) => next(s.socket, 'game:view', (v) => v.phase === 'podium'));
    expect(await call(hostAgain, 'host:next')).toEqual({ ok: true });
    const finals = await Promise.all(podiums);

    const stored = await storedOutcome(cluster.databaseUrl, gameId);
    expect(stored.answers).toHaveLength(2 * STUDENTS);
    expect(stored.answers.filter((row) => row.questionId === QUESTIONS[0]!.questionId)).toHaveLength(STUDENTS);
    for (const [i, final] of finals.entries()) {
      expect(stored.players.find((p) => p.nickname === `S${i}`)!.score).toBe(final.you.score);
      const first = stored.answers.find((row) => row.nickname === `S${i}` && row.questionId === QUESTIONS[0]!.questionId)!;
      expect(first.points).toBe(views[i]!.result.points);
      expect(first.correct).toBe(!wrongly(i, 0));
    }
    expect(b.output()).toContain(`room ${code}: taken over by node node-b`);
  }, 90_000);
});

describe('a node that does not own the room dies', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, redis: true, leaseMs: 1_500 });
  }, 120_000);
  afterAll(() => cluster?.close());

  it('shows its students as gone on the host screen within a few leases, and the rest as connected', async () => {
    const [a, b] = cluster.nodes as [ServerProcess, ServerProcess];
    const { code, hostSocket, roster } = await openGame(cluster, a, await signInFirstInstructor(a));
    const students = await joinAll(cluster, code, (i) => (i % 2 === 0 ? a : b));
    await roster.until((players) => players.length === STUDENTS && players.every((p) => p.connected));
    // A recount while both nodes are up (every two leases: 3 s here) counts node B's students too.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const before = await call(hostSocket, 'host:attach', { code });
    expect(before.roster.players.filter((p: { connected: boolean }) => p.connected)).toHaveLength(STUDENTS);

    // Node B sends no disconnects: it is gone. The owner recounts the cluster every two leases.
    expect(await b.stop('SIGKILL')).toBeNull();
    const onB = new Set(students.filter((_, i) => i % 2 === 1).map((s) => s.playerId));
    const players = await roster.until((now) => now.some((p) => !p.connected), 15_000);
    expect(players.map((p) => p.connected)).toEqual(players.map((p) => !onB.has(p.id)));
    expect((await call(hostSocket, 'host:attach', { code })).view.phase).toBe('lobby');
  }, 60_000);
});

describe('the owner freezes (still connected to Redis, answering nothing)', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, redis: true, leaseMs: 1_500, env: { ROOM_HOST_TIMEOUT_SEC: '10' } });
  }, 120_000);
  afterAll(async () => {
    cluster?.nodes[0]?.child.kill('SIGCONT');
    await cluster?.close();
  });

  it('lets the node taking the room over count the host and students it can see', async () => {
    const [a, b] = cluster.nodes as [ServerProcess, ServerProcess];
    // Node A opens the room and owns it; the host and every student are on node B.
    const { code, hostSocket: hostOnB } = await openGame(cluster, b, await signInFirstInstructor(a));
    await joinAll(cluster, code, () => b);

    // Node A stops answering but keeps its Redis connection, so asking the cluster who is in the
    // room waits for it in vain: node B takes the room over with the answers it has.
    a.child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const attached = await call(hostOnB, 'host:attach', { code });
    expect(attached).toMatchObject({ ok: true, view: { phase: 'lobby' } });
    expect(attached.roster.players.filter((p: { connected: boolean }) => p.connected)).toHaveLength(STUDENTS);
    // The host was counted too: the room does not end for want of a host who is right there.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(await call(hostOnB, 'host:start')).toEqual({ ok: true });
  }, 60_000);
});
