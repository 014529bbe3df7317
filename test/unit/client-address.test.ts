import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustProxy } from '../../server/src/network/client-address.ts';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, connection: { remoteAddress }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe('client address behind proxies', () => {
  it('believes X-Forwarded-For only from trusted proxies', () => {
    const loopback = trustProxy('loopback');
    expect(clientAddress(request('127.0.0.1', '203.0.113.7'), loopback)).toBe('203.0.113.7');
    expect(clientAddress(request('198.51.100.9', '203.0.113.7'), loopback)).toBe('198.51.100.9');
  });

  it('takes subnets, named ranges, hop counts and false', () => {
    expect(clientAddress(request('10.1.2.3', '203.0.113.7'), trustProxy('loopback, uniquelocal'))).toBe('203.0.113.7');
    expect(clientAddress(request('10.1.2.3', '203.0.113.7'), trustProxy('172.16.0.0/12'))).toBe('10.1.2.3');
    expect(clientAddress(request('10.1.2.3', '192.0.2.1, 203.0.113.7'), trustProxy('1'))).toBe('203.0.113.7');
    expect(clientAddress(request('127.0.0.1', '203.0.113.7'), trustProxy('false'))).toBe('127.0.0.1');
  });
});
