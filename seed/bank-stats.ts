import type { BankQuestion } from '../server/src/banks/question-schema.ts';
import { domainOf, hasSnippet, stemWordCount } from './bank-lint.ts';
import type { Curriculum } from './curriculum.ts';

/** Figures about a bank (or the whole set of banks): mix, stem lengths, snippets, key positions. */
export type BankStats = {
  count: number;
  style: { quick: number; exam: number };
  type: Record<string, number>;
  difficulty: Record<string, number>;
  /** Median words of the stem outside fenced code; null when there is no question of that style. */
  medianStemWords: { exam: number | null; quick: number | null };
  /** Share of exam-style questions whose prompt holds a fenced code block with a language. */
  examSnippetShare: number | null;
  /** Share of exam-style questions with difficulty 2 or 3. */
  examDifficulty23Share: number | null;
  /** 4-option single questions: how many have the key at position 0..3, and the shares. */
  keyPosition: { fourOptionSingles: number; counts: number[]; shares: number[] };
  /** Share of 4-option singles whose key is strictly the longest option. */
  keyLongestShare: number | null;
};

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const tally = (values: (string | number)[]) =>
  values.reduce<Record<string, number>>((acc, v) => ((acc[String(v)] = (acc[String(v)] ?? 0) + 1), acc), {});

export function bankStats(questions: BankQuestion[]): BankStats {
  const exam = questions.filter((q) => q.style === 'exam');
  const quick = questions.filter((q) => q.style !== 'exam');
  const four = questions.filter((q) => q.type === 'single' && q.options.length === 4);
  const counts = [0, 1, 2, 3].map((i) => four.filter((q) => q.answer[0] === i).length);
  const keyLongest = four.filter((q) => {
    const lengths = q.options.map((o) => o.length);
    const key = lengths[q.answer[0]!]!;
    return lengths.filter((l) => l >= key).length === 1;
  });
  return {
    count: questions.length,
    style: { quick: quick.length, exam: exam.length },
    type: tally(questions.map((q) => q.type)),
    difficulty: tally(questions.map((q) => q.difficulty)),
    medianStemWords: { exam: median(exam.map((q) => stemWordCount(q.prompt))), quick: median(quick.map((q) => stemWordCount(q.prompt))) },
    examSnippetShare: exam.length ? exam.filter((q) => hasSnippet(q.prompt)).length / exam.length : null,
    examDifficulty23Share: exam.length ? exam.filter((q) => q.difficulty >= 2).length / exam.length : null,
    keyPosition: {
      fourOptionSingles: four.length,
      counts,
      shares: counts.map((c) => (four.length ? c / four.length : 0)),
    },
    keyLongestShare: four.length ? keyLongest.length / four.length : null,
  };
}

/** Stats per domain (by topic id prefix) and over all questions. */
export function statsByDomain(questions: BankQuestion[]): { domain: string; stats: BankStats }[] {
  const domains = [...new Set(questions.map(domainOf))].sort();
  return [
    ...domains.map((domain) => ({ domain, stats: bankStats(questions.filter((q) => domainOf(q) === domain)) })),
    { domain: 'all', stats: bankStats(questions) },
  ];
}

/** The per-topic targets: exam >= max(3, round(facts/3)), quick >= 2, total >= max(4, ceil(facts/3)). */
export function topicTargets(factCount: number) {
  return { exam: Math.max(3, Math.round(factCount / 3)), quick: 2, total: Math.max(4, Math.ceil(factCount / 3)) };
}

export type TopicShortfall = {
  topic: string;
  have: { exam: number; quick: number; total: number };
  need: { exam: number; quick: number; total: number };
};

/** Topics of the curriculum (optionally one domain) that miss a target. */
export function topicShortfalls(curriculum: Curriculum, questions: BankQuestion[], domain?: string): TopicShortfall[] {
  return curriculum.domains
    .filter((d) => !domain || d.id === domain)
    .flatMap((d) => d.topics)
    .map((t) => {
      const mine = questions.filter((q) => q.topic === t.id);
      const exam = mine.filter((q) => q.style === 'exam').length;
      return { topic: t.id, have: { exam, quick: mine.length - exam, total: mine.length }, need: topicTargets(t.factCount) };
    })
    .filter((row) => row.have.exam < row.need.exam || row.have.quick < row.need.quick || row.have.total < row.need.total);
}

const pct = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);

export function formatStats(domain: string, s: BankStats): string {
  const mix = (r: Record<string, number>) =>
    Object.entries(r)
      .sort()
      .map(([k, v]) => `${k} ${v} (${pct(v / Math.max(1, s.count))})`)
      .join(', ');
  return [
    `${domain}: ${s.count} questions, exam ${s.style.exam} / quick ${s.style.quick}`,
    `  types: ${mix(s.type)}`,
    `  difficulty: ${mix(s.difficulty)}; exam at difficulty 2-3: ${pct(s.examDifficulty23Share)}`,
    `  median stem words: exam ${s.medianStemWords.exam ?? '-'}, quick ${s.medianStemWords.quick ?? '-'}`,
    `  exam snippet share: ${pct(s.examSnippetShare)}`,
    `  key position (4-option singles, n=${s.keyPosition.fourOptionSingles}): ${s.keyPosition.shares.map((x, i) => `${i}:${pct(x)}`).join(' ')}; key longest ${pct(s.keyLongestShare)}`,
  ].join('\n');
}
