import type { ActiveWindow, FocusSource, SourceAvailability, WindowSource } from '@sluice/agent-core';
import { createHelperFocus } from './helper-focus.js';
import { createLineHelper, type LineHelper } from './line-helper.js';

/**
 * The long-running helper behind the macOS and Windows paste guards (JXA on macOS, C# through
 * PowerShell on Windows). One process serves both the clipboard source and the focus source: it
 * starts with the first of them to watch and stops when both have closed. It reports a clipboard
 * change counter (pasteboard change count, clipboard sequence number) with what it saw of the
 * content, and foreground changes. A change is announced only when the counter moves, so a
 * restarted helper that reports the same counter again is not taken for a new copy.
 */

/** What the platform makes of one helper line. */
export type DesktopHelperReport<C> = { kind: 'clipboard'; counter: number; event: C } | { kind: 'focus'; window: ActiveWindow | undefined } | undefined;

export interface DesktopHelperOptions<C> {
  readonly command: { file: string; args: readonly string[] };
  readonly env: NodeJS.ProcessEnv;
  /** The platform's window source, which completes what the helper sees of a focus change. */
  readonly windows?: WindowSource | undefined;
  /** How long a read made before the helper's first clipboard report waits for it. */
  readonly firstReportWaitMs: number;
  parse(line: string): DesktopHelperReport<C>;
}

export interface DesktopHelper<C> {
  watchClipboard(onChange: () => void): void;
  unwatchClipboard(): void;
  watchFocus(onFocus: (window: ActiveWindow | undefined) => void): void;
  unwatchFocus(): void;
  currentFocus(): Promise<ActiveWindow | undefined>;
  /**
   * The helper's latest clipboard report; while the helper runs but has not reported yet, waits up
   * to `firstReportWaitMs` for it. Undefined: read the content without knowing its kind.
   */
  clipboardReport(): Promise<C | undefined>;
  /** The focus source of the platform: foreground changes as the helper reports them. */
  focusSource(check: () => Promise<SourceAvailability>): FocusSource;
}

export function createDesktopHelper<C>(options: DesktopHelperOptions<C>): DesktopHelper<C> {
  const focusState = createHelperFocus(options.windows ? { windows: options.windows } : {});
  let helper: LineHelper | undefined;
  let users = 0;
  let last: C | undefined;
  let announced: number | undefined;
  let onClipboard: (() => void) | undefined;
  let focusWatched = false;
  const firstReport: Array<() => void> = [];

  function acquire(): void {
    users += 1;
    if (helper) return;
    helper = createLineHelper({
      file: options.command.file,
      args: [...options.command.args],
      env: options.env,
      onLine(line) {
        const report = options.parse(line);
        if (report?.kind === 'clipboard') {
          last = report.event;
          for (const wake of firstReport.splice(0)) wake();
          if (report.counter !== announced) {
            announced = report.counter;
            onClipboard?.();
          }
        } else if (report?.kind === 'focus') {
          focusState.report(report.window);
        }
      },
    });
    helper.start();
  }

  function release(): void {
    users -= 1;
    if (users <= 0) {
      helper?.close();
      helper = undefined;
      users = 0;
    }
  }

  const desktop: DesktopHelper<C> = {
    watchClipboard(onChange) {
      if (!onClipboard) acquire();
      onClipboard = onChange;
    },
    unwatchClipboard() {
      if (onClipboard) release();
      onClipboard = undefined;
    },
    watchFocus(onFocus) {
      focusState.watch(onFocus);
      if (!focusWatched) {
        focusWatched = true;
        acquire();
      }
    },
    unwatchFocus() {
      if (focusWatched) release();
      focusWatched = false;
    },
    currentFocus: () => focusState.current(),
    clipboardReport() {
      if (last !== undefined || !helper) return Promise.resolve(last);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(last), options.firstReportWaitMs);
        firstReport.push(() => {
          clearTimeout(timer);
          resolve(last);
        });
      });
    },
    focusSource: (check) => ({
      check,
      async watch(onFocus) {
        desktop.watchFocus(onFocus);
      },
      current: () => desktop.currentFocus(),
      close: () => desktop.unwatchFocus(),
    }),
  };
  return desktop;
}
