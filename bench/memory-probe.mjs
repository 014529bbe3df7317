// Loaded into a bench's server process (node --expose-gc --import ./bench/memory-probe.mjs):
// answers the bench's IPC requests for its memory after a full collection, or a heap snapshot.
import v8 from 'node:v8';

process.on('message', (message) => {
  if (message?.type === 'memory') {
    globalThis.gc?.();
    process.send?.({ type: 'memory', id: message.id, usage: process.memoryUsage() });
  } else if (message?.type === 'snapshot') {
    globalThis.gc?.();
    process.send?.({ type: 'snapshot', id: message.id, file: v8.writeHeapSnapshot(message.file) });
  }
});
// The IPC channel must not keep a server alive that would otherwise exit.
process.channel?.unref();
