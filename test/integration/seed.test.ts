import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../seed/curriculum.ts';
import { QUESTIONS_DIR, readBankFiles, seed, SeedError } from '../../seed/loader.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const curriculum = loadCurriculum();
const bankQuestionCount = readBankFiles().reduce((n, f) => n + JSON.parse(f.content).questions.length, 0);

describe('seeding the question banks', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('loads every domain, topic and question on the first run', async () => {
    const summary = await seed(t.db);
    expect(summary.domains).toBe(7);
    expect(summary.topics).toBe(201);
    expect(summary.questions).toEqual({ created: bankQuestionCount, updated: 0, unchanged: 0, archived: 0, restored: 0 });
    expect(await t.db.domain.count()).toBe(7);
    expect(await t.db.topic.count()).toBe(curriculum.domains.reduce((n, d) => n + d.topics.length, 0));
    expect(await t.db.question.count()).toBe(bankQuestionCount);
  });

  it('changes nothing when run again on the same files', async () => {
    const before = await t.db.question.findMany({ orderBy: { id: 'asc' } });
    const summary = await seed(t.db);
    expect(summary.questions).toEqual({ created: 0, updated: 0, unchanged: bankQuestionCount, archived: 0, restored: 0 });
    expect(await t.db.question.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('updates an edited question in place and archives a dropped one, keeping its answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banks-'));
    for (const file of readBankFiles()) fs.writeFileSync(path.join(dir, file.file), file.content);
    const sdlc = JSON.parse(fs.readFileSync(path.join(QUESTIONS_DIR, 'sdlc.json'), 'utf8'));
    const [edited, dropped] = sdlc.questions;
    edited.explanation = `${edited.explanation} (revised)`;
    sdlc.questions = sdlc.questions.filter((q: { id: string }) => q.id !== dropped.id);
    fs.writeFileSync(path.join(dir, 'sdlc.json'), JSON.stringify(sdlc));

    // Someone answered the question that is about to leave the bank.
    const instructor = await t.db.instructor.create({ data: { email: 'seed@test', name: 'Seed', passwordHash: 'x' } });
    const game = await t.db.game.create({
      data: { instructorId: instructor.id, title: 'History', roomCode: 'ABCDEF', settings: {}, status: 'ended' },
    });
    const player = await t.db.player.create({ data: { gameId: game.id, nickname: 'Ana', nicknameKey: 'ana', rejoinTokenHash: 'h' } });
    await t.db.answer.create({
      data: { gameId: game.id, playerId: player.id, questionId: dropped.id, topicId: dropped.topic, chosen: [0], correct: true, responseMs: 1200, points: 900 },
    });

    const summary = await seed(t.db, dir);
    expect(summary.questions).toMatchObject({ created: 0, updated: 1, archived: 1, unchanged: bankQuestionCount - 2 });
    expect((await t.db.question.findUniqueOrThrow({ where: { id: edited.id } })).explanation).toMatch(/\(revised\)$/);
    expect((await t.db.question.findUniqueOrThrow({ where: { id: dropped.id } })).archivedAt).toBeInstanceOf(Date);
    expect(await t.db.answer.count({ where: { questionId: dropped.id } })).toBe(1);

    // Putting it back restores it.
    const restored = await seed(t.db);
    expect(restored.questions).toMatchObject({ updated: 1, restored: 1, archived: 0 });
    expect((await t.db.question.findUniqueOrThrow({ where: { id: dropped.id } })).archivedAt).toBeNull();
  });

  it('writes nothing when a file is broken, and names every problem', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banks-'));
    const q = {
      id: 'sdlc.codebuild.999', topic: 'sdlc.codebuild', type: 'single', prompt: 'Which service compiles and tests code?',
      options: ['AWS CodeBuild', 'AWS CodeDeploy', 'AWS CodeCommit'], answer: [3],
      explanation: 'CodeBuild runs builds and tests; CodeDeploy only deploys.', difficulty: 1, timeLimitSec: 20,
    };
    fs.writeFileSync(path.join(dir, 'sdlc.json'), JSON.stringify({ domain: 'sdlc', questions: [q, q] }));
    const before = await t.db.question.count();
    const error = await seed(t.db, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).message).toContain('sdlc.json: sdlc.codebuild.999 answer.0: correct index 3 is out of range (3 options)');
    expect((error as SeedError).problems).toHaveLength(2);
    expect(await t.db.question.count()).toBe(before);
  });
});
