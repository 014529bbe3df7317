import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type RealtimeLimits = {
  /** Events one socket may send per second before it is refused. */
  eventsPerSecond: number;
  /** Refused events after which the socket is disconnected. */
  floodDisconnectAfter: number;
  /** Join or rejoin attempts with an unknown room code one address may make per window. */
  badJoinsPerWindow: number;
  badJoinWindowSec: number;
  /** Largest inbound message, in bytes. */
  maxPayloadBytes: number;
};

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  eventsPerSecond: 20,
  floodDisconnectAfter: 50,
  badJoinsPerWindow: 10,
  badJoinWindowSec: 60,
  maxPayloadBytes: 16 * 1024,
};

/** Per-socket event budget: refuse past the rate, and tell the caller when to disconnect. */
export class EventFloodGuard {
  private readonly limiter: RateLimiterMemory;
  private readonly refused = new Map<string, number>();

  constructor(private readonly limits: RealtimeLimits) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'socket-events', points: limits.eventsPerSecond, duration: 1 });
  }

  /** 'ok', 'refuse' (over the rate) or 'disconnect' (kept flooding). */
  async check(socketId: string): Promise<'ok' | 'refuse' | 'disconnect'> {
    try {
      await this.limiter.consume(socketId);
      return 'ok';
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const count = (this.refused.get(socketId) ?? 0) + 1;
      this.refused.set(socketId, count);
      return count >= this.limits.floodDisconnectAfter ? 'disconnect' : 'refuse';
    }
  }

  forget(socketId: string) {
    this.refused.delete(socketId);
    void this.limiter.delete(socketId);
  }
}

/** Counts joins with unknown room codes per address, so codes cannot be found by guessing. */
export class BadJoinGuard {
  private readonly limiter: RateLimiterMemory;

  constructor(limits: RealtimeLimits) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'bad-joins', points: limits.badJoinsPerWindow, duration: limits.badJoinWindowSec });
  }

  async blocked(address: string): Promise<boolean> {
    const current = await this.limiter.get(address);
    return current !== null && current.remainingPoints <= 0;
  }

  async failed(address: string): Promise<void> {
    await this.limiter.consume(address).catch(() => undefined);
  }
}
