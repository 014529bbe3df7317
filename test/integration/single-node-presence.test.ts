import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, openRoom, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

/**
 * A server without Redis recounts who is connected to its rooms now and then, as a cluster
 * does, but from its own sockets only: there is no other node to ask, and Socket.IO's in-memory
 * adapter warns on every server-side emit.
 */
describe('presence on a single node', () => {
  let server: LiveServer;
  let host: Instructor;

  beforeAll(async () => {
    // Only the recount's interval is driven by the test; every other timer runs for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    server = await startLiveServer();
    host = await server.instructor();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await server.close();
  });

  it('recounts from its own sockets, asking no other node', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const { code, hostSocket } = await openRoom(server, host, [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 30 }]);
      const ana = server.player();
      const joined = await call(ana, 'player:join', { code, nickname: 'Ana' });
      await vi.advanceTimersByTimeAsync(120_000);
      expect(warn.mock.calls.flat().join('\n')).not.toContain('serverSideEmit');
      expect((await call(hostSocket, 'host:players', {})).players).toEqual([expect.objectContaining({ id: joined.playerId, connected: true })]);
    } finally {
      warn.mockRestore();
    }
  });
});
