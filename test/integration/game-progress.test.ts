import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProgress } from '../../server/src/games/game-repository.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';

/** What a room writes to PostgreSQL at its phase changes, seen from the Game row. */
describe('storing a game\'s progress', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer();
  }, 60_000);
  afterAll(() => server?.close());

  it('never replaces a newer snapshot with an older one, and keeps the first start time', async () => {
    const host = await server.instructor();
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Progress', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201);
    const { code, gameId } = (await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body as { code: string; gameId: string };
    const state = server.rooms.localRoom(code)!.currentState;
    const row = () => server.db.game.findUniqueOrThrow({ where: { id: gameId }, select: { status: true, startedAt: true, endedAt: true, snapshot: true } });

    const started = new Date('2026-11-29T09:00:00Z');
    await saveProgress(server.db, gameId, { ...state, version: 5 }, { status: 'running', startedAt: started });
    // A node that lost the room writes what it had: an older version.
    await saveProgress(server.db, gameId, { ...state, version: 3, phase: 'podium' }, { status: 'ended', endedAt: new Date() });
    expect(await row()).toMatchObject({ status: 'running', startedAt: started, endedAt: null, snapshot: { version: 5, phase: 'lobby' } });

    // A later start (a node taking the room over) keeps the first start time.
    await saveProgress(server.db, gameId, { ...state, version: 6 }, { status: 'running', startedAt: new Date('2026-11-29T10:00:00Z') });
    expect(await row()).toMatchObject({ startedAt: started, snapshot: { version: 6 } });
  });
});
