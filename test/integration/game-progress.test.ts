import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { reduce, type GameState } from '../../server/src/game/index.ts';
import { saveProgress, snapshotState } from '../../server/src/games/game-repository.ts';
import { pgGameRecorder } from '../../server/src/games/pg-game-recorder.ts';
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

  it('sends a phase change as what changed, and stores the whole state when another writer replaced its last snapshot', async () => {
    const host = await server.instructor();
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Changes', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201);
    const { code, gameId } = (await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body as { code: string; gameId: string };
    const lobby = server.rooms.localRoom(code)!.currentState;
    const joined = reduce(lobby, { type: 'join', playerId: randomUUID(), nickname: 'Ana' }, 0);
    if (!joined.ok) throw new Error(joined.error.code);
    const stored = async () => snapshotState((await server.db.game.findUniqueOrThrow({ where: { id: gameId }, select: { snapshot: true } })).snapshot);
    const mine = pgGameRecorder(server.db, gameId);
    const at = (state: GameState, version: number, change: Partial<GameState> = {}): GameState => ({ ...state, ...change, version: lobby.version + version });

    await mine.saveProgress(at(joined.state, 10), {});
    // Only what changed is merged: a field the change does not touch keeps what the row holds.
    await server.db.$executeRaw`UPDATE "Game" SET snapshot = jsonb_set(snapshot, '{endedEarly}', 'true') WHERE id = ${gameId}::uuid`;
    await mine.saveProgress(at(joined.state, 11, { locked: true }), {});
    expect(await stored()).toEqual(at(joined.state, 11, { locked: true, endedEarly: true }));

    // A node that lost the room writes its own state of the same version: the next change here is
    // not merged into that one, the whole state is written.
    const [playerId, player] = Object.entries(joined.state.players)[0]!;
    await pgGameRecorder(server.db, gameId).saveProgress(at(joined.state, 11, { players: { [playerId]: { ...player, score: 999 } }, skipped: [0] }), {});
    expect((await stored()).skipped).toEqual([0]);
    const next = at(joined.state, 12, { phase: 'leaderboard' });
    await mine.saveProgress(next, {});
    expect(await stored()).toEqual(next);
  });
});
