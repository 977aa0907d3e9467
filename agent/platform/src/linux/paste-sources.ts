import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { ActiveWindow, ClipboardSource, FocusSource, Notifier, SourceAvailability, UserNotice } from '@sluice/agent-core';
import { readTool, runTool } from '../common/run-tool.js';
import { CLIPBOARD_TOOL_TIMEOUT_MS, parseTargets, readClipboard } from './clipboard.js';
import { X11Desktop } from './x11-desktop.js';

async function onPath(program: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      await access(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // Not in this folder.
    }
  }
  return false;
}

export interface LinuxDesktopOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * The Linux desktop for the paste guard. On X11: node-x11 events for focus and clipboard changes,
 * xclip for the content. On Wayland: wl-clipboard for the clipboard; Wayland has no common way to
 * know the focused window, so the guard reports itself unavailable there with that reason.
 */
export function createLinuxPasteSources(options: LinuxDesktopOptions = {}): { clipboard: ClipboardSource; focus: FocusSource; notifier: Notifier } {
  const env = options.env ?? process.env;
  let desktop: Promise<X11Desktop> | undefined;
  const connect = () => (desktop ??= X11Desktop.connect(env.DISPLAY ?? ''));
  const xclipEnv = { ...env };

  async function availability(): Promise<SourceAvailability> {
    if (!env.DISPLAY) {
      if (env.WAYLAND_DISPLAY) {
        return { available: false, code: 'E_PASTE_FOCUS_UNAVAILABLE', reason: 'Wayland does not let an application see which window has focus; the paste guard needs an X11 session (or the Sluice desktop app).' };
      }
      return { available: false, code: 'E_PASTE_NO_DISPLAY', reason: 'There is no graphical session (DISPLAY is not set), so there is no clipboard to guard.' };
    }
    if (!(await onPath('xclip', env))) {
      return { available: false, code: 'E_PASTE_TOOL_MISSING', reason: 'xclip is not installed; install the xclip package to enable the paste guard.' };
    }
    try {
      await connect();
      return { available: true };
    } catch (error) {
      desktop = undefined;
      return { available: false, code: 'E_PASTE_NO_DISPLAY', reason: `The X display ${env.DISPLAY} cannot be reached: ${(error as Error).message}` };
    }
  }

  const clipboard: ClipboardSource = {
    check: availability,
    async watch(onChange) {
      (await connect()).onClipboardChange(onChange);
    },
    read(maxBytes) {
      return readClipboard(
        async () => {
          const out = await readTool('xclip', ['-o', '-selection', 'clipboard', '-t', 'TARGETS'], { maxBytes: 64 * 1024, env: xclipEnv, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
          return out.code === 0 ? parseTargets(out.data.toString('latin1')) : [];
        },
        (target, bound) => readTool('xclip', ['-o', '-selection', 'clipboard', '-t', target], { maxBytes: bound, env: xclipEnv, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS }),
        maxBytes,
      );
    },
    writeText: (text) => runTool('xclip', ['-i', '-selection', 'clipboard'], { input: text, env: xclipEnv, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS }),
    clear: () => runTool('xclip', ['-i', '-selection', 'clipboard'], { input: '', env: xclipEnv, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS }),
    close: async () => {
      const d = await desktop?.catch(() => undefined);
      d?.close();
      desktop = undefined;
    },
  };

  const focus: FocusSource = {
    check: availability,
    async watch(onFocus) {
      const d = await connect();
      d.onFocusChange(() => {
        d.activeWindow().then(onFocus, () => onFocus(undefined));
      });
    },
    async current(): Promise<ActiveWindow | undefined> {
      return (await connect()).activeWindow();
    },
    close: () => undefined,
  };

  const notifier: Notifier = {
    async notify(notice: UserNotice) {
      await runTool(
        'notify-send',
        ['--app-name=Sluice', `--urgency=${notice.urgency}`, '--expire-time=15000', '--', notice.title.slice(0, 200), notice.body.slice(0, 1_000)],
        { env },
      );
    },
  };

  return { clipboard, focus, notifier };
}
