import { describe, expect, it } from 'vitest';
import {
  cueWordFindings,
  documentFrequency,
  examLengthFindings,
  hasSnippet,
  lintQuestions,
  nearDuplicateFindings,
  optionLengthFindings,
  stemWordCount,
  truismFindings,
} from '../../seed/bank-lint.ts';
import { bankStats, topicShortfalls } from '../../seed/bank-stats.ts';
import type { BankQuestion } from '../../server/src/banks/question-schema.ts';

/** Each rule of the bank checker fires on a crafted bad question and stays quiet on a good one. */

const words = (n: number, word = 'workload') => Array.from({ length: n }, () => word).join(' ');

const base: BankQuestion = {
  id: 'resilience.dms.901',
  topic: 'resilience.dms',
  style: 'quick',
  type: 'single',
  prompt: 'A retailer must move an on-premises MySQL database to Amazon RDS while the source keeps serving orders. Which AWS DMS setting keeps the target current?',
  options: ['A full load followed by ongoing replication', 'A full load task run once each night', 'A schema conversion run with AWS SCT', 'A Multi-AZ replication instance only'],
  answer: [0],
  explanation: 'Full load plus ongoing replication (CDC) keeps the target current until cutover; a nightly full load leaves a day of lag.',
  difficulty: 2,
  timeLimitSec: 30,
};

const q = (over: Partial<BankQuestion>): BankQuestion => ({ ...base, ...over });

/** A filler bank in which ordinary words are common and the crafted cue words are rare. */
const filler: BankQuestion[] = Array.from({ length: 100 }, (_, i) =>
  q({
    id: `resilience.dms.${String(100 + i)}`,
    prompt: `Team ${i} runs a database migration task with a full load and a replication instance. Which setting should it use for task ${i}?`,
    options: ['A full load task', 'A replication instance', 'A schema conversion run', 'A validation task'],
  }),
);

describe('cue-word', () => {
  const bad = q({
    prompt: 'Which AWS DMS capability keeps replicating ongoing changes from the source after the initial load?',
    options: ['Schema Conversion Tool', 'Multi-AZ replication instance', 'Change data capture (CDC)', 'S3 Batch Replication'],
    answer: [2],
  });
  const df = documentFrequency([...filler, bad]);

  it('flags a stem phrase that reappears only in the key ("ongoing changes" -> "Change data capture")', () => {
    const findings = cueWordFindings(bad, df);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: bad.id, rule: 'cue-word' });
  });

  it('flags a rare stem word shared only with the key ("unused" -> "Usage audit")', () => {
    const unused = q({
      prompt: 'A security team wants to find security groups that are unused or redundant in every account. Which Firewall Manager policy type fits?',
      options: ['Common security group policy', 'Content audit security group policy', 'Usage audit security group policy', 'Network Firewall policy'],
      answer: [2],
    });
    expect(cueWordFindings(unused, documentFrequency([...filler, unused])).map((f) => f.rule)).toEqual(['cue-word']);
  });

  it('flags "at least 4" answered by "Minimum ..."', () => {
    const least = q({
      prompt: 'A company must always keep at least 4 initialized instances waiting in its Auto Scaling standby capacity. Which setting controls this?',
      options: ['Minimum pool size', 'Prepared capacity', 'Instance reuse policy', 'Desired capacity'],
      answer: [0],
    });
    expect(cueWordFindings(least, documentFrequency([...filler, least]))).toHaveLength(1);
  });

  it('stays quiet when the shared word also appears in a distractor, or only common words are shared', () => {
    const good = q({
      prompt: 'A retailer must keep an RDS target in step with an on-premises MySQL source until a short cutover. Which approach meets this requirement?',
      options: ['A DMS task with full load and CDC', 'A DMS task with full load only', 'A nightly mysqldump restored into RDS', 'AWS SCT followed by a single copy'],
      answer: [0],
    });
    expect(cueWordFindings(good, documentFrequency([...filler, good]))).toEqual([]);
  });
});

describe('truism-key', () => {
  it('flags an opinion or truism as the key', () => {
    for (const key of ['Follow AWS best practices for the pipeline', 'Tune the alarms as appropriate', 'Review the logs carefully', 'Always use the latest SDK', 'It depends on the workload']) {
      const bad = q({ options: [key, 'Use a CodeBuild report group', 'Use an SNS topic', 'Use an SQS queue'], answer: [0] });
      expect(truismFindings(bad).map((f) => f.rule), key).toEqual(['truism-key']);
    }
  });

  it('stays quiet on a specific key, and on a truism that is only a distractor', () => {
    expect(truismFindings(base)).toEqual([]);
    expect(truismFindings(q({ options: [...base.options.slice(0, 3), 'Follow best practices'] }))).toEqual([]);
  });
});

