/** A small history-API router: the current path as reactive state. */
class Router {
  path = $state(window.location.pathname);

  constructor() {
    window.addEventListener('popstate', () => (this.path = window.location.pathname));
  }

  go(path: string, replace = false) {
    if (path === this.path) return;
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    this.path = path;
    window.scrollTo(0, 0);
  }
}

export const router = new Router();

/** Handles a click on an in-app link without reloading the page. */
export function navigate(event: MouseEvent) {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  router.go(anchor.getAttribute('href')!);
}
