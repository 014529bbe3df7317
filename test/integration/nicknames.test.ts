import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startLiveServer, type LiveServer } from '../support/live-server.ts';

/** Look-alike nicknames over the real protocol, and what the host, the database and the CSV export get. */
describe('look-alike nicknames in a live room', () => {
  let server: LiveServer;
  let host: Awaited<ReturnType<LiveServer['instructor']>>;

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
  });
  afterAll(() => server.close());

  it('refuses every look-alike of a name in the room and exports the names as shown', async () => {
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Names', questions: [{ questionId: 'sdlc.codebuild.001' }] }).expect(201);
    const { code, gameId } = (await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201)).body as { code: string; gameId: string };
    const hostSocket = server.host(host.cookie);
    await call(hostSocket, 'host:attach', { code });
    expect(await call(server.player(), 'player:join', { code, nickname: 'Ana' })).toMatchObject({ ok: true });

    const lookalikes = ['Ana\u200B', '\u200BAna', '\u0410na', '\uFF21\uFF4E\uFF41', 'Ana\uFE0F', 'A\u0301na', '\u202EAna'];
    for (const nickname of lookalikes) {
      expect(await call(server.player(), 'player:join', { code, nickname }), JSON.stringify(nickname)).toMatchObject({ ok: false, error: { code: 'NICKNAME_TAKEN' } });
    }
    // A name of its own, typed with an RTL override and a zero-width space, is shown without them.
    const ben = await call(server.player(), 'player:join', { code, nickname: '\u202ENEB\u200B' });
    expect(ben).toMatchObject({ ok: true, view: { you: { nickname: 'NEB' } } });
    const attached = await call(hostSocket, 'host:attach', { code });
    expect(attached.roster.players.map((p: { nickname: string }) => p.nickname)).toEqual(['Ana', 'NEB']);

    expect((await server.db.player.findMany({ where: { gameId }, orderBy: { joinedAt: 'asc' } })).map((p) => p.nickname)).toEqual(['Ana', 'NEB']);
    expect(await call(hostSocket, 'host:end')).toMatchObject({ ok: true });
    const csv = await host.agent.get(`/api/games/${gameId}/report`).query({ format: 'csv', table: 'students' }).expect(200);
    const rows = parse(csv.text.replace(/^\uFEFF/, ''), { columns: true }) as { nickname: string }[];
    expect(rows.map((row) => row.nickname).sort()).toEqual(['Ana', 'NEB']);
    expect(csv.text).not.toMatch(/[\u200B\u202E\u0410]/);
  });
});
