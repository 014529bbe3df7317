import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const IP = ['/usr/sbin/ip', '/sbin/ip', '/bin/ip'].find((p) => fs.existsSync(p)) ?? 'ip';

function run(command: string, args: string[]) {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Runs `args` inside network namespace `ns`. */
const inNamespace = (ns: string, args: string[]) => run(IP, ['netns', 'exec', ns, ...args]);

export type SchoolNetwork = Awaited<ReturnType<typeof buildSchoolNetwork>>;

/**
 * A school on its own network hosts, beside this machine (the teacher's laptop, which runs the
 * server): a router namespace that hides every student behind one address (NAT), and two
 * classroom namespaces behind it, the second on a slow, lossy link (`tc netem`).
 *
 *   this machine  <uplink.1>====<uplink.2>  router (NAT)  <lanA.1>====<lanA.2>  classroom A
 *                                                         <lanB.1>====<lanB.2>  classroom B (netem)
 *
 * Everything is named with a random suffix and removed by `remove()`.
 */
export async function buildSchoolNetwork(options: { lossyLink: { delayMs: number; jitterMs: number; lossPercent: number } }) {
  const id = randomBytes(3).toString('hex');
  const subnet = 64 + (parseInt(id.slice(0, 2), 16) % 180); // 10.<subnet>.x.0/24, unlikely to clash
  const router = `qz${id}gw`;
  const classroomA = `qz${id}a`;
  const classroomB = `qz${id}b`;
  const uplink = `qz${id}up`;
  const address = (net: number, host: number) => `10.${subnet}.${net}.${host}`;
  const created: string[] = [];
  const remove = () => {
    for (const ns of created.reverse()) {
      try {
        run(IP, ['netns', 'del', ns]);
      } catch {
        // already gone
      }
    }
    try {
      run(IP, ['link', 'del', uplink]);
    } catch {
      // removed with the router's namespace
    }
  };
  try {
    for (const ns of [router, classroomA, classroomB]) {
      run(IP, ['netns', 'add', ns]);
      created.push(ns);
      inNamespace(ns, [IP, 'link', 'set', 'lo', 'up']);
    }
    // The uplink: this machine <-> the school's router.
    run(IP, ['link', 'add', uplink, 'type', 'veth', 'peer', 'name', 'up', 'netns', router]);
    run(IP, ['addr', 'add', `${address(0, 1)}/24`, 'dev', uplink]);
    run(IP, ['link', 'set', uplink, 'up']);
    inNamespace(router, [IP, 'addr', 'add', `${address(0, 2)}/24`, 'dev', 'up']);
    inNamespace(router, [IP, 'link', 'set', 'up', 'up']);
    inNamespace(router, [IP, 'route', 'add', 'default', 'via', address(0, 1)]);
    // One classroom link each.
    for (const [net, ns] of [[1, classroomA], [2, classroomB]] as const) {
      const side = `lan${net}`;
      inNamespace(router, [IP, 'link', 'add', side, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      inNamespace(router, [IP, 'addr', 'add', `${address(net, 1)}/24`, 'dev', side]);
      inNamespace(router, [IP, 'link', 'set', side, 'up']);
      inNamespace(ns, [IP, 'addr', 'add', `${address(net, 2)}/24`, 'dev', 'eth0']);
      inNamespace(ns, [IP, 'link', 'set', 'eth0', 'up']);
      inNamespace(ns, [IP, 'route', 'add', 'default', 'via', address(net, 1)]);
    }
    // Every student reaches the server from the router's one address.
    inNamespace(router, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    inNamespace(router, ['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'up', '-j', 'MASQUERADE']);
    // Classroom B's Wi-Fi: slow and lossy, both ways.
    const { delayMs, jitterMs, lossPercent } = options.lossyLink;
    const netem = ['qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'delay', `${delayMs}ms`, `${jitterMs}ms`, 'loss', `${lossPercent}%`];
    inNamespace(classroomB, ['tc', ...netem]);
    inNamespace(router, ['tc', ...netem.map((part) => (part === 'eth0' ? 'lan2' : part))]);
  } catch (error) {
    remove();
    throw error;
  }

  const wrappers = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-school-'));
  return {
    /** The server machine's address on the school's uplink: what students' devices open. */
    serverAddress: address(0, 1),
    /** The one address the server sees for every student. */
    schoolAddress: address(0, 2),
    classrooms: { a: classroomA, b: classroomB },
    /** An executable that runs `program` inside a classroom (for Chromium's executablePath). */
    wrapper(ns: string, program: string): string {
      const file = path.join(wrappers, `${ns}-${path.basename(program)}`);
      fs.writeFileSync(file, `#!/bin/sh\nexec ${IP} netns exec ${ns} ${program} "$@"\n`, { mode: 0o755 });
      return file;
    },
    /** A Node process inside a classroom, with an IPC channel back to this one. */
    node(ns: string, script: string, args: string[]): ChildProcess {
      return spawn(IP, ['netns', 'exec', ns, process.execPath, '--import', 'tsx', script, ...args], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    },
    remove() {
      remove();
      fs.rmSync(wrappers, { recursive: true, force: true });
    },
  };
}
