import { describe, expect, it } from 'vitest';
import { createGame, questionView, readingTimeMs } from '../../../server/src/game/index.ts';
import { toGameQuestion } from '../../../server/src/games/game-questions.ts';
import { apply, refusal, singleQuestion } from '../../support/game-fixtures.ts';

const withReading = (readingMs: number) =>
  apply(apply(createGame({ questions: [singleQuestion({ readingMs, timeLimitMs: 20_000 })], settings: { seed: 1 } }), { type: 'join', playerId: 'p1', nickname: 'Ada' }), { type: 'start' }, 0);

describe('the reading time of a question', () => {
  it('grows with the prose and the code of a prompt, nothing for a short question, at most 45 s', () => {
    expect(readingTimeMs('Which service stores build artifacts?')).toBe(0);
    const stem = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    expect(readingTimeMs(stem)).toBe(17_000);
    const code = '```yaml\n' + Array.from({ length: 10 }, (_, i) => `key${i}: value`).join('\n') + '\n```';
    expect(readingTimeMs(`${stem}\n\n${code}`)).toBe(22_000);
    expect(readingTimeMs(Array(400).fill('word').join(' '))).toBe(45_000);
  });

  it('counts words that hold a letter or a digit, and rounds half seconds up, as docs/protocol.md says', () => {
    // 14 words and two stray marks: 14 / 4 - 3 = 0.5 s, rounded up to 1 s.
    expect(readingTimeMs(`${Array(14).fill('word').join(' ')} - |`)).toBe(1_000);
    expect(readingTimeMs(Array(13).fill('word').join(' '))).toBe(0);
    // Blank lines of a code block do not count: 14 words and 2 code lines = 3.5 + 1 - 3 = 1.5 s -> 2 s.
    expect(readingTimeMs(`${Array(14).fill('word').join(' ')}\n\n\`\`\`json\n{\n\n}\n\`\`\``)).toBe(2_000);
  });

  it('gives an exam-style question its reading time from its length when the quiz leaves it automatic, a quick one none', () => {
    const prompt = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const row = { id: 'q', topicId: 't', type: 'single' as const, prompt, options: ['a', 'b'], answer: [0], explanation: 'e' };
    const item = { timeLimitSec: 20, readingSec: null, doublePoints: false };
    expect(toGameQuestion({ ...row, style: 'exam' }, item).readingMs).toBe(17_000);
    expect(toGameQuestion({ ...row, style: 'quick' }, item).readingMs).toBe(0);
    expect(toGameQuestion({ ...row, style: 'quick' }, { ...item, readingSec: 6 }).readingMs).toBe(6_000);
    expect(toGameQuestion({ ...row, style: 'exam' }, { ...item, readingSec: 0 }).readingMs).toBe(0);
  });

    it('keeps answers closed while the question is read, then counts response time from when they open', () => {
    const state = withReading(5_000);
    expect(questionView(state, 1_000)).toMatchObject({ readingMs: 5_000, answersOpenInMs: 4_000, remainingMs: 24_000 });
    expect(refusal(state, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1] }, 4_999)).toBe('ANSWERS_NOT_OPEN');
    const answered = apply(state, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1] }, 7_000);
    expect(answered.phase).toBe('reveal');
    expect(answered.players.p1!.totalResponseMs).toBe(2_000);
  });

  it('judges an answer by when it arrived, not when it is processed', () => {
    const state = withReading(0);
    // Arrived at 19.9 s, processed after the deadline: in time, with its arrival response time.
    const late = apply(state, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1], atMs: 19_900 }, 25_000);
    expect(late.players.p1!.totalResponseMs).toBe(19_900);
    expect(refusal(state, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1], atMs: 20_000 }, 10)).toBe('TIME_UP');
  });

  it('backdates a pause to when the room stopped serving, so that time is not lost', () => {
    const state = withReading(0);
    const paused = apply(state, { type: 'pause', by: 'server', sinceMs: 3_000 }, 15_000);
    expect(questionView(paused, 15_000)).toMatchObject({ paused: true, remainingMs: 17_000 });
    const resumed = apply(paused, { type: 'resume' }, 15_000);
    expect(questionView(resumed, 15_000)).toMatchObject({ paused: false, remainingMs: 17_000 });
    const answered = apply(resumed, { type: 'answer', playerId: 'p1', questionIndex: 0, choices: [1] }, 16_000);
    expect(answered.players.p1!.totalResponseMs).toBe(4_000);
  });
});
