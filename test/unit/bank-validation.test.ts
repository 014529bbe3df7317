import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../seed/curriculum.ts';
import { validateBanks, type BankFile } from '../../seed/loader.ts';
import { formatProblem } from '../../server/src/banks/question-schema.ts';

const curriculum = loadCurriculum();

const good = {
  id: 'sdlc.codecommit.901',
  topic: 'sdlc.codecommit',
  type: 'single',
  prompt: 'Which service hosts private Git repositories inside an AWS account?',
  options: ['AWS CodeCommit', 'AWS CodeArtifact', 'AWS CodeBuild', 'Amazon S3'],
  answer: [0],
  explanation: 'CodeCommit hosts private Git repositories; CodeArtifact stores packages, not source code.',
  difficulty: 1,
  timeLimitSec: 20,
};

const bank = (questions: unknown[], domain = 'sdlc', file = `${domain}.json`): BankFile => ({
  file,
  content: JSON.stringify({ domain, questions }),
});

const problemsOf = (...files: BankFile[]) => validateBanks(curriculum, files).problems.map(formatProblem);

describe('validateBanks', () => {
  it('accepts a well-formed question', () => {
    const result = validateBanks(curriculum, [bank([good])]);
    expect(result.problems).toEqual([]);
    expect(result.questions).toHaveLength(1);
  });

  it('reports a duplicate id with the file that used it first', () => {
    expect(problemsOf(bank([good]), bank([{ ...good, prompt: 'Another prompt about CodeCommit?' }], 'sdlc', 'sdlc-copy.json'))).toContain(
      'sdlc-copy.json: sdlc.codecommit.901 id: duplicate id (first used in sdlc.json)',
    );
  });

  it('reports an unknown topic', () => {
    const q = { ...good, id: 'sdlc.codecommand.001', topic: 'sdlc.codecommand' };
    expect(problemsOf(bank([q]))).toEqual(['sdlc.json: sdlc.codecommand.001 topic: unknown topic "sdlc.codecommand"']);
  });

  it('reports a correct index out of range', () => {
    expect(problemsOf(bank([{ ...good, answer: [4] }]))).toEqual([
      'sdlc.json: sdlc.codecommit.901 answer.0: correct index 4 is out of range (4 options)',
    ]);
  });

  it('reports duplicate options, a topic of another domain and a missing field', () => {
    const problems = problemsOf(
      bank([
        { ...good, options: ['AWS CodeCommit', 'aws codecommit', 'AWS CodeBuild', 'Amazon S3'] },
        { ...good, id: 'security.aws-config.001', topic: 'security.aws-config', prompt: 'A question filed in the wrong bank?' },
        { ...good, id: 'sdlc.codecommit.902', prompt: 'A question without an explanation?', explanation: undefined },
      ]),
    );
    expect(problems).toEqual([
      'sdlc.json: sdlc.codecommit.901 options.1: duplicate option "aws codecommit"',
      'sdlc.json: security.aws-config.001 topic: topic "security.aws-config" belongs to domain "security", not "sdlc"',
      'sdlc.json: sdlc.codecommit.902 explanation: Invalid input: expected string, received undefined',
    ]);
  });

  it('enforces the rules of each question type', () => {
    const problems = problemsOf(
      bank([
        { ...good, answer: [0, 1] },
        { ...good, id: 'sdlc.codecommit.902', type: 'multiple', prompt: 'Pick the right ones?', options: ['a', 'b', 'c', 'd', 'e'], answer: [0, 1] },
        { ...good, id: 'sdlc.codecommit.903', type: 'truefalse', prompt: 'CodeCommit is managed?', options: ['Yes', 'No'], answer: [0] },
      ]),
    );
    expect(problems).toEqual([
      'sdlc.json: sdlc.codecommit.901 answer: a single-answer question has exactly one correct option',
      'sdlc.json: sdlc.codecommit.902 prompt: must end with "(Choose two.)"',
      'sdlc.json: sdlc.codecommit.903 options: a true/false question has exactly the options ["True", "False"]',
    ]);
  });

  it('reports a file that is not JSON, an unknown domain and a misnamed file', () => {
    const problems = problemsOf(
      { file: 'broken.json', content: '{"domain": "sdlc", ' },
      bank([], 'kubernetes'),
      bank([], 'security', 'sec.json'),
    );
    expect(problems[0]).toMatch(/^broken\.json: \(file\) json: /);
    expect(problems.slice(1)).toEqual([
      'kubernetes.json: (file) domain: unknown domain "kubernetes"',
      'sec.json: (file) domain: a bank for domain "security" belongs in security.json',
    ]);
  });

  it('reports two questions with the same prompt', () => {
    const problems = problemsOf(bank([good, { ...good, id: 'sdlc.codecommit.902', prompt: good.prompt.toUpperCase() }]));
    expect(problems).toEqual(['sdlc.json: sdlc.codecommit.902 prompt: same prompt as sdlc.codecommit.901']);
  });
});
