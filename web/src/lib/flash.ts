let pending: string | null = null;

/** A message for the next screen to show once ("Question saved."), after a navigation. */
export function flash(message: string) {
  pending = message;
}

/** The message left for this screen, if any; it is shown once. */
export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
