import type { MatrixDomain, MatrixRow } from './class-analytics-types.ts';
import type { CsvColumn } from './csv.ts';
import { rounded } from './ratio.ts';

/** The class matrix as CSV: one row per student (the JSON's order), answers and accuracy per domain. */
export function matrixColumns(domains: readonly MatrixDomain[]): CsvColumn<MatrixRow>[] {
  return [
    { header: 'name', value: (r) => r.name },
    { header: 'externalId', value: (r) => r.externalId },
    { header: 'games', value: (r) => r.games },
    { header: 'answers', value: (r) => r.attempts },
    { header: 'correct', value: (r) => r.correct },
    { header: 'accuracy', value: (r) => rounded(r.accuracy) },
    { header: 'readiness', value: (r) => rounded(r.readiness.estimate) },
    { header: 'readinessLow', value: (r) => rounded(r.readiness.low) },
    { header: 'readinessHigh', value: (r) => rounded(r.readiness.high) },
    { header: 'tooFewAnswers', value: (r) => r.readiness.tooFewAnswers.join('; ') },
    ...domains.flatMap((d, i): CsvColumn<MatrixRow>[] => [
      { header: `${d.domainId}.answers`, value: (r) => r.cells[i]!.attempts },
      { header: `${d.domainId}.accuracy`, value: (r) => rounded(r.cells[i]!.accuracy) },
    ]),
  ];
}
