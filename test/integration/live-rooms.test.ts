import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, next, startLiveServer, type LiveServer } from '../support/live-server.ts';

describe('room lifecycle', () => {
  let server: LiveServer;
  let host: Awaited<ReturnType<LiveServer['instructor']>>;
  let quizId: string;

  beforeAll(async () => {
    server = await startLiveServer({ timings: { hostGraceMs: 400, hostUpdateMs: 200 } });
    host = await server.instructor();
    const quiz = await host.agent
      .post('/api/quizzes')
      .send({ title: 'Lifecycle', questions: [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 60 }] })
      .expect(201);
    quizId = quiz.body.id;
  });
  afterAll(() => server.close());

  it('ends a room whose host does not come back, frees its code and keeps the game queryable', async () => {
    const { code, gameId } = (await host.agent.post('/api/games').send({ quizId }).expect(201)).body;
    const hostSocket = server.host(host.cookie);
    await call(hostSocket, 'host:attach', { code });
    const student = server.player();
    await call(student, 'player:join', { code, nickname: 'Ana' });
    expect((await host.agent.get('/api/games/live').expect(200)).body).toEqual([expect.objectContaining({ code, gameId, phase: 'lobby' })]);

    const closed = next(student, 'room:closed');
    hostSocket.disconnect();
    expect(await closed).toEqual({ reason: 'host-left' });
    expect(server.rooms.localRoom(code)).toBeUndefined();
    expect(await call(server.player(), 'player:join', { code, nickname: 'Ben' })).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });

    const game = await host.agent.get(`/api/games/${gameId}`).expect(200);
    expect(game.body).toMatchObject({ status: 'ended', players: [{ nickname: 'Ana', score: 0 }] });
    expect((await host.agent.get('/api/games').expect(200)).body[0]).toMatchObject({ id: gameId, status: 'ended', playerCount: 1 });
  });

  it('keeps the room while the host reconnects within the grace time', async () => {
    const { code } = (await host.agent.post('/api/games').send({ quizId }).expect(201)).body;
    const first = server.host(host.cookie);
    await call(first, 'host:attach', { code });
    first.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = server.host(host.cookie);
    expect((await call(second, 'host:attach', { code })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.rooms.localRoom(code)?.isClosed).toBe(false);
  });

  it('sends answer progress to the host only, throttled', async () => {
    const { code } = (await host.agent.post('/api/games').send({ quizId }).expect(201)).body;
    const hostSocket = server.host(host.cookie);
    await call(hostSocket, 'host:attach', { code });
    const students = [];
    for (let i = 0; i < 20; i++) {
      const socket = server.player();
      await call(socket, 'player:join', { code, nickname: `S${i}` });
      students.push(socket);
    }
    const progress: { answered: number }[] = [];
    hostSocket.on('host:progress', (p) => progress.push(p));
    const leaked: string[] = [];
    for (const s of students) s.onAny((event) => event === 'host:progress' && leaked.push(event));
    await call(hostSocket, 'host:start');
    const answer = (await server.db.question.findUniqueOrThrow({ where: { id: 'sdlc.codebuild.001' } })).answer;
    await Promise.all(students.map((s) => call(s, 'player:answer', { questionIndex: 0, choices: answer })));
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThan(students.length);
    expect(progress.at(-1)).toMatchObject({ answered: 20, total: 20 });
    expect(leaked).toEqual([]);
  });
});
