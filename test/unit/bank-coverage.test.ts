import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../seed/curriculum.ts';
import { readBankFiles, validateBanks } from '../../seed/loader.ts';

/** The editorial rules of the question banks, checked on the real files for every domain. */

const curriculum = loadCurriculum();
const { questions, problems } = validateBanks(curriculum, readBankFiles());

describe('question banks', () => {
  it('all load without a single validation problem (ids and prompts unique, keys in range)', () => {
    expect(problems).toEqual([]);
  });

  describe.each(curriculum.domains.map((d) => [d.id, d] as const))('%s', (_id, domain) => {
    const topicIds = new Set(domain.topics.map((t) => t.id));
    const bank = questions.filter((q) => topicIds.has(q.topic));
    const share = (predicate: (q: (typeof bank)[number]) => boolean) => bank.filter(predicate).length / bank.length;

    it('covers every topic with at least max(4, ceil(facts / 3)) questions', () => {
      const short = domain.topics
        .map((t) => ({ topic: t.id, have: bank.filter((q) => q.topic === t.id).length, need: Math.max(4, Math.ceil(t.factCount / 3)) }))
        .filter((row) => row.have < row.need);
      expect(short).toEqual([]);
    });

    it('mixes question types: >= 60% single, >= 15% multiple, <= 10% true/false', () => {
      expect(share((q) => q.type === 'single')).toBeGreaterThanOrEqual(0.6);
      expect(share((q) => q.type === 'multiple')).toBeGreaterThanOrEqual(0.15);
      expect(share((q) => q.type === 'truefalse')).toBeLessThanOrEqual(0.1);
    });

    it('has all three difficulties', () => {
      expect(new Set(bank.map((q) => q.difficulty))).toEqual(new Set([1, 2, 3]));
    });

    it('balances the correct position of 4-option questions (each position 20-30%)', () => {
      const fourOption = bank.filter((q) => q.type === 'single' && q.options.length === 4);
      const shares = [0, 1, 2, 3].map((i) => fourOption.filter((q) => q.answer[0] === i).length / fourOption.length);
      for (const s of shares) {
        expect(s).toBeGreaterThanOrEqual(0.2);
        expect(s).toBeLessThanOrEqual(0.3);
      }
    });

    it('does not give the answer away by making it the longest option', () => {
      const fourOption = bank.filter((q) => q.type === 'single' && q.options.length === 4);
      const longest = fourOption.filter((q) => {
        const lengths = q.options.map((o) => o.length);
        const correct = lengths[q.answer[0]!]!;
        return lengths.filter((l) => l >= correct).length === 1;
      });
      expect(longest.length / fourOption.length).toBeLessThanOrEqual(0.35);
    });

    it('explains every answer and avoids "all/none of the above"', () => {
      expect(bank.filter((q) => q.explanation.length < 40).map((q) => q.id)).toEqual([]);
      expect(bank.filter((q) => q.options.some((o) => /\b(all|none) of the above\b/i.test(o))).map((q) => q.id)).toEqual([]);
    });

    it('marks every multiple-response prompt with the number to choose', () => {
      const wrong = bank.filter((q) => q.type === 'multiple' && !q.prompt.endsWith(q.answer.length === 2 ? '(Choose two.)' : '(Choose three.)'));
      expect(wrong.map((q) => q.id)).toEqual([]);
    });
  });
});
