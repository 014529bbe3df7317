import { ClientClosedError, ClientOfflineError } from 'redis';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorSummary, isStorageOutage } from '../../server/src/storage-outage.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('telling a storage outage from other errors', () => {
  it('recognises PostgreSQL and Redis not answering, also when wrapped', () => {
    expect(isStorageOutage(withCode('P1001'))).toBe(true);
    expect(isStorageOutage({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } })).toBe(true);
    expect(isStorageOutage({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } } })).toBe(true);
    expect(isStorageOutage(withCode('ECONNREFUSED'))).toBe(true);
    expect(isStorageOutage(withCode('08006'))).toBe(true);
    expect(isStorageOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStorageOutage(new ClientOfflineError())).toBe(true);
    expect(isStorageOutage(new ClientClosedError())).toBe(true);
    expect(isStorageOutage(new Error('room not saved', { cause: new ClientOfflineError() }))).toBe(true);
    expect(isStorageOutage(new AggregateError([new Error('a'), withCode('ECONNRESET')]))).toBe(true);
  });

  it('leaves the request\'s mistakes and bugs alone', () => {
    expect(isStorageOutage(withCode('P2002'))).toBe(false);
    expect(isStorageOutage({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } })).toBe(false);
    expect(isStorageOutage(withCode('22021'))).toBe(false);
    expect(isStorageOutage(z.string().safeParse(1).error)).toBe(false);
    expect(isStorageOutage(new TypeError('undefined is not a function'))).toBe(false);
    expect(isStorageOutage(null)).toBe(false);
    expect(isStorageOutage('ECONNREFUSED')).toBe(false);
  });

  it('survives an error that wraps itself', () => {
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(isStorageOutage(loop)).toBe(false);
  });

  it('sums an error up in its last line', () => {
    expect(errorSummary(new Error('\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Message: `Can\'t reach database server`'))).toBe('Raw query failed. Message: `Can\'t reach database server`');
  });
});
