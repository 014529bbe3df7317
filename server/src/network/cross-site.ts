/**
 * Whether a request was sent by another site's page (cross-site request forgery), from the
 * headers a browser sets and a page cannot: `Origin` naming a host other than this server's (and
 * not an allowed origin, `CORS_ORIGINS`), or no `Origin` with `Sec-Fetch-Site: cross-site`.
 * No `Origin` and no cross-site mark is not a forgery: browsers leave `Origin` off same-origin
 * GETs (a Socket.IO long-polling handshake), and a client that is not a browser carries no
 * victim's cookie that a page could borrow.
 */
export function isCrossSite(
  headers: { origin?: string | undefined; host?: string | undefined; secFetchSite?: string | undefined },
  allowedOrigins: ReadonlySet<string>,
): boolean {
  const { origin, host, secFetchSite } = headers;
  if (origin === undefined) return secFetchSite === 'cross-site';
  const sameHost = host !== undefined && hostOf(origin) === host;
  return !sameHost && !allowedOrigins.has(origin);
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
