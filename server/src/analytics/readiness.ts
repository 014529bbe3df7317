/**
 * Exam readiness: an estimate of the share of exam questions a student would answer correctly,
 * with an uncertainty band. Pure; the method is documented in the README (Exam readiness).
 *
 * Per weighted exam domain d, the student's chance of answering its questions right is
 * p_d ~ Beta(PRIOR_A + correct_d, PRIOR_B + wrong_d): a uniform prior (one imagined right and one
 * imagined wrong answer) updated with the student's answers in the class's games. Readiness is
 * the exam-weighted mean R = sum(w_d * p_d) / sum(w_d); its mean and variance follow from the
 * domains' posteriors (taken as independent), and the band is mean +- 1.645 standard deviations
 * (about 90 %), clipped to [0, 1]. It narrows as answers come in: with n answers in every domain
 * its half-width is about 1.645 * sqrt(p(1-p) / n) / sqrt(6).
 *
 * A domain with fewer than MIN_DOMAIN_ANSWERS answers says so (estimate null) instead of
 * guessing; it still counts in R with its posterior, which is close to the prior there (0.5,
 * wide), so the band stays wide until every domain has been practised. With no weighted domain
 * above the threshold, there is no estimate at all.
 */
export const PRIOR_A = 1;
export const PRIOR_B = 1;
export const MIN_DOMAIN_ANSWERS = 5;
const Z90 = 1.645;

export type DomainEvidence = { domainId: string; examWeightPercent: number; attempts: number; correct: number };

export type DomainReadiness = DomainEvidence & {
  /** Posterior mean, or null with too few answers. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  tooFewAnswers: boolean;
};

export type Readiness = {
  /** Expected share of exam questions answered correctly (0-1), null when no domain has enough answers. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Weighted domains with too few answers (their ids, exam order). */
  tooFewAnswers: string[];
  domains: DomainReadiness[];
  method: { prior: [number, number]; minDomainAnswers: number; band: '90%' };
};

const clip = (x: number) => Math.min(1, Math.max(0, x));

function posterior(attempts: number, correct: number): { mean: number; variance: number } {
  const a = PRIOR_A + correct;
  const b = PRIOR_B + attempts - correct;
  return { mean: a / (a + b), variance: (a * b) / ((a + b) ** 2 * (a + b + 1)) };
}

/** Readiness from a student's answers per domain; domains of weight 0 ("other services") do not count. */
export function examReadiness(domains: readonly DomainEvidence[]): Readiness {
  const weighted = domains.filter((d) => d.examWeightPercent > 0);
  const totalWeight = weighted.reduce((sum, d) => sum + d.examWeightPercent, 0);
  let mean = 0;
  let variance = 0;
  const perDomain = weighted.map((d): DomainReadiness => {
    const post = posterior(d.attempts, d.correct);
    const w = d.examWeightPercent / totalWeight;
    mean += w * post.mean;
    variance += w * w * post.variance;
    const tooFew = d.attempts < MIN_DOMAIN_ANSWERS;
    const sd = Math.sqrt(post.variance);
    return {
      domainId: d.domainId,
      examWeightPercent: d.examWeightPercent,
      attempts: d.attempts,
      correct: d.correct,
      estimate: tooFew ? null : post.mean,
      low: tooFew ? null : clip(post.mean - Z90 * sd),
      high: tooFew ? null : clip(post.mean + Z90 * sd),
      tooFewAnswers: tooFew,
    };
  });
  const enough = perDomain.some((d) => !d.tooFewAnswers);
  const sd = Math.sqrt(variance);
  return {
    estimate: enough ? mean : null,
    low: enough ? clip(mean - Z90 * sd) : null,
    high: enough ? clip(mean + Z90 * sd) : null,
    tooFewAnswers: perDomain.filter((d) => d.tooFewAnswers).map((d) => d.domainId),
    domains: perDomain,
    method: { prior: [PRIOR_A, PRIOR_B], minDomainAnswers: MIN_DOMAIN_ANSWERS, band: '90%' },
  };
}
