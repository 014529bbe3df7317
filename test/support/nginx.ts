import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => fs.existsSync(candidate)) ?? 'nginx';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * The deployment's proxy (nginx/nginx.conf, as docker-compose.yml mounts it) on a loopback port,
 * with its `server appN:…` lines pointed at the given node URLs instead of compose's host names.
 * Only the addresses and where nginx keeps its files change; every proxy rule is the file's own.
 */
export async function startProxy(upstreams: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-proxy-'));
  // Workers run as an unprivileged user when the test runs as root: they need the temp folders.
  fs.chmodSync(dir, 0o755);
  const temp = (name: string) => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { mode: 0o777 });
    fs.chmodSync(folder, 0o777);
    return folder;
  };
  const port = await freePort();
  const named = new Set<number>();
  const config = fs
    .readFileSync(path.join(ROOT, 'nginx/nginx.conf'), 'utf8')
    .replace(/server app(\d+):\d+/g, (_line, n: string) => {
      named.add(Number(n));
      return `server ${new URL(upstreams[Number(n) - 1] ?? 'http://missing').host}`;
    })
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace(
      /^http \{/m,
      [
        'http {',
        '  access_log off;',
        `  client_body_temp_path ${temp('body')};`,
        `  proxy_temp_path ${temp('proxy')};`,
        `  fastcgi_temp_path ${temp('fastcgi')};`,
        `  uwsgi_temp_path ${temp('uwsgi')};`,
        `  scgi_temp_path ${temp('scgi')};`,
      ].join('\n'),
    );
  if (named.size !== upstreams.length) throw new Error(`nginx.conf names ${named.size} app servers, the test started ${upstreams.length}`);
  const errorLog = path.join(dir, 'error.log');
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `daemon off;\npid ${path.join(dir, 'nginx.pid')};\nerror_log ${errorLog} warn;\n${config}`);

  const child = spawn(NGINX, ['-e', errorLog, '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}${fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : ''}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true)).once('error', () => resolve(false));
    });
    if (up) break;
    if (attempt > 100) throw new Error(`nginx did not listen on ${port}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    log: () => (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : ''),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
