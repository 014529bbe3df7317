import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, next, openRoom, record, startLiveServer, type Instructor, type LiveServer } from '../support/live-server.ts';

/**
 * What the host and each student receive does not grow with the room: a room of 10 and one of
 * 300 play the same question, and every message after the host attached (roster changes, views,
 * progress) and every join ack is the same size within a few bytes (digits of counts and times,
 * nicknames of the top five).
 */
const QUESTION = 'sdlc.codebuild.001';
const SMALL = 10;
const LARGE = 300;
/** Bytes two rooms' messages may differ by: longer counts, times, scores and nicknames. */
const SLACK = 80;

const bytes = (payload: unknown) => Buffer.byteLength(JSON.stringify(payload));

type Traffic = {
  joinAck: number;
  /** Largest message of each event the host got after it attached. */
  host: Record<string, number>;
  hostTotal: number;
  /** What one student got for the question: the question, the answer's ack, the reveal, the leaderboard. */
  student: number;
};

describe('traffic that does not grow with the room', () => {
  let server: LiveServer;
  let host: Instructor;
  let right: number[];

  beforeAll(async () => {
    server = await startLiveServer();
    host = await server.instructor();
    right = (await server.db.question.findUniqueOrThrow({ where: { id: QUESTION } })).answer;
  });
  afterAll(() => server.close());

  async function join(code: string, nickname: string) {
    const socket = server.player();
    const ack = await call(socket, 'player:join', { code, nickname });
    if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
    return { socket, ack };
  }

  /** Fills a room with `size` students, then one more joins and the room plays one question. */
  async function play(size: number): Promise<Traffic> {
    const { code, hostSocket, roster } = await openRoom(server, host, [{ questionId: QUESTION, timeLimitSec: 60 }]);
    const students: Socket[] = [];
    for (let i = 0; i < size; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, size - i) }, (_, j) => join(code, `Student ${i + j + 1}`)));
      students.push(...batch.map((joined) => joined.socket));
    }
    await roster.until((players) => players.length === size && players.every((p) => p.connected));

    const hostLog = record(hostSocket);
    const last = await join(code, 'Latecomer');
    students.push(last.socket);
    await roster.until((players) => players.length === size + 1 && players.every((p) => p.connected));

    const studentLog = record(last.socket);
    const shown = students.map((socket) => next(socket, 'game:question'));
    expect(await call(hostSocket, 'host:start')).toEqual({ ok: true });
    await Promise.all(shown);
    const revealed = next(hostSocket, 'host:view', (v) => v.phase === 'reveal');
    const acks = await Promise.all(students.map((socket) => call(socket, 'player:answer', { questionIndex: 0, choices: right })));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await revealed;
    const leaderboard = next(last.socket, 'game:view', (v) => v.phase === 'leaderboard');
    expect(await call(hostSocket, 'host:next')).toEqual({ ok: true });
    await leaderboard;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last throttled progress

    const largest: Record<string, number> = {};
    for (const { event, payload } of hostLog) largest[event] = Math.max(largest[event] ?? 0, bytes(payload));
    const answerAck = bytes(acks.at(-1));
    return {
      joinAck: bytes(last.ack),
      host: largest,
      hostTotal: hostLog.reduce((sum, { payload }) => sum + bytes(payload), 0),
      student: studentLog.reduce((sum, { payload }) => sum + bytes(payload), answerAck),
    };
  }

  it('sends the host and a student the same bytes in a room of 300 as in a room of 10', async () => {
    const small = await play(SMALL);
    const large = await play(LARGE);

    expect(Object.keys(large.host).sort()).toEqual(['host:progress', 'host:roster', 'host:view']);
    expect(Object.keys(small.host).sort()).toEqual(Object.keys(large.host).sort());
    for (const [event, size] of Object.entries(large.host)) {
      expect(Math.abs(size - small.host[event]!), `${event}: ${small.host[event]} bytes with ${SMALL} players, ${size} with ${LARGE}`).toBeLessThan(SLACK);
    }
    // Progress messages come at most four a second, however many answer: a few more of them at most.
    expect(Math.abs(large.hostTotal - small.hostTotal)).toBeLessThan(4 * SLACK + 4 * small.host['host:progress']!);
    expect(Math.abs(large.joinAck - small.joinAck), `join ack: ${small.joinAck} and ${large.joinAck} bytes`).toBeLessThan(SLACK);
    expect(Math.abs(large.student - small.student), `a student's question: ${small.student} and ${large.student} bytes`).toBeLessThan(SLACK);
    // A four-option question, from its arrival to the leaderboard, in under 2 KB.
    expect(large.student).toBeLessThan(2048);
  }, 120_000);
});
