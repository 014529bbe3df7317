import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Where attempt counters live: in this process (tests, one process) or in PostgreSQL's
 * "RateLimit" table, which every node of a deployment shares; a counter changes by one atomic
 * upsert, so concurrent attempts, on one node or several, are all counted.
 */
export type LimitStore = { pool: pg.Pool } | 'memory';

/** A budget of `points` per `duration` seconds, counted in the store. */
export function budget(store: LimitStore, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  if (store === 'memory') return new RateLimiterMemory({ keyPrefix, points, duration });
  // The table comes from the migrations; housekeeping deletes expired rows.
  return new RateLimiterPostgres({ storeClient: store.pool, tableName: 'RateLimit', tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration });
}

/** Takes one point; the seconds to wait when the budget was already spent, else 0. */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (result) {
    if (result instanceof RateLimiterRes) return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    throw result;
  }
}

export type LoginLimits = {
  /** Attempts from one client address, whatever the account. */
  perAddress: number;
  /** Failed attempts at one account from one address. */
  perAccountAddress: number;
  /** Failed attempts at one account from browsers it has not signed in with, from all addresses together. */
  perAccountUnknown: number;
  /** Failed attempts from one browser the account has signed in with before. */
  perDevice: number;
  windowSec: number;
};
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddress: 30, perAccountAddress: 5, perAccountUnknown: 10, perDevice: 10, windowSec: 15 * 60 };

/** One sign-in attempt: who it is for, from where, and the trusted browser it came from, if any. */
export type LoginAttempt = { email: string; address: string; device?: string };

/** What an attempt was counted against, to give back when the password was right. */
export type LoginTicket = { attempt: LoginAttempt };

/**
 * Sign-in limits that guessing cannot turn against the owner. Every attempt takes its points
 * before the password is checked (so concurrent guesses cannot all get through) from:
 * its address (every attempt); the account at that address; and either the account's budget
 * for browsers it never signed in with (all addresses together) or, from a browser it did sign
 * in with, that browser's own. Someone guessing from anywhere spends the first budgets only: the
 * owner's browser, or the owner's address while the guessing comes from elsewhere, still gets in.
 * A right password gives its account points back and clears the account-and-address count.
 */
export class LoginLimiter {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byAccountAddress: RateLimiterAbstract;
  private readonly byAccountUnknown: RateLimiterAbstract;
  private readonly byDevice: RateLimiterAbstract;

  constructor(limits: LoginLimits = DEFAULT_LOGIN_LIMITS, store: LimitStore = 'memory') {
    this.byAddress = budget(store, 'login-address', limits.perAddress, limits.windowSec);
    this.byAccountAddress = budget(store, 'login-account-address', limits.perAccountAddress, limits.windowSec);
    this.byAccountUnknown = budget(store, 'login-account', limits.perAccountUnknown, limits.windowSec);
    this.byDevice = budget(store, 'login-device', limits.perDevice, limits.windowSec);
  }

  /** Counts the attempt; a ticket when it may go on to the password check, else the seconds to wait. */
  async begin(attempt: LoginAttempt): Promise<{ ticket: LoginTicket } | { waitSec: number }> {
    const wait = await take(this.byAddress, attempt.address);
    if (wait) return { waitSec: wait };
    const pair = pairKey(attempt);
    const pairWait = await take(this.byAccountAddress, pair);
    if (pairWait) return { waitSec: pairWait };
    const accountWait = attempt.device ? await take(this.byDevice, attempt.device) : await take(this.byAccountUnknown, attempt.email);
    if (accountWait) {
      // Refused before any check: it must not also use up the owner's count at this address.
      await this.byAccountAddress.reward(pair, 1);
      return { waitSec: accountWait };
    }
    return { ticket: { attempt } };
  }

  /** The password was right: this was no failure. */
  async succeeded({ attempt }: LoginTicket): Promise<void> {
    await this.byAccountAddress.delete(pairKey(attempt));
    if (attempt.device) await this.byDevice.reward(attempt.device, 1);
    else await this.byAccountUnknown.reward(attempt.email, 1);
  }
}

const pairKey = ({ email, address }: LoginAttempt) => `${email}|${address}`;

export type RegistrationLimits = { perAddressHour: number; perAddressDay: number };
export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = { perAddressHour: 5, perAddressDay: 20 };

/** Open registration: accounts one address may ask for per hour and per day. */
export class RegistrationLimiter {
  private readonly hourly: RateLimiterAbstract;
  private readonly daily: RateLimiterAbstract;

  constructor(limits: RegistrationLimits = DEFAULT_REGISTRATION_LIMITS, store: LimitStore = 'memory') {
    this.hourly = budget(store, 'register-hour', limits.perAddressHour, 3_600);
    this.daily = budget(store, 'register-day', limits.perAddressDay, 86_400);
  }

  /** Counts a request; the seconds to wait when this address has asked too often, else 0. */
  async take(address: string): Promise<number> {
    return (await take(this.daily, address)) || take(this.hourly, address);
  }
}
