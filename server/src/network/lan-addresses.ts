import net from 'node:net';
import os from 'node:os';

/** An address of this machine that other hosts of the network can reach. */
export type LanAddress = { address: string; family: 4 | 6; interfaceName: string };

export type Interfaces = ReturnType<typeof os.networkInterfaces>;

const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);

/** `localhost`, `127.0.0.0/8`, `::1` and `*.localhost`: names that only work on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')) return true;
  if (net.isIPv4(name)) return name.startsWith('127.');
  if (net.isIPv6(name)) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

// Container bridges, VPNs and virtual machines' networks come after the machine's own network.
const VIRTUAL = /^(docker|br-|veth|virbr|vboxnet|vmnet|tun|tap|wg|tailscale|zt|lxc|lxd|cni|flannel|cali|kube|podman|utun|llw|awdl)/i;
const linkLocal = (address: string, family: 4 | 6) => (family === 4 ? address.startsWith('169.254.') : /^fe[89ab]/i.test(address));

/**
 * The addresses students can use to reach a server listening on `listenHost`: none when it
 * listens on loopback only, that one address when it listens on one, else every non-loopback,
 * non-link-local address, the machine's own network first and IPv4 before IPv6.
 */
export function lanAddresses(listenHost: string, interfaces: Interfaces = os.networkInterfaces()): LanAddress[] {
  if (isLoopbackHost(listenHost)) return [];
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '';
  const all: LanAddress[] = [];
  for (const [interfaceName, entries] of Object.entries(interfaces)) {
    for (const entry of entries ?? []) {
      const family = entry.family === 'IPv4' ? 4 : 6;
      if (entry.internal || linkLocal(entry.address, family)) continue;
      all.push({ address: entry.address, family, interfaceName });
    }
  }
  if (!wildcard) {
    const named = all.filter((a) => a.address === listenHost);
    return named.length ? named : [{ address: listenHost, family: net.isIPv6(listenHost) ? 6 : 4, interfaceName: '' }];
  }
  // A server on 0.0.0.0 takes IPv4 only; on :: it takes both.
  const reachable = listenHost === '0.0.0.0' ? all.filter((a) => a.family === 4) : all;
  const rank = (a: LanAddress) => (VIRTUAL.test(a.interfaceName) ? 2 : 0) + (a.family === 6 ? 1 : 0);
  return reachable.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map(({ a }) => a);
}

/** The address as it goes in a URL (IPv6 in brackets). */
export function urlHost(address: string): string {
  return net.isIPv6(address) ? `[${address}]` : address;
}
