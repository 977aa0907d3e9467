import { spawn } from 'node:child_process';
import type { ClipboardContent, ClipboardSource, SourceAvailability } from '@sluice/agent-core';
import { createLineHelper, type LineHelper } from '../common/line-helper.js';
import { onPath } from '../common/on-path.js';
import { readTool, runTool } from '../common/run-tool.js';
import { CLIPBOARD_TOOL_TIMEOUT_MS, parseTargets, readClipboard } from './clipboard.js';

/**
 * The Wayland clipboard through wl-clipboard. `wl-paste --watch CMD` runs CMD at every new
 * selection; CMD here only prints a marker line (it does not read the content, so a 10 MB copy
 * costs the watcher nothing), and the guard then reads what it needs with a byte bound.
 *
 * Watch mode needs a compositor with the data-control protocol (wlroots compositors such as sway,
 * KDE Plasma); GNOME's mutter has none, and `wl-paste --watch` then exits at once with an error,
 * which `check()` reports. Wayland has no common way to learn which window has focus, so on a
 * Wayland-only session the guard as a whole stays unavailable; this source is ready for the day a
 * focus source exists, and is tested for real under a headless sway.
 */

/** What the watch command prints at each change. */
export const WAYLAND_CHANGE_MARKER = 'sluice-clipboard-changed';
/** How long a probe watcher must stay up for watch mode to count as supported. */
export const WAYLAND_PROBE_MS = 600;
const LIST_TYPES_MAX_BYTES = 64 * 1024;

/** The command lines, as data (tested; one place to change). */
export const WAYLAND_COMMANDS = {
  watch: { file: 'wl-paste', args: ['--watch', 'echo', WAYLAND_CHANGE_MARKER] },
  listTypes: { file: 'wl-paste', args: ['--list-types'] },
  read: (type: string) => ({ file: 'wl-paste', args: ['--type', type, '--no-newline'] }),
  // An explicit type: wl-copy would otherwise guess one with xdg-mime from the content itself.
  write: { file: 'wl-copy', args: ['--type', 'text/plain;charset=utf-8'] },
  clear: { file: 'wl-copy', args: ['--clear'] },
} as const;

export interface WaylandClipboardOptions {
  readonly env?: NodeJS.ProcessEnv;
}

/** Whether a watcher line announces a change (anything else, a stray message, is ignored). */
export function isWaylandChangeLine(line: string): boolean {
  return line.trim() === WAYLAND_CHANGE_MARKER;
}

/** Starts `wl-paste --watch` and tells whether it stays up (watch mode supported) or why it exited. */
function probeWatch(env: NodeJS.ProcessEnv): Promise<SourceAvailability> {
  return new Promise((resolve) => {
    const { file, args } = WAYLAND_COMMANDS.watch;
    const child = spawn(file, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let settled = false;
    const settle = (result: SourceAvailability) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill();
      resolve(result);
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-1_000);
    });
    child.on('error', (error) => settle({ available: false, code: 'E_PASTE_TOOL_MISSING', reason: `wl-paste could not be started: ${error.message}` }));
    child.on('close', (code) =>
      settle({
        available: false,
        // No closer code exists: without data-control there is no clipboard the agent may guard.
        code: 'E_PASTE_NO_DISPLAY',
        reason: `This Wayland compositor does not let applications watch the clipboard (wl-paste --watch exited with ${code}${stderr.trim() ? `: ${stderr.trim().slice(0, 300)}` : ''}); it needs the data-control protocol.`,
      }),
    );
    const timer = setTimeout(() => settle({ available: true }), WAYLAND_PROBE_MS);
  });
}

export function createWaylandClipboard(options: WaylandClipboardOptions = {}): ClipboardSource {
  const env = options.env ?? process.env;
  let watcher: LineHelper | undefined;
  let closed = false;

  return {
    async check() {
      if (!env.WAYLAND_DISPLAY) {
        return { available: false, code: 'E_PASTE_NO_DISPLAY', reason: 'There is no Wayland session (WAYLAND_DISPLAY is not set).' };
      }
      for (const tool of ['wl-paste', 'wl-copy']) {
        if (!(await onPath(tool, env))) {
          return { available: false, code: 'E_PASTE_TOOL_MISSING', reason: `${tool} is not installed; install the wl-clipboard package to guard the Wayland clipboard.` };
        }
      }
      return probeWatch(env);
    },

    async watch(onChange) {
      if (closed) return;
      watcher?.close();
      const { file, args } = WAYLAND_COMMANDS.watch;
      watcher = createLineHelper({
        file,
        args,
        env,
        maxLineBytes: 1_024,
        onLine: (line) => {
          if (isWaylandChangeLine(line)) onChange();
        },
      });
      watcher.start();
    },

    read(maxBytes): Promise<ClipboardContent> {
      return readClipboard(
        async () => {
          const { file, args } = WAYLAND_COMMANDS.listTypes;
          // Exit status 1 with "No selection" is an empty clipboard, not an error.
          const out = await readTool(file, args, { maxBytes: LIST_TYPES_MAX_BYTES, env, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
          return out.code === 0 ? parseTargets(out.data.toString('utf8')) : [];
        },
        (type, bound) => {
          const { file, args } = WAYLAND_COMMANDS.read(type);
          return readTool(file, args, { maxBytes: bound, env, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
        },
        maxBytes,
      );
    },

    writeText(text) {
      const { file, args } = WAYLAND_COMMANDS.write;
      return runTool(file, args, { input: text, env, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
    },

    clear() {
      const { file, args } = WAYLAND_COMMANDS.clear;
      return runTool(file, args, { input: '', env, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
    },

    close() {
      closed = true;
      watcher?.close();
      watcher = undefined;
    },
  };
}
