// Preloaded into a server process (NODE_OPTIONS=--import): on SIGUSR2 its main thread stops
// running, as a thread stuck in a long synchronous stretch does, until the file named by
// STALL_RELEASE_FILE exists (the file is then removed). Worker threads go on running.
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.env.STALL_RELEASE_FILE) {
  const release = process.env.STALL_RELEASE_FILE;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  process.on('SIGUSR2', () => {
    while (!fs.existsSync(release)) Atomics.wait(pause, 0, 0, 50);
    fs.rmSync(release);
  });
}
