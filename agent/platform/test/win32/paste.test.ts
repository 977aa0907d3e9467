import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActiveWindow, WindowSource } from '@sluice/agent-core';
import { createWin32PasteSources } from '../../src/win32/paste-sources.js';
import {
  chooseWin32Content,
  encodePowerShell,
  parseWin32HelperLine,
  parseWin32TextOutput,
  powershellCommand,
  POWERSHELL_APP_ID,
  WIN32_CLEAR_SCRIPT,
  WIN32_HELPER_CSHARP,
  WIN32_WRITE_TEXT_SCRIPT,
  win32FocusWindow,
  win32HelperScript,
  win32NotifyScript,
  win32ReadOutputBound,
  win32ReadTextScript,
  win32WriteTextInput,
  type Win32HelperEvent,
} from '../../src/win32/paste-scripts.js';
import { HOSTILE } from '../hostile.js';
import { installFakeTools, type FakeTools } from '../fake-tools.js';
import { removeDir, sleep, until } from '../support.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'win32', name), 'utf8');
const decodeCommand = (args: readonly string[]) => Buffer.from(args[args.indexOf('-EncodedCommand') + 1] ?? '', 'base64').toString('utf16le');

type Clip = Extract<Win32HelperEvent, { kind: 'clipboard' }>;
type Focus = Extract<Win32HelperEvent, { kind: 'focus' }>;

describe('Windows helper output (recorded lines)', () => {
  const events = fixture('clipboard-helper.jsonl').split('\n').filter(Boolean).map(parseWin32HelperLine);

  it('parses sequence numbers, formats and sizes, foreground windows with escaped titles, and skips what is not an event', () => {
    expect(events.map((e) => e?.kind ?? null)).toEqual(['clipboard', 'focus', 'alive', 'clipboard', 'clipboard', 'clipboard', 'focus', 'clipboard', 'clipboard', 'focus', 'focus', null, null]);
    expect(win32FocusWindow(events[1] as Focus)).toEqual({
      title: 'ChatGPT - Google Chrome',
      ownerPid: 8412,
      ownerPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      ownerName: 'chrome.exe',
    });
    expect(win32FocusWindow(events[6] as Focus)?.title).toBe('secrets.env — infra - Visual Studio Code');
    expect(win32FocusWindow(events[9] as Focus)).toBeUndefined();
    expect(win32FocusWindow(events[10] as Focus)?.title).toBe('"quoted" \\ back\u0007 \ud83d half');
  });

  it('classifies the clipboard: Explorer files as files, a spreadsheet copy as text, screenshots as images, registered formats as other', () => {
    const clips = events.filter((e): e is Clip => e?.kind === 'clipboard');
    expect(clips.map((c) => chooseWin32Content(c))).toEqual([
      { kind: 'text', mime: 'CF_UNICODETEXT' },
      { kind: 'files', mime: 'CF_HDROP' },
      { kind: 'image', mime: 'CF_DIBV5' },
      { kind: 'text', mime: 'CF_UNICODETEXT' },
      { kind: 'other', mime: 'registered-format' },
      { kind: 'empty' },
    ]);
  });
});

