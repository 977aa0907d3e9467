import type { ClipboardContent, ClipboardSource, FocusSource, Notifier, SourceAvailability, WindowSource } from '@sluice/agent-core';
import { createDesktopHelper } from '../common/desktop-helper.js';
import { onPath } from '../common/on-path.js';
import { readTool, runTool } from '../common/run-tool.js';
import {
  chooseWin32Content,
  parseWin32HelperLine,
  parseWin32TextOutput,
  powershellCommand,
  WIN32_CLEAR_SCRIPT,
  WIN32_WRITE_TEXT_SCRIPT,
  win32FocusWindow,
  win32HelperScript,
  win32NotifyScript,
  win32ReadOutputBound,
  win32ReadTextScript,
  win32WriteTextInput,
  type Win32ClipboardEvent,
} from './paste-scripts.js';

export interface Win32PasteOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The discovery window source (get-windows), asked once per focus change. */
  readonly windows?: WindowSource;
}

/** PowerShell starts in about half a second; a clipboard read or write gets this long in all. */
const POWERSHELL_TIMEOUT_MS = 15_000;
/** A toast returns at once; the balloon fallback stays up 15 s. */
const NOTIFY_TIMEOUT_MS = 25_000;
const FIRST_REPORT_WAIT_MS = 5_000;

/** Runs a PowerShell script and keeps at most `maxChars` of its output. */
async function powershellOutput(script: string, maxChars: number, env: NodeJS.ProcessEnv): Promise<string> {
  const { file, args } = powershellCommand(script);
  const out = await readTool(file, args, { maxBytes: maxChars, env, timeoutMs: POWERSHELL_TIMEOUT_MS });
  if (out.code !== 0 && !out.truncated) throw new Error(`powershell.exe exited with ${out.code}`);
  return out.data.toString('latin1');
}

/**
 * The Windows desktop for the paste guard. One PowerShell helper (C# through Add-Type) reports the
 * clipboard sequence number and the foreground window; the content is read only when the number
 * changed: text with Get-Clipboard under a byte bound, files and images by the formats and sizes
 * the helper saw. Writes use Set-Clipboard; notifications are toasts (balloons as a fallback).
 *
 * The clipboard belongs to the interactive session: an agent running as a service in session 0
 * sees another, empty clipboard, so the guard runs in the user's session (the desktop app, or
 * `sluice agent run` started at logon).
 */
export function createWin32PasteSources(options: Win32PasteOptions = {}): { clipboard: ClipboardSource; focus: FocusSource; notifier: Notifier } {
  const env = options.env ?? process.env;
  const helper = createDesktopHelper<Win32ClipboardEvent>({
    command: powershellCommand(win32HelperScript()),
    env,
    windows: options.windows,
    firstReportWaitMs: FIRST_REPORT_WAIT_MS,
    parse(line) {
      const event = parseWin32HelperLine(line);
      if (event?.kind === 'clipboard') return { kind: 'clipboard', counter: event.seq, event };
      if (event?.kind === 'focus') return { kind: 'focus', window: win32FocusWindow(event) };
      return undefined;
    },
  });

  async function availability(): Promise<SourceAvailability> {
    if (!(await onPath('powershell.exe', env))) {
      return { available: false, code: 'E_PASTE_TOOL_MISSING', reason: 'powershell.exe (Windows PowerShell 5.1) was not found on PATH; the paste guard uses it to reach the clipboard.' };
    }
    return { available: true };
  }

  async function readText(maxBytes: number): Promise<ClipboardContent> {
    const stdout = await powershellOutput(win32ReadTextScript(maxBytes), win32ReadOutputBound(maxBytes), env);
    return parseWin32TextOutput(stdout, maxBytes);
  }

  const clipboard: ClipboardSource = {
    check: availability,
    async watch(onChange) {
      helper.watchClipboard(onChange);
    },
    async read(maxBytes) {
      const info = await helper.clipboardReport();
      if (!info) return readText(maxBytes);
      const choice = chooseWin32Content(info);
      switch (choice.kind) {
        case 'empty':
          return { kind: 'empty' };
        case 'text':
          return readText(maxBytes);
        case 'image':
        case 'files':
        case 'other':
          return { kind: choice.kind, mime: choice.mime, bytes: info.bytes ?? 0 };
      }
    },
    writeText(text) {
      const { file, args } = powershellCommand(WIN32_WRITE_TEXT_SCRIPT);
      return runTool(file, args, { input: win32WriteTextInput(text), env, timeoutMs: POWERSHELL_TIMEOUT_MS });
    },
    clear() {
      const { file, args } = powershellCommand(WIN32_CLEAR_SCRIPT);
      return runTool(file, args, { env, timeoutMs: POWERSHELL_TIMEOUT_MS });
    },
    close: () => helper.unwatchClipboard(),
  };

  const focus = helper.focusSource(availability);

  const notifier: Notifier = {
    notify(notice) {
      const { file, args } = powershellCommand(win32NotifyScript(notice));
      return runTool(file, args, { env, timeoutMs: NOTIFY_TIMEOUT_MS });
    },
  };

  return { clipboard, focus, notifier };
}
