import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * The realtime limits, sized for a class of 200 behind one school address: what a class does by
 * mistake never reaches them, while guessing room codes stays hopeless (see docs/protocol.md).
 */
export type RealtimeLimits = {
  /** Events one socket may send per second before it is refused. */
  eventsPerSecond: number;
  /** Refused events after which the socket is disconnected. */
  floodDisconnectAfter: number;
  /** Unknown room codes one socket may try per minute (a student's typos). */
  badCodesPerSocketMinute: number;
  /** Unknown room codes one address may try per hour, and per day (a whole school's typos). */
  badCodesPerAddressHour: number;
  badCodesPerAddressDay: number;
  /** New seats one address may take per minute. */
  joinsPerAddressMinute: number;
  /** Refused `host:attach` calls one instructor may make per minute. */
  badAttachesPerMinute: number;
  /** A /play socket that holds no seat this long after connecting (or after leaving one) is closed. */
  joinTimeoutMs: number;
  /** Largest inbound message, in bytes. */
  maxPayloadBytes: number;
};

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  eventsPerSecond: 20,
  floodDisconnectAfter: 50,
  badCodesPerSocketMinute: 5,
  badCodesPerAddressHour: 2_000,
  badCodesPerAddressDay: 10_000,
  joinsPerAddressMinute: 600,
  badAttachesPerMinute: 30,
  joinTimeoutMs: 30_000,
  maxPayloadBytes: 16 * 1024,
};

/** Consumes a point of `key`; false when the budget was already spent. */
async function spend(limiter: RateLimiterMemory, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

async function exhausted(limiter: RateLimiterMemory, key: string): Promise<boolean> {
  const current = await limiter.get(key);
  return current !== null && current.remainingPoints <= 0;
}

/** Per-socket event budget: refuse past the rate, and tell the caller when to disconnect. */
export class EventFloodGuard {
  private readonly limiter: RateLimiterMemory;
  private readonly refused = new Map<string, number>();

  constructor(private readonly limits: RealtimeLimits) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'socket-events', points: limits.eventsPerSecond, duration: 1 });
  }

  /** 'ok', 'refuse' (over the rate) or 'disconnect' (kept flooding). */
  async check(socketId: string): Promise<'ok' | 'refuse' | 'disconnect'> {
    if (await spend(this.limiter, socketId)) return 'ok';
    const count = (this.refused.get(socketId) ?? 0) + 1;
    this.refused.set(socketId, count);
    return count >= this.limits.floodDisconnectAfter ? 'disconnect' : 'refuse';
  }

  forget(socketId: string) {
    this.refused.delete(socketId);
    void this.limiter.delete(socketId);
  }
}

/**
 * Budgets for unknown room codes, so that codes cannot be found by guessing: a small one per
 * socket (one student's typos) and a large one per address (a whole class behind one NAT).
 */
export class RoomCodeGuard {
  private readonly perSocket: RateLimiterMemory;
  private readonly perAddressHour: RateLimiterMemory;
  private readonly perAddressDay: RateLimiterMemory;

  constructor(limits: RealtimeLimits) {
    this.perSocket = new RateLimiterMemory({ keyPrefix: 'bad-codes-socket', points: limits.badCodesPerSocketMinute, duration: 60 });
    this.perAddressHour = new RateLimiterMemory({ keyPrefix: 'bad-codes-hour', points: limits.badCodesPerAddressHour, duration: 3_600 });
    this.perAddressDay = new RateLimiterMemory({ keyPrefix: 'bad-codes-day', points: limits.badCodesPerAddressDay, duration: 86_400 });
  }

  /** Whether this socket, or its address, has spent its budget of unknown codes. */
  async blocked(socketId: string, address: string): Promise<boolean> {
    const checks = await Promise.all([
      exhausted(this.perSocket, socketId),
      exhausted(this.perAddressHour, address),
      exhausted(this.perAddressDay, address),
    ]);
    return checks.some(Boolean);
  }

  async failed(socketId: string, address: string): Promise<void> {
    await Promise.all([spend(this.perSocket, socketId), spend(this.perAddressHour, address), spend(this.perAddressDay, address)]);
  }

  forget(socketId: string) {
    void this.perSocket.delete(socketId);
  }
}

/** A plain budget per key (seats taken per address, refused attaches per instructor). */
export class Budget {
  private readonly limiter: RateLimiterMemory;

  constructor(name: string, points: number, durationSec: number) {
    this.limiter = new RateLimiterMemory({ keyPrefix: name, points, duration: durationSec });
  }

  /** Spends one point; false when the budget is spent. */
  take(key: string): Promise<boolean> {
    return spend(this.limiter, key);
  }

  spent(key: string): Promise<boolean> {
    return exhausted(this.limiter, key);
  }
}

export type ConnectionCaps = {
  /** Realtime connections the process holds at most, leaving file descriptors for PostgreSQL and Redis. */
  maxConnections: number;
  /** Realtime connections from one address (a whole school behind one NAT). */
  maxConnectionsPerAddress: number;
};

/** Counts realtime connections per address and in all; a connection past a cap is not admitted. */
export class ConnectionGuard {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(private readonly caps: ConnectionCaps) {}

  /** Takes a place for a new connection, or says which cap it would break. */
  admit(address: string): 'ok' | 'address' | 'total' {
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (this.total >= this.caps.maxConnections) return 'total';
    if (fromAddress >= this.caps.maxConnectionsPerAddress) return 'address';
    this.perAddress.set(address, fromAddress + 1);
    this.total += 1;
    return 'ok';
  }

  release(address: string) {
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (fromAddress <= 0) return;
    if (fromAddress === 1) this.perAddress.delete(address);
    else this.perAddress.set(address, fromAddress - 1);
    this.total -= 1;
  }

  get count(): number {
    return this.total;
  }
}
