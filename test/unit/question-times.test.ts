import { describe, expect, it } from 'vitest';
import { questionTimes } from '../../web/src/shared/question-times.ts';

/** What a screen shows of a question's clocks: reading first, then the time to answer. */
describe('a question on screen', () => {
  const question = { remainingMs: 35_000, answersOpenInMs: 5_000, timeLimitMs: 30_000, paused: false };

  it('counts the reading time down with the full answering time still ahead', () => {
    expect(questionTimes(question, 1_000, 1_000)).toEqual({ readingLeftMs: 5_000, answeringLeftMs: 30_000 });
    expect(questionTimes(question, 1_000, 3_500)).toEqual({ readingLeftMs: 2_500, answeringLeftMs: 30_000 });
  });

  it('then counts the answering time down, to zero and no further', () => {
    expect(questionTimes(question, 1_000, 8_000)).toEqual({ readingLeftMs: 0, answeringLeftMs: 28_000 });
    expect(questionTimes(question, 1_000, 60_000)).toEqual({ readingLeftMs: 0, answeringLeftMs: 0 });
  });

  it('stands still while paused', () => {
    expect(questionTimes({ ...question, paused: true }, 1_000, 20_000)).toEqual({ readingLeftMs: 5_000, answeringLeftMs: 30_000 });
  });

  it('opens a question without reading time at once', () => {
    expect(questionTimes({ ...question, remainingMs: 12_000, answersOpenInMs: 0 }, 0, 2_000)).toEqual({ readingLeftMs: 0, answeringLeftMs: 10_000 });
  });
});
