import type { ActiveWindow, WindowSource } from '@sluice/agent-core';

/**
 * Focus changes announced by a platform helper (the macOS pasteboard helper, the Windows clipboard
 * helper), completed by the platform's window source (get-windows: browser URL, bundle id, owner
 * path). The helper says *when* the foreground changed and what it saw itself; the window source,
 * asked once per change and bounded in time, adds what only it knows. If it fails or is slow, the
 * helper's own view is used, so focus never waits on a stuck tool.
 */

export interface HelperFocusOptions {
  /** The platform's window source; absent means the helper's view is used as it is. */
  readonly windows?: WindowSource;
  /** Longest wait for the window source. Default 400 ms. */
  readonly resolveTimeoutMs?: number;
}

export interface HelperFocus {
  /** Called by the platform code for each focus line of its helper. */
  report(seen: ActiveWindow | undefined): void;
  /** Starts delivering changes. */
  watch(onFocus: (window: ActiveWindow | undefined) => void): void;
  /** The last window known, or the window source's answer if none was reported yet. */
  current(): Promise<ActiveWindow | undefined>;
}

/** The window source's fields win; the helper fills what it lacks (titles without Screen Recording permission, for one). */
export function mergeWindows(primary: ActiveWindow | undefined, fallback: ActiveWindow | undefined): ActiveWindow | undefined {
  if (!primary) return fallback;
  if (!fallback) return primary;
  // Two different processes: the window source saw a later window than the helper; trust it alone.
  if (primary.ownerPid && fallback.ownerPid && primary.ownerPid !== fallback.ownerPid) return primary;
  return { ...fallback, ...Object.fromEntries(Object.entries(primary).filter(([, v]) => v !== undefined && v !== '')) };
}

export function sameWindow(a: ActiveWindow | undefined, b: ActiveWindow | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.title === b.title && a.url === b.url && a.ownerPid === b.ownerPid && a.ownerName === b.ownerName && a.ownerPath === b.ownerPath && a.bundleId === b.bundleId;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

export function createHelperFocus(options: HelperFocusOptions = {}): HelperFocus {
  const timeoutMs = options.resolveTimeoutMs ?? 400;
  let listener: ((window: ActiveWindow | undefined) => void) | undefined;
  let known: ActiveWindow | undefined;
  let reported = false;
  let seq = 0;

  async function resolve(seen: ActiveWindow | undefined): Promise<ActiveWindow | undefined> {
    if (!options.windows) return seen;
    const fromSource = await withTimeout(options.windows.active(), timeoutMs);
    return mergeWindows(fromSource, seen);
  }

  return {
    report(seen) {
      const mine = ++seq;
      void resolve(seen).then((window) => {
        // A later change overtook this one while the window source was asked.
        if (mine !== seq) return;
        const changed = !reported || !sameWindow(window, known);
        known = window;
        reported = true;
        if (changed) listener?.(window);
      });
    },
    watch(onFocus) {
      listener = onFocus;
    },
    async current() {
      if (reported) return known;
      return resolve(undefined);
    },
  };
}
