import { describe, expect, it } from 'vitest';
import { examReadiness, MIN_DOMAIN_ANSWERS } from '../../server/src/analytics/readiness.ts';

const WEIGHTS = { sdlc: 22, 'config-iac': 17, resilience: 15, monitoring: 15, 'incident-response': 14, security: 17, other: 0 };
const evidence = (attempts: number, share: number) =>
  Object.entries(WEIGHTS).map(([domainId, examWeightPercent]) => ({ domainId, examWeightPercent, attempts, correct: Math.round(attempts * share) }));

describe('exam readiness', () => {
  it('is the exam-weighted mean of the domains’ Beta posteriors (uniform prior)', () => {
    const domains = evidence(10, 0.8).map((d) => (d.domainId === 'sdlc' ? { ...d, correct: 2 } : d));
    const r = examReadiness(domains);
    const sdlc = 3 / 12;
    const rest = 9 / 12;
    expect(r.estimate).toBeCloseTo((22 * sdlc + 78 * rest) / 100, 12);
    expect(r.domains.find((d) => d.domainId === 'sdlc')!.estimate).toBeCloseTo(sdlc, 12);
    expect(r.domains.map((d) => d.domainId)).not.toContain('other');
  });

  it('narrows the band as answers come in', () => {
    const widths = [5, 20, 80, 320].map((n) => {
      const r = examReadiness(evidence(n, 0.75));
      return r.high! - r.low!;
    });
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeLessThan(widths[i - 1]!);
    expect(widths[3]).toBeLessThan(0.05);
  });

  it('says which domains have too few answers instead of guessing, and has no estimate with none', () => {
    const thin = evidence(MIN_DOMAIN_ANSWERS, 1).map((d) => (d.domainId === 'security' ? { ...d, attempts: 2, correct: 2 } : d));
    const r = examReadiness(thin);
    expect(r.tooFewAnswers).toEqual(['security']);
    expect(r.domains.find((d) => d.domainId === 'security')).toMatchObject({ estimate: null, low: null, high: null, tooFewAnswers: true });
    expect(examReadiness(evidence(0, 0))).toMatchObject({ estimate: null, low: null, high: null });
  });
});
