import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The "trust proxy" setting (Express syntax: `loopback`, `true`, a hop count, or a list of
 * addresses and subnets) as a function, shared by HTTP and Socket.IO, so rate limits count
 * students and not the proxy in front of the server.
 */
export function trustProxy(setting: string): (address: string, hop: number) => boolean {
  if (setting === 'true') return () => true;
  if (setting === 'false') return () => false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(setting.split(',').map((part) => part.trim()).filter(Boolean));
}

/** The client's address as the trusted proxies report it. */
export function clientAddress(request: IncomingMessage, trust: (address: string, hop: number) => boolean): string {
  return proxyAddr(request, trust);
}
