import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../support/database.ts';
import { call } from '../support/live-server.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/** A single node stopped mid-game (SIGTERM, or killed outright) resumes every live game on its next start. */
describe('restarting the server mid-game', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let server: ServerProcess;
  let cookie: string;
  let agent: ReturnType<typeof request.agent>;
  const sockets: Socket[] = [];

  const open = (namespace: string, headers?: Record<string, string>) => {
    const socket = connect(`${server.url}${namespace}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
    sockets.push(socket);
    return socket;
  };
  const restart = async (signal: NodeJS.Signals) => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    const code = await server.stop(signal);
    expect(code).toBe(signal === 'SIGTERM' ? 0 : null);
    server = await startServer({ DATABASE_URL: database.url });
    agent = request.agent(server.url);
  };

  beforeAll(async () => {
    database = await createEmptyDatabase();
    server = await startServer({ DATABASE_URL: database.url });
    agent = request.agent(server.url);
    const setup = await agent.post('/api/auth/setup').send({ email: 'ada@school.test', name: 'Ada', password: 'analytical engine' }).expect(201);
    cookie = setup.headers['set-cookie']![0]!.split(';')[0]!;
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await database?.drop();
  });

  async function correctChoices(questionId: string) {
    const res = await agent.get(`/api/questions/${questionId}`).set('Cookie', cookie).expect(200);
    return res.body.answer as number[];
  }

  /** A one-question game in its lobby with the host attached. */
  async function openGame(title: string, questionId: string, timeLimitSec: number) {
    const quiz = await agent.post('/api/quizzes').set('Cookie', cookie).send({ title, questions: [{ questionId, timeLimitSec }] }).expect(201);
    const { code } = (await agent.post('/api/games').set('Cookie', cookie).send({ quizId: quiz.body.id }).expect(201)).body;
    const host = open('/host', { cookie });
    await call(host, 'host:attach', { code });
    return { code: code as string, host };
  }

  it('resumes after SIGTERM with the question paused and every answer and score kept', { timeout: 90_000 }, async () => {
    const quiz = await agent
      .post('/api/quizzes')
      .set('Cookie', cookie)
      .send({ title: 'Restart', questions: [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 60 }, { questionId: 'sdlc.codebuild.002', timeLimitSec: 60 }] })
      .expect(201);
    const { code, gameId } = (await agent.post('/api/games').set('Cookie', cookie).send({ quizId: quiz.body.id }).expect(201)).body;
    const host = open('/host', { cookie });
    await call(host, 'host:attach', { code });
    const tokens: string[] = [];
    for (const nickname of ['Ana', 'Ben', 'Cleo']) {
      const joined = await call(open('/play'), 'player:join', { code, nickname });
      tokens.push(joined.rejoinToken);
    }
    const players = sockets.slice(1);
    await call(host, 'host:start');
    const right = await correctChoices('sdlc.codebuild.001');
    expect((await call(players[0]!, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);
    expect((await call(players[1]!, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);

    await restart('SIGTERM');
    expect(server.output()).toContain('live games resumed: 1');

    // Students come back first: the clock is still stopped for them.
    const back = [];
    for (const token of tokens) back.push(await call(open('/play'), 'player:rejoin', { code, token }));
    expect(back.map((b) => b.ok)).toEqual([true, true, true]);
    expect(back.map((b) => [b.view.phase, b.view.answered])).toEqual([['question', true], ['question', true], ['question', false]]);
    expect(back[2].view.question.paused).toBe(true);
    const remaining = back[2].view.question.remainingMs;
    expect(remaining).toBeGreaterThan(30_000);
    expect(remaining).toBeLessThanOrEqual(60_000);

    // The host returns and the clock runs again from where it stopped.
    const hostAgain = open('/host', { cookie });
    const attached = await call(hostAgain, 'host:attach', { code });
    expect(attached.ok).toBe(true);
    const cleo = sockets.at(-2)!;
    const reveal = new Promise<any>((resolve) => cleo.on('game:view', (v: any) => v.phase === 'reveal' && resolve(v)));
    const answered = await call(cleo, 'player:answer', { questionIndex: 0, choices: right });
    expect(answered).toEqual({ ok: true, questionIndex: 0 });
    const result = (await reveal).result;
    expect(result).toMatchObject({ correct: true, answered: true });

    const { default: pg } = await import('pg');
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const answers = await sql.query('SELECT count(*)::int AS n FROM "Answer" WHERE "gameId" = $1', [gameId]);
    const scores = await sql.query('SELECT nickname, score FROM "Player" WHERE "gameId" = $1 ORDER BY nickname', [gameId]);
    const sums = await sql.query('SELECT p.nickname, sum(a.points)::int AS total FROM "Answer" a JOIN "Player" p ON p.id = a."playerId" WHERE a."gameId" = $1 GROUP BY p.nickname ORDER BY p.nickname', [gameId]);
    await sql.end();
    expect(answers.rows[0].n).toBe(3);
    expect(scores.rows.map((r) => r.score)).toEqual(sums.rows.map((r) => r.total));
    expect(scores.rows.every((r) => r.score > 0)).toBe(true);
  });

  it('resumes after being killed outright, with the answers stored before the kill', { timeout: 90_000 }, async () => {
    const { code, host } = await openGame('Crash', 'sdlc.codebuild.003', 120);
    const ana = await call(open('/play'), 'player:join', { code, nickname: 'Ana' });
    const ben = await call(open('/play'), 'player:join', { code, nickname: 'Ben' });
    await call(host, 'host:start');
    const right = await correctChoices('sdlc.codebuild.003');
    expect((await call(sockets.at(-2)!, 'player:answer', { questionIndex: 0, choices: right })).ok).toBe(true);

    await restart('SIGKILL');

    const anaBack = await call(open('/play'), 'player:rejoin', { code, token: ana.rejoinToken });
    expect(anaBack).toMatchObject({ ok: true, view: { phase: 'question', answered: true } });
    // Her stored answer counts once: a second try is refused.
    expect(await call(sockets.at(-1)!, 'player:answer', { questionIndex: 0, choices: right })).toMatchObject({ ok: false, error: { code: 'ALREADY_ANSWERED' } });
    const benSocket = open('/play');
    expect((await call(benSocket, 'player:rejoin', { code, token: ben.rejoinToken })).ok).toBe(true);
    // The host comes back as the web app does: a question the crash stopped runs again with them
    // (docs/protocol.md, Failover), whether or not the server had marked the room served before the kill.
    expect(await call(open('/host', { cookie }), 'host:attach', { code })).toMatchObject({ ok: true, view: { phase: 'question' } });
    const reveal = new Promise<any>((resolve) => benSocket.on('game:view', (v: any) => v.phase === 'reveal' && resolve(v)));
    expect(await call(benSocket, 'player:answer', { questionIndex: 0, choices: right })).toEqual({ ok: true, questionIndex: 0 });
    const view = await reveal;
    expect(view.reveal.answeredCount).toBe(2);
  });

  it('keeps a question the host paused paused across a restart, until the host resumes it', { timeout: 90_000 }, async () => {
    const { code, host } = await openGame('Paused on purpose', 'sdlc.codebuild.002', 60);
    const ana = await call(open('/play'), 'player:join', { code, nickname: 'Ana' });
    expect(await call(host, 'host:start')).toEqual({ ok: true });
    expect(await call(host, 'host:pause')).toEqual({ ok: true });

    await restart('SIGTERM');

    const hostAgain = open('/host', { cookie });
    const attached = await call(hostAgain, 'host:attach', { code });
    expect(attached).toMatchObject({ ok: true, view: { phase: 'question', question: { paused: true } } });
    // The host's return does not start the clock: the host paused it, the host resumes it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const student = open('/play');
    const back = await call(student, 'player:rejoin', { code, token: ana.rejoinToken });
    expect(back).toMatchObject({ ok: true, view: { phase: 'question', question: { paused: true } } });
    expect(await call(student, 'player:answer', { questionIndex: 0, choices: [0] })).toMatchObject({ ok: false, error: { code: 'PAUSED' } });

    const running = new Promise<any>((resolve) => student.on('game:question', (q: any) => q.paused === false && resolve(q)));
    expect(await call(hostAgain, 'host:resume')).toEqual({ ok: true });
    expect((await running).remainingMs).toBeGreaterThan(50_000);
  });
});
