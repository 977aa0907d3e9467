import type { ClipboardContent, ClipboardSource, FocusSource, Notifier, SourceAvailability, WindowSource } from '@sluice/agent-core';
import { createHelperFocus } from '../common/helper-focus.js';
import { createLineHelper, type LineHelper } from '../common/line-helper.js';
import { onPath } from '../common/on-path.js';
import { decodeText } from '../common/decode.js';
import { readTool, runTool } from '../common/run-tool.js';
import { CLIPBOARD_TOOL_TIMEOUT_MS } from '../linux/clipboard.js';
import {
  classifyPasteboardTypes,
  DARWIN_COMMANDS,
  darwinFocusWindow,
  darwinNotifyCommand,
  darwinToolEnv,
  parseDarwinHelperLine,
  pbcopyWouldRetype,
  type DarwinClipboardEvent,
} from './paste-scripts.js';

export interface DarwinPasteOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The discovery window source (get-windows), asked once per focus change for URL and bundle. */
  readonly windows?: WindowSource;
}

/** How long a first `read` waits for the helper's first report before reading text regardless. */
const FIRST_REPORT_WAIT_MS = 1_500;
const NOTIFY_TIMEOUT_MS = 10_000;

/**
 * The macOS desktop for the paste guard. One helper process (osascript, JXA) reports pasteboard
 * change counts and foreground changes; content is read only after the count changed: text with
 * `pbpaste` under a byte bound, images and files by the type and size the helper measured. Writes
 * go through `pbcopy`; notifications through `display notification`.
 */
export function createDarwinPasteSources(options: DarwinPasteOptions = {}): { clipboard: ClipboardSource; focus: FocusSource; notifier: Notifier } {
  const env = options.env ?? process.env;
  const toolEnv = darwinToolEnv(env);
  const focusState = createHelperFocus(options.windows ? { windows: options.windows } : {});
  let helper: LineHelper | undefined;
  let users = 0;
  let lastClipboard: DarwinClipboardEvent | undefined;
  let announced: number | undefined;
  let onClipboard: (() => void) | undefined;
  const firstReport: Array<() => void> = [];

  function ensureHelper(): void {
    if (helper) return;
    const { file, args } = DARWIN_COMMANDS.helper;
    helper = createLineHelper({
      file,
      args,
      env,
      onLine(line) {
        const event = parseDarwinHelperLine(line);
        if (!event) return;
        if (event.kind === 'clipboard') {
          lastClipboard = event;
          for (const wake of firstReport.splice(0)) wake();
          // A restarted helper reports the same count again: that is not a change.
          if (event.changeCount !== announced) {
            announced = event.changeCount;
            onClipboard?.();
          }
        } else if (event.kind === 'focus') {
          focusState.report(darwinFocusWindow(event));
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

  async function availability(): Promise<SourceAvailability> {
    for (const tool of ['osascript', 'pbpaste', 'pbcopy']) {
      if (!(await onPath(tool, env))) return { available: false, code: 'E_PASTE_TOOL_MISSING', reason: `${tool} was not found; the paste guard needs the macOS command-line tools in /usr/bin.` };
    }
    return { available: true };
  }

  function waitFirstReport(): Promise<void> {
    if (lastClipboard) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, FIRST_REPORT_WAIT_MS);
      firstReport.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async function readText(maxBytes: number): Promise<ClipboardContent> {
    const { file, args } = DARWIN_COMMANDS.readText;
    const out = await readTool(file, args, { maxBytes, env: toolEnv, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
    if (out.data.length === 0) return { kind: 'empty' };
    return { kind: 'text', text: decodeText(out.data, out.truncated), bytes: out.data.length, truncated: out.truncated };
  }

  const clipboard: ClipboardSource = {
    check: availability,
    async watch(onChange) {
      onClipboard = onChange;
      users += 1;
      ensureHelper();
    },
    async read(maxBytes) {
      if (!lastClipboard && helper) await waitFirstReport();
      const info = lastClipboard;
      if (!info) return readText(maxBytes);
      const choice = classifyPasteboardTypes(info.types);
      switch (choice.kind) {
        case 'empty':
          return { kind: 'empty' };
        case 'text':
          return readText(maxBytes);
        case 'image':
          return { kind: 'image', mime: info.imageType ?? choice.type, bytes: info.imageBytes ?? 0 };
        case 'files':
          return { kind: 'files', mime: choice.type, bytes: info.fileBytes ?? 0 };
        default:
          return { kind: 'other', mime: choice.type, bytes: 0 };
      }
    },
    writeText(text) {
      const { file, args } = pbcopyWouldRetype(text) ? DARWIN_COMMANDS.writeTextAsPlain : DARWIN_COMMANDS.writeText;
      return runTool(file, args, { input: text, env: toolEnv, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
    },
    clear() {
      const { file, args } = DARWIN_COMMANDS.clear;
      return runTool(file, args, { input: '', env: toolEnv, timeoutMs: CLIPBOARD_TOOL_TIMEOUT_MS });
    },
    close() {
      if (onClipboard) release();
      onClipboard = undefined;
    },
  };

  let focusWatched = false;
  const focus: FocusSource = {
    check: availability,
    async watch(onFocus) {
      focusState.watch(onFocus);
      if (!focusWatched) {
        focusWatched = true;
        users += 1;
        ensureHelper();
      }
    },
    current: () => focusState.current(),
    close() {
      if (focusWatched) release();
      focusWatched = false;
    },
  };

  const notifier: Notifier = {
    notify(notice) {
      const { file, args } = darwinNotifyCommand(notice);
      return runTool(file, args, { env: toolEnv, timeoutMs: NOTIFY_TIMEOUT_MS });
    },
  };

  return { clipboard, focus, notifier };
}
