/**
 * Calls `fn` at most once per `intervalMs`: the first call runs at once, later calls inside the
 * interval are folded into one trailing call. `cancel` drops a pending call.
 */
export function throttle(fn: () => void, intervalMs: number): { (): void; cancel(): void } {
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