describe('near-duplicate', () => {
  const a = q({
    id: 'monitoring.athena.901',
    topic: 'monitoring.athena',
    prompt: 'A media company stores clickstream logs as gzip JSON in S3 and queries them with Athena every morning. Costs keep rising and most queries filter by date. Which change lowers cost the most?',
  });
  it('reports both ids of two prompts of one domain that say nearly the same thing', () => {
    const b = q({ ...a, id: 'monitoring.athena.902', prompt: a.prompt.replace('A media company', 'A news company').replace('every morning', 'every day') });
    const findings = nearDuplicateFindings([a, b]);
    expect(findings.map((f) => f.id).sort()).toEqual(['monitoring.athena.901', 'monitoring.athena.902']);
    expect(findings.every((f) => f.rule === 'near-duplicate')).toBe(true);
  });

  it('stays quiet on different scenarios and across domains', () => {
    const other = q({
      ...a,
      id: 'monitoring.athena.903',
      prompt: 'An insurer must join policy records in DynamoDB with claims files in S3 in one SQL statement without copying the table. What should the DevOps engineer set up?',
    });
    expect(nearDuplicateFindings([a, other])).toEqual([]);
    expect(nearDuplicateFindings([a, { ...a, id: 'resilience.dms.903', topic: 'resilience.dms' }])).toEqual([]);
  });

  it('ignores fenced code when comparing', () => {
    const code = '\n\n```json\n{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }\n```\n\n';
    const x = q({ ...a, id: 'monitoring.athena.904', prompt: `A bank reviews this policy.${code}Which statement is true?` });
    const y = q({ ...a, id: 'monitoring.athena.905', prompt: `An insurer audits a role.${code}What does the role allow?` });
    expect(nearDuplicateFindings([x, y])).toEqual([]);
  });
});

describe('option-length', () => {
  it('flags exam options whose lengths differ by more than 3x', () => {
    const bad = q({
      style: 'exam',
      options: ['Use CloudTrail', 'Create an organization trail in the management account that logs to a central bucket', 'Use Config', 'Use Macie'],
    });
    expect(optionLengthFindings(bad).map((f) => f.rule)).toContain('option-length');
  });

  it('flags a key that is the only option far longer than the others', () => {
    const bad = q({
      options: ['Use a larger replication instance class', 'Run a full load task each night', 'Convert the schema with SCT', 'Use a full load and change data capture task, then switch the application over during a short window'],
      answer: [3],
    });
    expect(optionLengthFindings(bad).some((f) => f.message.includes('key'))).toBe(true);
  });

  it('stays quiet on options of similar length', () => {
    expect(optionLengthFindings(base)).toEqual([]);
    expect(optionLengthFindings(q({ type: 'truefalse', options: ['True', 'False'] }))).toEqual([]);
  });
});

describe('exam-length', () => {
  it('flags exam stems under 45 or over 170 words, counting no fenced code', () => {
    expect(examLengthFindings(q({ style: 'exam', prompt: `${words(30)}?` })).map((f) => f.rule)).toEqual(['exam-length']);
    expect(examLengthFindings(q({ style: 'exam', prompt: `${words(171)}?` })).map((f) => f.rule)).toEqual(['exam-length']);
    const code = `\n\n\`\`\`yaml\n${words(100, 'key: value\n')}\n\`\`\`\n\n`;
    expect(examLengthFindings(q({ style: 'exam', prompt: `${words(30)}${code}Which?` }))).toHaveLength(1);
  });

  it('stays quiet on exam stems of 45-170 words and on quick questions', () => {
    expect(examLengthFindings(q({ style: 'exam', prompt: `${words(80)}?` }))).toEqual([]);
    expect(examLengthFindings(q({ style: 'quick', prompt: `${words(12)}?` }))).toEqual([]);
    expect(stemWordCount('one two\n```bash\naws s3 ls\n```\nthree')).toBe(3);
  });
});

describe('lintQuestions and stats', () => {
  it('finds nothing in a sound question', () => {
    expect(lintQuestions([base], [...filler, base])).toEqual([]);
  });

  it('computes snippets, medians and key positions', () => {
    const snippet = q({ style: 'exam', prompt: `${words(60)}\n\n\`\`\`yaml\nversion: 0.2\n\`\`\`\n\nWhich?`, answer: [1] });
    expect(hasSnippet(snippet.prompt)).toBe(true);
    expect(hasSnippet('no ```code``` here')).toBe(false);
    const stats = bankStats([base, snippet]);
    expect(stats.style).toEqual({ quick: 1, exam: 1 });
    expect(stats.examSnippetShare).toBe(1);
    expect(stats.medianStemWords.exam).toBe(61);
    expect(stats.keyPosition.counts).toEqual([1, 1, 0, 0]);
  });

  it('lists topics short of exam >= max(3, round(facts/3)), quick >= 2, total >= max(4, ceil(facts/3))', () => {
    const curriculum = {
      exam: 'x',
      domains: [{ id: 'resilience', number: 3, title: 't', examWeightPercent: 1, topics: [{ id: 'resilience.dms', title: 'DMS', factCount: 14, pitfallCount: 0 }] }],
    };
    const exam = Array.from({ length: 5 }, (_, i) => q({ id: `resilience.dms.${300 + i}`, style: 'exam' }));
    expect(topicShortfalls(curriculum, [...exam, base])).toEqual([
      { topic: 'resilience.dms', have: { exam: 5, quick: 1, total: 6 }, need: { exam: 5, quick: 2, total: 5 } },
    ]);
    expect(topicShortfalls(curriculum, [...exam, base, { ...base, id: 'resilience.dms.902' }])).toEqual([]);
  });
});