describe('Windows scripts and their encoding', () => {
  it('passes every script as -EncodedCommand (UTF-16LE Base64) in a single-threaded apartment, without profile or prompts', () => {
    const { file, args } = powershellCommand('Get-Date');
    expect(file).toBe('powershell.exe');
    expect(args.slice(0, 5)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-Sta', '-EncodedCommand']);
    expect(decodeCommand(args)).toBe('Get-Date');
    expect(encodePowerShell('é')).toBe(Buffer.from([0xe9, 0x00]).toString('base64'));
    // A command line on Windows holds at most 32,767 characters.
    const helper = powershellCommand(win32HelperScript());
    expect(helper.args.join(' ').length).toBeLessThan(32_000);
    expect(decodeCommand(helper.args)).toContain('[SluiceClipboardWatch]::Run(250, 14400)');
  });

  it('keeps the C# helper compilable by Windows PowerShell 5.1 (C# 5) and inside its literal here-string', () => {
    expect(WIN32_HELPER_CSHARP).not.toMatch(/\$"|\?\.|\bnameof\(|=>|\bout var\b/);
    expect(WIN32_HELPER_CSHARP.split('\n').some((l) => l.startsWith("'@"))).toBe(false);
    for (const api of ['GetClipboardSequenceNumber', 'IsClipboardFormatAvailable', 'GetForegroundWindow', 'GetWindowTextW', 'QueryFullProcessImageNameW', 'DragQueryFileW', 'GlobalSize']) {
      expect(WIN32_HELPER_CSHARP).toContain(api);
    }
  });

  it('reads text as Base64 of UTF-8 with one byte more than the bound, and decodes it back, cut on a character boundary', () => {
    const script = win32ReadTextScript(1024);
    expect(script).toContain('Get-Clipboard -Raw');
    expect(script).toContain('$limit = 1025');
    const b64 = fixture('get-clipboard-raw.b64');
    const text = Buffer.from(b64, 'base64').toString('utf8');
    expect(parseWin32TextOutput(b64, 1024)).toEqual({ kind: 'text', text, bytes: 82, truncated: false });
    expect(parseWin32TextOutput(`\ufeff${b64}\r\n`, 1024)).toMatchObject({ kind: 'text', text });
    const cut = parseWin32TextOutput(b64, 77);
    expect(cut).toMatchObject({ kind: 'text', bytes: 77, truncated: true });
    expect(cut.kind === 'text' && cut.text).toBe(text.slice(0, text.indexOf('🔑')));
    expect(parseWin32TextOutput('', 10)).toEqual({ kind: 'empty' });
    expect(parseWin32TextOutput(Buffer.from([0x61, 0xff, 0x62]).toString('base64'), 10)).toMatchObject({ text: 'a\ufffdb' });
    expect(() => parseWin32TextOutput('Get-Clipboard : Requested Clipboard operation did not succeed.', 10)).toThrow(/Base64/);
    expect(win32ReadOutputBound(10 * 1024 * 1024)).toBeGreaterThanOrEqual(Math.ceil((10 * 1024 * 1024 + 1) / 3) * 4);
  });

  it('writes any text through standard input as Base64, so nothing of it reaches the script', () => {
    for (const text of HOSTILE) {
      const input = win32WriteTextInput(text);
      expect(input).toMatch(/^[A-Za-z0-9+/]*={0,2}\n$/);
      expect(Buffer.from(input.trim(), 'base64').toString('utf8')).toBe(Buffer.from(text, 'utf8').toString('utf8'));
    }
    expect(WIN32_WRITE_TEXT_SCRIPT).toContain('Set-Clipboard -Value $text');
    expect(WIN32_CLEAR_SCRIPT).toContain('[System.Windows.Forms.Clipboard]::Clear()');
  });

  it('builds the same toast script for any title: the texts are Base64 literals, entered as text nodes', () => {
    const skeleton = (script: string) => script.replace(/Decode '[A-Za-z0-9+/=]*'/g, "Decode '…'");
    const reference = skeleton(win32NotifyScript({ title: 'a', body: 'b', urgency: 'normal' }));
    for (const title of HOSTILE) {
      const script = win32NotifyScript({ title, body: `<toast>${title}</toast>`, urgency: 'critical' });
      expect(skeleton(script)).toBe(reference);
      const literals = [...script.matchAll(/Decode '([A-Za-z0-9+/=]*)'/g)].map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8'));
      expect(literals).toHaveLength(2);
      expect(literals[0]?.length).toBeLessThanOrEqual(200);
      expect(literals[0]).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    }
    expect(reference).toContain('CreateTextNode($title)');
    expect(reference).toContain(POWERSHELL_APP_ID);
    expect(reference).toContain('ShowBalloonTip');
  });
});

describe('Windows paste sources (stand-in powershell.exe on PATH)', () => {
  let fakes: FakeTools | undefined;
  afterEach(() => {
    if (fakes) removeDir(fakes.dir);
    fakes = undefined;
  });

  it('reads only after the sequence number moved; text through Get-Clipboard under the bound, files and images by size; writes, clears and toasts', async () => {
    fakes = installFakeTools(['powershell.exe']);
    const f = fakes;
    const windows: WindowSource = { check: async () => ({ available: true }), active: async () => ({ ownerPid: 8412, ownerName: 'Google Chrome' }) };
    const { clipboard, focus, notifier } = createWin32PasteSources({ env: f.env, windows });
    expect(await clipboard.check()).toEqual({ available: true });
    let changes = 0;
    const focused: Array<ActiveWindow | undefined> = [];
    await clipboard.watch(() => changes++);
    await focus.watch((w) => focused.push(w));
    const lines = fixture('clipboard-helper.jsonl').split('\n');

    const text = Buffer.from(fixture('get-clipboard-raw.b64'), 'base64').toString('utf8');
    f.setClipboard(text);
    f.emit(lines[0] as string, lines[1] as string);
    await until(() => changes === 1 && focused.length === 1, 10_000, 'the first change and focus');
    expect(await clipboard.read(1024)).toEqual({ kind: 'text', text, bytes: 82, truncated: false });
    f.setClipboard('x'.repeat(100_000));
    expect(await clipboard.read(4096)).toMatchObject({ kind: 'text', bytes: 4096, truncated: true });
    expect(focused[0]).toMatchObject({ ownerPid: 8412, ownerName: 'Google Chrome', title: 'ChatGPT - Google Chrome' });

    f.emit(lines[0] as string, lines[3] as string);
    await until(() => changes === 2, 5_000, 'the files change');
    expect(await clipboard.read(1024)).toEqual({ kind: 'files', mime: 'CF_HDROP', bytes: 172 });
    f.emit(lines[4] as string);
    await until(() => changes === 3, 5_000, 'the image change');
    expect(await clipboard.read(1024)).toEqual({ kind: 'image', mime: 'CF_DIBV5', bytes: 8_294_540 });

    await clipboard.writeText('redacted ✓ "quoted"\r\n');
    expect(f.clipboard()?.toString('utf8')).toBe('redacted ✓ "quoted"\r\n');
    await clipboard.clear();
    expect(f.clipboard()).toBeUndefined();
    await notifier.notify({ title: HOSTILE[0] as string, body: HOSTILE[2] as string, urgency: 'critical' });

    const log = f.log();
    expect(log.filter((e) => e.mode === 'read')).toHaveLength(2);
    expect(log.filter((e) => e.mode === 'helper')).toHaveLength(1);
    expect(log.every((e) => (e.flags as string[] | undefined)?.includes('-Sta') !== false)).toBe(true);
    const toast = log.find((e) => e.mode === 'notify') as { script: string };
    const literals = [...toast.script.matchAll(/Decode '([A-Za-z0-9+/=]*)'/g)].map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8'));
    expect(literals).toEqual([HOSTILE[0], HOSTILE[2]]);

    await clipboard.close();
    await focus.close();
    await sleep(100);
    f.emit(lines[5] as string);
    await sleep(200);
    expect(changes).toBe(3);
  });

  it('says when powershell.exe is missing', async () => {
    const { focus } = createWin32PasteSources({ env: { PATH: '/nonexistent' } });
    expect(await focus.check()).toMatchObject({ available: false, code: 'E_PASTE_TOOL_MISSING' });
  });
});
