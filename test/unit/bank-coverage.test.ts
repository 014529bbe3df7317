import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../seed/curriculum.ts';
import { readBankFiles, validateBanks } from '../../seed/loader.ts';
import { hasSnippet, lintQuestions, stemWordCount } from '../../seed/bank-lint.ts';
import { median, topicShortfalls } from '../../seed/bank-stats.ts';

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

/** The exam-grade targets of the banks and the checker of seed/bank-lint.ts (npm run -s bank:check). */
describe('exam-grade banks', () => {
  const exam = questions.filter((q) => q.style === 'exam');
  const findings = lintQuestions(questions);

  it.each(curriculum.domains.map((d) => [d.id, d.id] as const))('%s has no lint finding (npm run -s bank:check -- %s)', (domain) => {
    const mine = findings.filter((f) => f.id.startsWith(`${domain}.`));
    expect(mine.map((f) => `${f.id} ${f.rule}: ${f.message}`)).toEqual([]);
  });

  it('has at least 800 exam-style questions in all', () => {
    expect(exam.length, `${exam.length} exam-style questions`).toBeGreaterThanOrEqual(800);
  });

  it('shows a fenced snippet with a language in at least 15% of exam questions', () => {
    const share = exam.filter((q) => hasSnippet(q.prompt)).length / Math.max(1, exam.length);
    expect(share, `snippet share ${(share * 100).toFixed(1)}% of ${exam.length}`).toBeGreaterThanOrEqual(0.15);
  });

  it('has a median exam stem of at least 60 words (fenced code excluded)', () => {
    const mid = median(exam.map((q) => stemWordCount(q.prompt))) ?? 0;
    expect(mid, `median exam stem ${mid} words`).toBeGreaterThanOrEqual(60);
  });

  it('meets every topic target: exam >= max(3, round(facts/3)), quick >= 2, total >= max(4, ceil(facts/3))', () => {
    const short = topicShortfalls(curriculum, questions).map(
      (s) => `${s.topic} exam ${s.have.exam}/${s.need.exam} quick ${s.have.quick}/${s.need.quick} total ${s.have.total}/${s.need.total}`,
    );
    expect(short).toEqual([]);
  });

  it('keeps at least 90% of exam questions at difficulty 2-3', () => {
    const easy = exam.filter((q) => q.difficulty < 2).map((q) => q.id);
    const share = 1 - easy.length / Math.max(1, exam.length);
    expect(share, `difficulty 2-3 share ${(share * 100).toFixed(1)}%; difficulty 1: ${easy.join(', ')}`).toBeGreaterThanOrEqual(0.9);
  });

  it('records currencyReviewed in every bank file', () => {
    const missing = readBankFiles()
      .filter(({ content }) => {
        try {
          return !(JSON.parse(content) as { currencyReviewed?: unknown }).currencyReviewed;
        } catch {
          return true;
        }
      })
      .map(({ file }) => file);
    expect(missing).toEqual([]);
  });
});
