import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGame, reduce, type GameState } from '../../server/src/game/index.ts';
import { createGameRecord, gameAnswerRows, snapshotState } from '../../server/src/games/game-repository.ts';
import { pgGameRecorder } from '../../server/src/games/pg-game-recorder.ts';
import type { GameRecorder } from '../../server/src/rooms/game-recorder.ts';
import { MemoryGameRecorder } from '../../server/src/rooms/memory-game-recorder.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { numberedQuestion } from '../support/game-fixtures.ts';

/** What a recorder holds, read back the same way for every implementation. */
type Stored = {
  players: { id: string; nickname: string; kicked: boolean; score: number; joinSeq: number | null }[];
  answers: { playerId: string; questionId: string; chosen: readonly number[] }[];
  /** Positions of the questions marked skipped. */
  skipped: number[];
  snapshotVersion: number | null;
  /** The state the last snapshot holds, as a restart would read it. */
  snapshot: GameState | null;
};
type Harness = { recorder: () => Promise<{ recorder: GameRecorder; stored: () => Promise<Stored> }>; setup?: () => Promise<void>; teardown?: () => Promise<void> };

let t: TestDatabase | undefined;
const QUESTIONS = [numberedQuestion(1), numberedQuestion(2)];

const implementations: Record<string, Harness> = {
  memory: {
    recorder: async () => {
      const recorder = new MemoryGameRecorder();
      return {
        recorder,
        stored: async () => ({
          players: [...recorder.players.values()].map(({ id, nickname, kicked, score, joinSeq }) => ({ id, nickname, kicked, score, joinSeq: joinSeq ?? null })),
          answers: [...recorder.answers.values()].map(({ playerId, questionId, chosen }) => ({ playerId, questionId, chosen })),
          skipped: [...recorder.skipped].sort(),
          snapshotVersion: recorder.snapshot?.version ?? null,
          snapshot: recorder.snapshot,
        }),
      };
    },
  },
  postgresql: {
    setup: async () => {
      t = await createTestDatabase({ seed: true });
    },
    teardown: () => t!.close(),
    recorder: async () => {
      const db = t!.db;
      const instructor = await db.instructor.create({ data: { email: `${randomUUID()}@school.test`, name: 'Host', passwordHash: 'x' } });
      const gameId = await createGameRecord(db, {
        instructorId: instructor.id,
        quizId: null,
        title: 'Contract',
        roomCode: randomUUID().slice(0, 6).toUpperCase(),
        settings: { streakBonus: true, accuracyOnly: false, podiumSize: 3, showLeaderboard: true, shuffleOptions: false, seed: 1 },
        items: [
          { questionId: 'sdlc.codebuild.001', position: 0, timeLimitSec: 20, readingSec: null, doublePoints: false },
          { questionId: 'sdlc.codebuild.002', position: 1, timeLimitSec: 20, readingSec: null, doublePoints: false },
        ],
      });
      return {
        recorder: pgGameRecorder(db, gameId),
        stored: async () => {
          const game = await db.game.findUniqueOrThrow({
            where: { id: gameId },
            include: { players: { orderBy: [{ joinedAt: 'asc' }, { nickname: 'asc' }] }, questions: { where: { skipped: true }, orderBy: { position: 'asc' } } },
          });
          return {
            players: game.players.map((p) => ({ id: p.id, nickname: p.nickname, kicked: p.kickedAt !== null, score: p.score, joinSeq: p.joinSeq })),
            answers: (await gameAnswerRows(db, gameId)).map(({ playerId, questionId, chosen }) => ({ playerId, questionId, chosen })),
            skipped: game.questions.map((q) => q.position),
            snapshotVersion: (game.snapshot as { version?: number } | null)?.version ?? null,
            snapshot: game.snapshot === null ? null : snapshotState(game.snapshot),
          };
        },
      };
    },
  },
};

// The PostgreSQL game plays real bank questions: the engine's fixtures are given their ids.
const game = (): GameState =>
  createGame({ questions: QUESTIONS.map((q, i) => ({ ...q, id: `sdlc.codebuild.00${i + 1}`, topicId: 'sdlc.codebuild' })), settings: { seed: 1 } });
