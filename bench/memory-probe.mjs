// Loaded into a bench's server process (node --expose-gc --import ./bench/memory-probe.mjs):
// answers the bench's IPC requests for its memory after a full collection, or a heap snapshot.
import fs from 'node:fs';
import v8 from 'node:v8';

/** Linux's split of the resident set: anonymous (heap, arenas), file-backed (the binary, libraries), shared. */
function residentSplit() {
  let status;
  try {
    status = fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    return {};
  }
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), rssShmem: kb('RssShmem') };
}

process.on('message', (message) => {
  if (message?.type === 'memory') {
    globalThis.gc?.();
    process.send?.({ type: 'memory', id: message.id, usage: { ...process.memoryUsage(), ...residentSplit() } });
  } else if (message?.type === 'snapshot') {
    globalThis.gc?.();
    process.send?.({ type: 'snapshot', id: message.id, file: v8.writeHeapSnapshot(message.file) });
  }
});
// The IPC channel must not keep a server alive that would otherwise exit.
process.channel?.unref();
