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

type LinkTrouble = { delayMs: number; jitterMs: number; lossPercent: number; rateKbit: number };

/**
 * Delay and loss on the link of `ns` through `dev`, both ways: `tc netem` where the kernel has
 * it; else (a kernel built without netem) a slow token bucket (`tc tbf`, whose queue adds the
 * delay) and random drops by iptables' `statistic` match. Says which it used.
 */
function impairLink(ns: string, dev: string, { delayMs, jitterMs, lossPercent, rateKbit }: LinkTrouble): string {
  try {
    inNamespace(ns, ['tc', 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay', `${delayMs}ms`, `${jitterMs}ms`, 'loss', `${lossPercent}%`, 'rate', `${rateKbit}kbit`]);
    return `netem: ${delayMs} ms ± ${jitterMs} ms, ${lossPercent}% loss, ${rateKbit} kbit/s`;
  } catch {
    inNamespace(ns, ['tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', '16kbit', 'latency', `${delayMs * 4}ms`]);
    const drop = ['-m', 'statistic', '--mode', 'random', '--probability', String(lossPercent / 100), '-j', 'DROP'];
    inNamespace(ns, ['iptables', '-A', 'INPUT', '-i', dev, ...drop]);
    inNamespace(ns, ['iptables', '-A', 'OUTPUT', '-o', dev, ...drop]);
    return `tbf ${rateKbit} kbit/s (queue up to ${delayMs * 4} ms) and ${lossPercent}% random drops each way (this kernel has no netem)`;
  }
}

export type SchoolNetwork = Awaited<ReturnType<typeof buildSchoolNetwork>>;

/**
 * A school on its own network hosts, beside this machine (the teacher's laptop, which runs the
 * server): a router namespace that hides every student behind one address (NAT), and two
 * classroom namespaces behind it, the second on a slow, lossy link (`tc netem`).
 *
 *   this machine  <uplink>====<wan>  router (NAT)  <lanA.1>====<lanA.2>  classroom A
 *                                                         <lanB.1>====<lanB.2>  classroom B (netem)
 *
 * Everything is named with a random suffix and removed by `remove()`.
 */
export async function buildSchoolNetwork(options: { lossyLink: LinkTrouble }) {
  const id = randomBytes(3).toString('hex');
  const subnet = 64 + (parseInt(id.slice(0, 2), 16) % 180); // 10.<subnet>.x.0/24, unlikely to clash
  const router = `qz${id}gw`;
  const classroomA = `qz${id}a`;
  const classroomB = `qz${id}b`;
  const uplink = `qz${id}up`;
  const address = (net: number, host: number) => `10.${subnet}.${net}.${host}`;
  const created: string[] = [];
  let impairment = '';
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
    run(IP, ['link', 'add', uplink, 'type', 'veth', 'peer', 'name', 'wan', 'netns', router]);
    run(IP, ['addr', 'add', `${address(0, 1)}/24`, 'dev', uplink]);
    run(IP, ['link', 'set', uplink, 'up']);
    inNamespace(router, [IP, 'addr', 'add', `${address(0, 2)}/24`, 'dev', 'wan']);
    inNamespace(router, [IP, 'link', 'set', 'wan', 'up']);
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
    inNamespace(router, ['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan', '-j', 'MASQUERADE']);
    // Classroom B's Wi-Fi: slow and lossy, both ways.
    impairment = impairLink(classroomB, 'eth0', options.lossyLink);
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
    /** How classroom B's link is slowed down (netem where the kernel has it). */
    impairment,
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
