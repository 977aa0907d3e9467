import type { ClipboardContent, ClipboardSource, FocusSource, Notifier, SourceAvailability, WindowSource } from '@sluice/agent-core';
import { createDesktopHelper } from '../common/desktop-helper.js';
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
  const helper = createDesktopHelper<DarwinClipboardEvent>({
    command: DARWIN_COMMANDS.helper,
    env,
    windows: options.windows,
    firstReportWaitMs: FIRST_REPORT_WAIT_MS,
    parse(line) {
      const event = parseDarwinHelperLine(line);
      if (event?.kind === 'clipboard') return { kind: 'clipboard', counter: event.changeCount, event };
      if (event?.kind === 'focus') return { kind: 'focus', window: darwinFocusWindow(event) };
      return undefined;
    },
  });

  async function availability(): Promise<SourceAvailability> {
    for (const tool of ['osascript', 'pbpaste', 'pbcopy']) {
      if (!(await onPath(tool, env))) return { available: false, code: 'E_PASTE_TOOL_MISSING', reason: `${tool} was not found; the paste guard needs the macOS command-line tools in /usr/bin.` };
    }
    return { available: true };
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
      helper.watchClipboard(onChange);
    },
    async read(maxBytes) {
      const info = await helper.clipboardReport();
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
    close: () => helper.unwatchClipboard(),
  };

  const focus = helper.focusSource(availability);

  const notifier: Notifier = {
    notify(notice) {
      const { file, args } = darwinNotifyCommand(notice);
      return runTool(file, args, { env: toolEnv, timeoutMs: NOTIFY_TIMEOUT_MS });
    },
  };

  return { clipboard, focus, notifier };
}
