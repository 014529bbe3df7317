import type { Assignment } from '../lib/api.ts';

export const SOURCE_LABEL = {
  quiz: 'Saved quiz',
  blueprint: 'Blueprint draw',
  examMix: 'Exam mix',
  weakest: "Each student's weakest topics",
  simulation: 'Exam simulation',
} as const satisfies Record<Assignment['source']['kind'], string>;

export const STATUS_LABEL = { upcoming: 'Upcoming', open: 'Open', closed: 'Closed' } as const satisfies Record<Assignment['status'], string>;

/** The settings of an assignment in a line: its source, questions, feedback and timer. */
export function assignmentLine(a: Assignment): string {
  return [
    SOURCE_LABEL[a.source.kind],
    `${a.questionCount} questions`,
    a.kind === 'simulation' ? '180 minutes' : a.feedback === 'each' ? 'feedback after each question' : 'feedback at the end',
    a.questionTimeLimitSec ? `${a.questionTimeLimitSec} s per question` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
