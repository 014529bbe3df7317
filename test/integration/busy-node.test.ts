import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, signInFirstInstructor, type Cluster } from '../support/cluster.ts';
import { rosterDigest } from '../../server/src/protocol.ts';
import { attachWithRoster, call, record } from '../support/live-server.ts';
import { connectTestRedis } from '../support/redis.ts';
import type { ServerProcess } from '../support/server-process.ts';

/**
 * A node's heartbeat comes from a worker thread: a main thread busy for longer than the
 * heartbeat's lifetime (a question sent to thousands of sockets) still looks alive, and one that
 * stays stuck stops beating and loses its rooms. Both nodes run the default lease (9 s) and
 * heartbeat (2 s); node A's main thread stops on SIGUSR2 until the test releases it.
 */
const QUESTIONS = [{ questionId: 'sdlc.codebuild.001', timeLimitSec: 60 }];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`never happened: ${what}`);
    await sleep(100);
  }
}

describe('a node whose main thread is busy or stuck', () => {
  const release = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-stall-')), 'release');
  let cluster: Cluster;
  let redis: Awaited<ReturnType<typeof connectTestRedis>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let host: Awaited<ReturnType<typeof signInFirstInstructor>>;

  beforeAll(async () => {
    cluster = await startCluster({
      nodes: 2,
      redis: true,
      leaseMs: 9_000,
      env: { NODE_OPTIONS: `--import ${path.resolve(import.meta.dirname, '../support/stall-on-signal.mjs')}`, STALL_RELEASE_FILE: release },
    });
    [a, b] = cluster.nodes as [ServerProcess, ServerProcess];
    redis = await connectTestRedis();
    host = await signInFirstInstructor(a);
  }, 120_000);
  afterAll(async () => {
    fs.writeFileSync(release, '');
    await redis?.close();
    await cluster?.close();
    fs.rmSync(path.dirname(release), { recursive: true, force: true });
  });

  const aliveKey = (node: string) => `${cluster.prefix}node:${node}:alive`;
  const ownerOf = (code: string) => redis.client.get(`${cluster.prefix}owner:${code}`);

  /** A room node A opens and owns, with its host and a student on node B. */
  async function roomOfNodeA() {
    const quiz = await host.agent.post('/api/quizzes').send({ title: 'Busy node', questions: QUESTIONS }).expect(201);
    const game = await host.agent.post('/api/games').send({ quizId: quiz.body.id }).expect(201);
    const code = game.body.code as string;
    const hostSocket = cluster.open(b, '/host', host.cookie);
    const heard = record(hostSocket);
    const roster = await attachWithRoster(hostSocket, code);
    expect(roster.view).toMatchObject({ phase: 'lobby' });
    expect(await call(cluster.open(b, '/play'), 'player:join', { code, nickname: 'First' })).toMatchObject({ ok: true });
    await roster.until((players) => players.length === 1 && players[0]!.connected);
    expect(await ownerOf(code)).toBe('node-a');
    return { code, hostSocket, roster, heard };
  }

  it('keeps its rooms while its main thread is busy for twice the heartbeat lifetime', async () => {
    const { code } = await roomOfNodeA();
    a.child.kill('SIGUSR2');
    // A join through node B waits for the owner, which is alive, only busy.
    const joined = call(cluster.open(b, '/play'), 'player:join', { code, nickname: 'During' });
    for (let i = 0; i < 16; i++) {
      expect(await redis.client.exists(aliveKey('node-a'))).toBe(1);
      await sleep(250);
    }
    fs.writeFileSync(release, '');
    expect(await joined).toMatchObject({ ok: true });
    expect(await ownerOf(code)).toBe('node-a');
    expect(b.output()).not.toContain(`room ${code}: taken over`);
    expect(a.output()).not.toContain(`room ${code}: lease lost`);
  }, 60_000);

  it('loses its rooms when its main thread stays stuck, and stops saying it is alive', async () => {
    const { code, hostSocket, roster, heard } = await roomOfNodeA();
    const rosterUpdates = () => heard.filter(({ event }) => event === 'host:roster').map(({ payload }) => payload);
    const firstEpoch = rosterUpdates()[0].epoch;
    a.child.kill('SIGUSR2');
    await eventually(async () => (await redis.client.exists(aliveKey('node-a'))) === 0, "node A's heartbeat ran out");
    await eventually(async () => (await ownerOf(code)) === 'node-b', 'node B took the room over');
    // Node B numbers the roster afresh once it has counted who is connected, in an update that
    // lists no one; the host's copy is right, so attaching again brings no list.
    await eventually(async () => rosterUpdates().some((update) => update.epoch !== firstEpoch), 'node B numbered the roster afresh');
    expect(rosterUpdates().find((update) => update.epoch !== firstEpoch)).toMatchObject({ seq: 1, joined: [], gone: [], connected: [], disconnected: [] });
    const again = await call(hostSocket, 'host:attach', { code, have: rosterDigest(roster.players()) });
    expect(again).toMatchObject({ ok: true, roster: { players: null } });
    expect(roster.players()).toMatchObject([{ nickname: 'First', connected: true }]);
    // A copy that is wrong gets the whole roster.
    const wrong = await call(hostSocket, 'host:attach', { code, have: rosterDigest([]) });
    expect(wrong.roster.players).toMatchObject([{ nickname: 'First', connected: true }]);

    // The room serves on node B; its student and host are there.
    expect(await call(hostSocket, 'host:start')).toEqual({ ok: true });
    expect(b.output()).toContain(`room ${code}: taken over by node node-b`);

    // Node A runs again: it beats again, steps down, and the room stays on node B.
    fs.writeFileSync(release, '');
    await eventually(async () => a.output().includes(`room ${code}: lease lost; stepping down`), 'node A stepped down');
    await eventually(async () => (await redis.client.exists(aliveKey('node-a'))) === 1, "node A's heartbeat is back");
    expect(await ownerOf(code)).toBe('node-b');
    expect(a.output()).toContain('heartbeat stopped: the main thread has not run for');
  }, 60_000);
});
