import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { budget, take, type LimitStore } from '../auth/login-limiter.ts';

export type StudentLimits = {
  /** Students joining a class through its link, per address (a whole class shares one school address). */
  joinsPerAddress: number;
  /** Recovery code attempts per address (guessing a 10-character code at this pace takes forever). */
  recoveriesPerAddress: number;
  windowSec: number;
};
export const DEFAULT_STUDENT_LIMITS: StudentLimits = { joinsPerAddress: 300, recoveriesPerAddress: 30, windowSec: 15 * 60 };

/** The budgets of the student routes that create identities or look codes up. */
export class StudentLimiter {
  private readonly joins: RateLimiterAbstract;
  private readonly recoveries: RateLimiterAbstract;

  constructor(limits: StudentLimits = DEFAULT_STUDENT_LIMITS, store: LimitStore = 'memory') {
    this.joins = budget(store, 'student-join', limits.joinsPerAddress, limits.windowSec);
    this.recoveries = budget(store, 'student-recover', limits.recoveriesPerAddress, limits.windowSec);
  }

  /** Seconds to wait, or 0. */
  join(address: string): Promise<number> {
    return take(this.joins, address);
  }

  recover(address: string): Promise<number> {
    return take(this.recoveries, address);
  }
}
