import { questionTimes, type Clocked, type QuestionTimes } from './question-times.ts';

/**
 * A question's clocks that refresh a few times a second while it runs; call it while a
 * component initialises and read `.value`.
 */
export function ticking(question: () => Clocked, receivedAt: () => number, everyMs = 200): { readonly value: QuestionTimes } {
  let now = $state(performance.now());
  $effect(() => {
    if (question().paused) return;
    now = performance.now();
    const timer = setInterval(() => (now = performance.now()), everyMs);
    return () => clearInterval(timer);
  });
  const times = $derived(questionTimes(question(), receivedAt(), now));
  return {
    get value() {
      return times;
    },
  };
}
