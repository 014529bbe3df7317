import { Worker } from 'node:worker_threads';
import type { HeartbeatWorkerData, HeartbeatWorkerMessage } from './heartbeat-worker.ts';
import type { NodeHeartbeat, StartHeartbeat } from './node-heartbeat.ts';

/** How often the main thread marks that it runs (what the worker's `stallMs` is measured on). */
const MARK_EVERY_MS = 100;

export type HeartbeatThreadOptions = {
  /** The worker's program (heartbeat-worker, built or from the sources). */
  script: string;
  redis: { url: string; prefix: string };
  /** Beats from the main thread instead, should the worker fail. */
  fallback: StartHeartbeat;
  log: (message: string, error?: unknown) => void;
};

/**
 * Beats from a worker thread: the heartbeat keeps its rhythm while the main thread is busy (a
 * question sent to 5,000 sockets keeps it for a second or two), and stops once the main thread
 * has not run for `stallMs` (stuck: its rooms must move). A frozen or killed process stops both.
 * The main thread marks in shared memory, on a timer of its own, when it last ran.
 */
export function workerThreadHeartbeat(options: HeartbeatThreadOptions): StartHeartbeat {
  return (nodeId, timing) => {
    const lastRan = new SharedArrayBuffer(8);
    const ran = new BigInt64Array(lastRan);
    const mark = () => Atomics.store(ran, 0, BigInt(Date.now()));
    mark();
    const marker = setInterval(mark, MARK_EVERY_MS);
    marker.unref();
    const data: HeartbeatWorkerData = { ...timing, ...options.redis, nodeId, lastRan };
    const worker = new Worker(options.script, { workerData: data });
    // The worker lives as long as the process does; it never keeps the process alive by itself.
    worker.unref();
    let stopping = false;
    let fallback: NodeHeartbeat | undefined;
    let started!: () => void;
    const first = new Promise<void>((resolve) => (started = resolve));
    worker.on('message', (message: HeartbeatWorkerMessage) => {
      if ('started' in message) started();
      else options.log(message.log, message.error);
    });
    worker.on('error', (error) => options.log('heartbeat worker failed', error));
    worker.on('exit', () => {
      clearInterval(marker);
      if (stopping) return;
      options.log('heartbeat worker stopped: beating from the main thread');
      fallback = options.fallback(nodeId, timing);
      void fallback.started.then(started);
    });
    return {
      started: first,
      async stop() {
        stopping = true;
        clearInterval(marker);
        await fallback?.stop();
        await worker.terminate();
      },
    };
  };
}
