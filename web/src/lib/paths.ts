/**
 * The parameters of `path` when it matches `pattern` ("/host/game/:code"), else null. A trailing
 * slash is ignored; a parameter never spans a "/"; a pattern ending in "/*" matches below it.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const wildcard = pattern.endsWith('/*');
  const body = (wildcard ? pattern.slice(0, -2) : pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const source = body.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'));
  const found = new RegExp(`^${source}${wildcard ? '(?:/.*)?' : '/?'}$`).exec(path);
  if (!found) return null;
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
  } catch {
    return null;
  }
}

/** The first route whose path matches, with its parameters. */
export function findRoute<R extends { path: string }>(routes: readonly R[], path: string): { route: R; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}
