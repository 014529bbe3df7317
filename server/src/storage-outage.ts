/**
 * Whether an error means that PostgreSQL or Redis is not answering (down, restarting, out of
 * connections, unreachable), as opposed to a mistake in the request or a bug. Such a failure is
 * the storage's, not the caller's: HTTP answers 503 `STORAGE_UNAVAILABLE`, sockets the same code,
 * and the caller may retry.
 */
export function isStorageOutage(error: unknown): boolean {
  return causes(error).some(isOutageCause);
}

// Prisma: can't reach the server, timed out, closed the connection, no connection from the pool in time.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// What the PostgreSQL driver adapter reports for the same, under meta.driverAdapterError.cause.kind.
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
// SQLSTATE: shutting down or starting up (57P01-57P03), too many connections (53300), a statement
// cancelled by statement_timeout (57014); class 08 is "connection exception".
const SQL_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// node-redis: the client is offline or closed, or its socket went away (commands fail at once while Redis is down).
const REDIS_ERRORS = new Set(['ClientOfflineError', 'ClientClosedError', 'SocketClosedUnexpectedlyError', 'ConnectionTimeoutError', 'SocketTimeoutError', 'ReconnectStrategyError']);
// pg and pg-pool say some of it in words only.
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|Server has closed the connection|The client is (?:offline|closed)/i;

function isOutageCause(error: object): boolean {
  const { code, name, message, constructor } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && (PRISMA_CODES.has(code) || SQL_STATES.has(code) || SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (REDIS_ERRORS.has(String(name)) || REDIS_ERRORS.has(constructor?.name)) return true;
  if (constructor?.name === 'PrismaClientInitializationError') return true;
  const adapter = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } }).meta?.driverAdapterError?.cause;
  if (adapter && (ADAPTER_KINDS.has(String(adapter.kind)) || SQL_STATES.has(String(adapter.originalCode)))) return true;
  return typeof message === 'string' && MESSAGES.test(message);
}

/** The error and what it wraps (`cause`, an AggregateError's `errors`), a few levels deep. */
function causes(error: unknown): object[] {
  const found: object[] = [];
  const pending: unknown[] = [error];
  while (pending.length && found.length < 20) {
    const current = pending.shift();
    if (!current || typeof current !== 'object' || found.includes(current)) continue;
    found.push(current);
    pending.push((current as { cause?: unknown }).cause);
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner)) pending.push(...inner);
  }
  return found;
}

/** An error's message in one line, for the log: Prisma puts the driver's words on its last line. */
export function errorSummary(error: unknown): string {
  const message = String((error as Error | undefined)?.message ?? error);
  return message.split('\n').map((line) => line.trim()).filter(Boolean).at(-1)?.slice(0, 300) ?? '';
}
