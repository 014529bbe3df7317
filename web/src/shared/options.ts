/** Each answer option has a colour AND a shape AND its text, so colour is never the only signal. */
export const OPTION_STYLES = [
  { shape: '▲', name: 'triangle', colour: '#c8102e', text: '#fff' },
  { shape: '◆', name: 'diamond', colour: '#1456b8', text: '#fff' },
  { shape: '●', name: 'circle', colour: '#f2c200', text: '#1a1a1a' },
  { shape: '■', name: 'square', colour: '#207a36', text: '#fff' },
  { shape: '★', name: 'star', colour: '#6a2aa8', text: '#fff' },
  { shape: '⬢', name: 'hexagon', colour: '#0c7c86', text: '#fff' },
] as const;

export function optionStyle(index: number) {
  return OPTION_STYLES[index % OPTION_STYLES.length]!;
}

/** A, B, C…: how an option is named out loud and on the compact buttons. */
export const letter = (index: number) => 'ABCDEF'[index] ?? String(index + 1);

const ORDINALS = ['1st', '2nd', '3rd'];
export function ordinal(rank: number): string {
  if (rank <= 3) return ORDINALS[rank - 1]!;
  return `${rank}th`;
}

/**
 * Arrow keys (and Home, End) move the focus among the answer buttons in `container`, as in a
 * radio group; for the keydown handler of the element around them.
 */
export function moveAmongOptions(container: HTMLElement | undefined, event: KeyboardEvent) {
  const buttons = [...(container?.querySelectorAll<HTMLButtonElement>('button.option') ?? [])];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
  const target = step ? (at + step + buttons.length) % buttons.length : event.key === 'Home' ? 0 : event.key === 'End' ? buttons.length - 1 : null;
  if (target === null) return;
  event.preventDefault();
  buttons[target]!.focus();
}
