import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type LoginLimits = { perIp: number; perAccount: number; windowSec: number };
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 30, perAccount: 5, windowSec: 15 * 60 };

/**
 * Counts login attempts per client IP (every attempt) and per account (failed attempts only),
 * so neither guessing many passwords for one account nor many accounts from one address works.
 */
export class LoginLimiter {
  private readonly byIp: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;

  constructor(limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.byIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: limits.perIp, duration: limits.windowSec });
    this.byAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: limits.perAccount, duration: limits.windowSec });
  }

  /** Seconds to wait when this attempt must be refused, or 0 when it may go ahead. */
  async check(ip: string, email: string): Promise<number> {
    try {
      await this.byIp.consume(ip);
    } catch (result) {
      return retryAfter(result);
    }
    const account = await this.byAccount.get(email);
    if (account && account.remainingPoints <= 0) return Math.max(1, Math.ceil(account.msBeforeNext / 1000));
    return 0;
  }

  async failed(email: string): Promise<void> {
    await this.byAccount.consume(email).catch(() => undefined);
  }

  async succeeded(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}

function retryAfter(result: unknown): number {
  if (result instanceof RateLimiterRes) return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  throw result;
}
