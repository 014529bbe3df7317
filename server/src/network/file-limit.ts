import fs from 'node:fs';

/** File descriptors kept back for PostgreSQL, Redis, the embedded database's files and the log. */
export const RESERVED_FILE_DESCRIPTORS = 512;

/** The process's soft limit on open files (`ulimit -n`), or null where it cannot be read. */
export function openFileLimit(limitsFile = '/proc/self/limits'): number | null {
  try {
    const line = fs.readFileSync(limitsFile, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

/**
 * How many connections the server may hold: TCP connections in all (HTTP included), and the
 * realtime ones among them, leaving `RESERVED_FILE_DESCRIPTORS` for everything else.
 */
export function connectionBudget(fileLimit: number | null, maxConnections?: number): { tcp: number; realtime: number } {
  const tcp = fileLimit === null ? 20_000 : Math.max(100, fileLimit - RESERVED_FILE_DESCRIPTORS);
  const realtime = maxConnections ?? Math.max(50, Math.min(20_000, tcp - 256));
  return { tcp: Math.max(tcp, realtime + 64), realtime };
}