const step = (state: GameState, command: Parameters<typeof reduce>[1], now = 0) => {
  const result = reduce(state, command, now);
  if (!result.ok) throw new Error(result.error.code);
  return result;
};
const newPlayer = (nickname: string) => ({ id: randomUUID(), nickname, rejoinTokenHash: randomUUID() });
const answer = (playerId: string, questionId: string, chosen: number[]) => ({ playerId, questionId, topicId: 'sdlc.codebuild', chosen, correct: false, responseMs: 900, points: 0 });

describe.each(Object.entries(implementations))('the %s game recorder', (_name, harness) => {
  beforeAll(async () => harness.setup?.());
  afterAll(async () => harness.teardown?.());

  it('stores players who join together, skipping a nickname the game already holds (ignoring case)', async () => {
    const { recorder, stored } = await harness.recorder();
    const [ana, ben, anaAgain] = [newPlayer('Ana'), newPlayer('Ben'), newPlayer('ANA')];
    expect(await recorder.addPlayers([ana, ben])).toEqual(new Set([ana.id, ben.id]));
    expect(await recorder.addPlayers([anaAgain])).toEqual(new Set());
    expect((await stored()).players.map((p) => p.nickname)).toEqual(['Ana', 'Ben']);
    expect(await recorder.rejoinTokens()).toEqual(new Map([[ana.rejoinTokenHash, ana.id], [ben.rejoinTokenHash, ben.id]]));
  });

  it('frees the nickname of a player whose join was taken back', async () => {
    const { recorder } = await harness.recorder();
    const ana = newPlayer('Ana');
    await recorder.addPlayers([ana]);
    await recorder.removePlayers([ana.id]);
    const again = newPlayer('Ana');
    expect(await recorder.addPlayers([again])).toEqual(new Set([again.id]));
  });

  it('keeps the first answer of a player to a question', async () => {
    const { recorder, stored } = await harness.recorder();
    const ana = newPlayer('Ana');
    await recorder.addPlayers([ana]);
    await recorder.addAnswers([answer(ana.id, 'sdlc.codebuild.001', [1])]);
    await recorder.addAnswers([answer(ana.id, 'sdlc.codebuild.001', [2])]);
    expect((await stored()).answers).toEqual([{ playerId: ana.id, questionId: 'sdlc.codebuild.001', chosen: [1] }]);
  });

  it('records removals, leaves and skips, and keeps a removed nickname taken but a left one free', async () => {
    const { recorder, stored } = await harness.recorder();
    const [ana, ben] = [newPlayer('Ana'), newPlayer('Ben')];
    await recorder.addPlayers([ana, ben]);
    let state = step(game(), { type: 'join', playerId: ana.id, nickname: 'Ana' }).state;
    state = step(state, { type: 'join', playerId: ben.id, nickname: 'Ben' }).state;
    const kicked = step(state, { type: 'kick', playerIds: [ana.id] });
    await recorder.recordStep(state, kicked.state, kicked.events);
    const left = step(kicked.state, { type: 'leave', playerId: ben.id });
    await recorder.recordStep(kicked.state, left.state, left.events);
    expect((await stored()).players.map((p) => [p.nickname, p.kicked])).toEqual([['Ana', true], ['Ben', false]]);
    expect(await recorder.addPlayers([newPlayer('ana')])).toEqual(new Set());
    expect((await recorder.addPlayers([newPlayer('ben')])).size).toBe(1);
  });

  it('marks a skipped question and deletes its answers', async () => {
    const { recorder, stored } = await harness.recorder();
    const ana = newPlayer('Ana');
    await recorder.addPlayers([ana]);
    let state = step(game(), { type: 'join', playerId: ana.id, nickname: 'Ana' }).state;
    state = step(state, { type: 'start' }).state;
    await recorder.addAnswers([answer(ana.id, 'sdlc.codebuild.001', [0])]);
    await recorder.addAnswers([answer(ana.id, 'sdlc.codebuild.002', [0])]);
    expect((await stored()).skipped).toEqual([]);
    const skipped = step(state, { type: 'skip' }, 10);
    await recorder.recordStep(state, skipped.state, skipped.events);
    expect(await stored()).toMatchObject({ answers: [{ playerId: ana.id, questionId: 'sdlc.codebuild.002' }], skipped: [0] });
  });

  it('stores scores and a snapshot at a phase change, and never an older snapshot over a newer one', async () => {
    const { recorder, stored } = await harness.recorder();
    const ana = newPlayer('Ana');
    await recorder.addPlayers([ana]);
    const joined = step(game(), { type: 'join', playerId: ana.id, nickname: 'Ana' }).state;
    const started = step(joined, { type: 'start' });
    await recorder.recordStep(joined, started.state, started.events);
    expect((await stored()).snapshotVersion).toBe(started.state.version);
    const scored = { ...started.state, version: started.state.version + 5, players: { [ana.id]: { ...started.state.players[ana.id]!, score: 950 } } };
    await recorder.saveProgress(scored, {});
    await recorder.saveProgress(started.state, {});
    const after = await stored();
    expect(after.snapshotVersion).toBe(scored.version);
    expect(after.players[0]!.score).toBe(950);
  });

  it('holds the whole state of the last phase change as its snapshot, through a game of joins, answers, removals and skips', async () => {
    const { recorder, stored } = await harness.recorder();
    const players = [newPlayer('Ana'), newPlayer('Ben'), newPlayer('Cy'), newPlayer('Dee')];
    await recorder.addPlayers(players.slice(0, 3));
    let state = game();
    const play = async (command: Parameters<typeof reduce>[1], now: number) => {
      const result = step(state, command, now);
      await recorder.recordStep(state, result.state, result.events);
      state = result.state;
    };
    for (const player of players.slice(0, 3)) await play({ type: 'join', playerId: player.id, nickname: player.nickname }, 0);
    await play({ type: 'start' }, 1_000);
    expect((await stored()).snapshot).toEqual(state);
    // A late join, answers (the last one reveals), the leaderboard: each phase change stored.
    await recorder.addPlayers([players[3]!]);
    await play({ type: 'join', playerId: players[3]!.id, nickname: 'Dee' }, 2_000);
    await play({ type: 'answer', playerId: players[0]!.id, questionIndex: 0, choices: [1], atMs: 3_000 }, 3_000);
    await play({ type: 'answer', playerId: players[1]!.id, questionIndex: 0, choices: [0], atMs: 4_000 }, 4_000);
    await play({ type: 'kick', playerIds: [players[2]!.id] }, 4_500);
    await play({ type: 'answer', playerId: players[3]!.id, questionIndex: 0, choices: [1], atMs: 5_000 }, 5_000);
    expect(state.phase).toBe('reveal');
    expect((await stored()).snapshot).toEqual(state);
    await play({ type: 'next' }, 6_000);
    expect((await stored()).snapshot).toEqual(state);
    await play({ type: 'next' }, 7_000);
    await play({ type: 'answer', playerId: players[0]!.id, questionIndex: 1, choices: [1], atMs: 8_000 }, 8_000);
    // Skipping the last question ends the game.
    await play({ type: 'skip' }, 9_000);
    expect(state.phase).toBe('podium');
    expect((await stored()).snapshot).toEqual(state);
  });

  it('keeps the order players joined in, as the room has it at the last phase change', async () => {
    const { recorder, stored } = await harness.recorder();
    const [ana, ben] = [newPlayer('Ana'), newPlayer('Ben')];
    await recorder.addPlayers([{ ...ana, joinSeq: 0 }, { ...ben, joinSeq: 2 }]);
    expect((await stored()).players.map((p) => p.joinSeq)).toEqual([0, 2]);
    let state = step(game(), { type: 'join', playerId: ana.id, nickname: 'Ana' }).state;
    state = step(state, { type: 'join', playerId: ben.id, nickname: 'Ben' }).state;
    const started = step(state, { type: 'start' });
    await recorder.recordStep(state, started.state, started.events);
    expect((await stored()).players.map((p) => p.joinSeq)).toEqual([0, 1]);
  });
});
