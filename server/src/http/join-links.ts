import type { Request } from 'express';
import { isLoopbackHost, urlHost, type LanAddress } from '../network/lan-addresses.ts';

/** Where students open a room, as the lobby offers it. */
export type JoinLinks = {
  /** The base the join link and QR code use unless the instructor picks another. */
  preferred: string;
  /** Every base students could use (several when the machine is on several networks). */
  choices: { url: string; label: string }[];
  /** True when no choice works from another device: the lobby says so. */
  localOnly: boolean;
};

export type JoinLinkSource = { publicUrl?: string; lanAddresses: () => LanAddress[] };

/**
 * The bases of join links for a request: PUBLIC_URL when set; else the address the instructor
 * used, unless that is a loopback name (`localhost`), which no phone can open: then the
 * machine's LAN addresses, with the port the instructor used.
 */
export function joinLinksFor(req: Request, { publicUrl, lanAddresses }: JoinLinkSource): JoinLinks {
  if (publicUrl) {
    const url = publicUrl.replace(/\/$/, '');
    return { preferred: url, choices: [{ url, label: 'Public address' }], localOnly: false };
  }
  const own = `${req.protocol}://${req.get('host')}`;
  const requested = new URL(own);
  if (!isLoopbackHost(requested.hostname)) return { preferred: own, choices: [{ url: own, label: requested.host }], localOnly: false };
  const port = requested.port ? `:${requested.port}` : '';
  const choices = lanAddresses().map(({ address, interfaceName }) => ({
    url: `${req.protocol}://${urlHost(address)}${port}`,
    label: interfaceName ? `${address} (${interfaceName})` : address,
  }));
  if (!choices.length) return { preferred: own, choices: [{ url: own, label: `${requested.host} (this computer only)` }], localOnly: true };
  return { preferred: choices[0]!.url, choices, localOnly: false };
}

export function joinUrl(base: string, code: string): string {
  return `${base.replace(/\/$/, '')}/join/${code}`;
}
