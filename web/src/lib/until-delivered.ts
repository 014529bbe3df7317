import { ApiError } from './api.ts';

/**
 * Sends a request until the server answers it: when the network fails, waits for the
 * connection (the browser's `online` event, or a growing delay up to 10 s) and tries again;
 * a refusal from the server is final and thrown. `onWaiting` tells the screen it is retrying.
 */
export async function untilDelivered<T>(send: () => Promise<T>, onWaiting: () => void): Promise<T> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'NETWORK') throw e;
      onWaiting();
      await retryAfter(delay);
    }
  }
}

function retryAfter(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
  });
}
