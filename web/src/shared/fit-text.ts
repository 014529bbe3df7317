import type { Action } from 'svelte/action';

/** Mutations inside an element with this attribute (a ticking clock, a counter) never re-fit. */
const FIT_IGNORE = 'data-fit-ignore';

/**
 * Shrinks the node's font size, from the size its CSS gives down to `min` pixels, to the largest
 * at which its content fits its box without scrolling; fits again when the box or the content
 * changes. Text sized in `em` inside the node shrinks with it. A box whose height follows its
 * content always fits; below `min` the box scrolls.
 */
export const fitText: Action<HTMLElement, { min: number }> = (node, params) => {
  let min = params.min;
  let frame = 0;
  const fits = () => node.scrollHeight <= node.clientHeight + 1;

  function fit() {
    node.style.fontSize = '';
    const natural = parseFloat(getComputedStyle(node).fontSize);
    if (fits() || natural <= min) return;
    let low = min;
    let high = natural;
    while (high - low > 0.5) {
      const mid = (low + high) / 2;
      node.style.fontSize = `${mid}px`;
      if (fits()) low = mid;
      else high = mid;
    }
    node.style.fontSize = `${low}px`;
  }
  const later = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(fit);
  };

  const resized = new ResizeObserver(later);
  resized.observe(node);
  const changed = new MutationObserver((records) => {
    if (records.some((r) => !(r.target instanceof Element ? r.target : r.target.parentElement)?.closest(`[${FIT_IGNORE}]`))) later();
  });
  changed.observe(node, { childList: true, subtree: true, characterData: true });
  later();

  return {
    update(next) {
      min = next.min;
      later();
    },
    destroy() {
      cancelAnimationFrame(frame);
      resized.disconnect();
      changed.disconnect();
    },
  };
};
