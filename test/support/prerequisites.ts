import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** What the suite needs outside npm, and the Debian package that brings each. */
const NEEDS = [
  { what: 'Chromium (browser tests)', present: () => fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'), pkg: 'chromium' },
  { what: 'nginx (the deployment proxy)', present: () => ['/usr/sbin/nginx', '/usr/bin/nginx'].some((p) => fs.existsSync(p)), pkg: 'nginx-light' },
  { what: 'ip and tc (classroom network hosts)', present: () => ['/usr/sbin/ip', '/sbin/ip', '/bin/ip'].some((p) => fs.existsSync(p)) && ['/usr/sbin/tc', '/sbin/tc'].some((p) => fs.existsSync(p)), pkg: 'iproute2' },
  { what: 'iptables (the school NAT)', present: () => ['/usr/sbin/iptables', '/sbin/iptables'].some((p) => fs.existsSync(p)), pkg: 'iptables' },
];

/**
 * Installs what is missing when the suite runs as root on Debian (as CI does on a clean
 * machine); anywhere else it stops with one line naming what to install.
 */
export function ensurePrerequisites(): void {
  const missing = NEEDS.filter((need) => !need.present());
  if (!missing.length) return;
  const packages = missing.map((need) => need.pkg);
  const canInstall = os.userInfo().uid === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(`The test suite needs ${missing.map((m) => m.what).join(', ')}: install them (Debian: apt-get install ${packages.join(' ')}) or run the tests as root on Debian, which installs them.`);
  }
  console.log(`installing what the tests need: ${packages.join(' ')}`);
  const apt = (args: string[]) => execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', ...packages]);
  const still = NEEDS.filter((need) => !need.present());
  if (still.length) throw new Error(`The test suite needs ${still.map((m) => m.what).join(', ')}, and installing ${packages.join(' ')} did not bring them.`);
}
