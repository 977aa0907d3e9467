import type { ActiveWindow, ClipboardContent, UserNotice } from '@sluice/agent-core';
import { z } from 'zod';
import { decodeText } from '../common/decode.js';

/**
 * The pure half of the Windows paste guard: the PowerShell scripts, their command lines, and the
 * parsing of what they print. Every script is passed with -EncodedCommand (Base64 of UTF-16LE, per
 * about_PowerShell_exe), so no quoting of the command line is ever involved; every piece of user
 * text crosses in Base64 too (in a script literal, on standard input, or out on standard output),
 * so neither a hostile title nor the console code page can change what PowerShell sees.
 */

export const WIN32_HELPER_INTERVAL_MS = 250;
/** The helper exits after an hour and is started again (it compiles in a second or two). */
export const WIN32_HELPER_TICKS = 14_400;

/** Standard clipboard formats (winuser.h, "Standard Clipboard Formats" on Microsoft Learn). */
export const CF = { TEXT: 1, BITMAP: 2, OEMTEXT: 7, DIB: 8, UNICODETEXT: 13, HDROP: 15, DIBV5: 17 } as const;

/**
 * The helper, C# compiled by Add-Type (C# 5, what Windows PowerShell 5.1 compiles). Each tick it
 * reads GetClipboardSequenceNumber (a counter the system bumps at every change, no clipboard
 * access) and the foreground window; when either changed it prints one ASCII JSON line: for the
 * clipboard the standard formats present (IsClipboardFormatAvailable, which needs no open
 * clipboard) and, for files and images only, the size of the data and the number of files; for the
 * foreground the window handle, its title (GetWindowTextW, which never sends a message to a hung
 * window), the owner's pid and image path. Strings are escaped to ASCII so no code page matters.
 */
export const WIN32_HELPER_CSHARP = String.raw`
using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

public static class SluiceClipboardWatch
{
    [DllImport("user32.dll")] static extern uint GetClipboardSequenceNumber();
    [DllImport("user32.dll")] static extern bool IsClipboardFormatAvailable(uint format);
    [DllImport("user32.dll")] static extern int CountClipboardFormats();
    [DllImport("user32.dll")] static extern bool OpenClipboard(IntPtr owner);
    [DllImport("user32.dll")] static extern bool CloseClipboard();
    [DllImport("user32.dll")] static extern IntPtr GetClipboardData(uint format);
    [DllImport("kernel32.dll")] static extern UIntPtr GlobalSize(IntPtr memory);
    [DllImport("shell32.dll", CharSet = CharSet.Unicode)] static extern uint DragQueryFileW(IntPtr drop, uint index, StringBuilder file, uint size);
    [DllImport("user32.dll")] static extern IntPtr GetForegroundWindow();
    [DllImport("user32.dll", CharSet = CharSet.Unicode)] static extern int GetWindowTextW(IntPtr window, StringBuilder text, int max);
    [DllImport("user32.dll")] static extern uint GetWindowThreadProcessId(IntPtr window, out uint pid);
    [DllImport("kernel32.dll")] static extern IntPtr OpenProcess(uint access, bool inherit, uint pid);
    [DllImport("kernel32.dll", CharSet = CharSet.Unicode)] static extern bool QueryFullProcessImageNameW(IntPtr process, uint flags, StringBuilder name, ref uint size);
    [DllImport("kernel32.dll")] static extern bool CloseHandle(IntPtr handle);

    static readonly uint[] Formats = { 1, 2, 7, 8, 13, 15, 17 };

    static string Json(string s)
    {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c == '"' || c == '\\') b.Append('\\').Append(c);
            else if (c < 0x20 || c > 0x7e) b.Append("\\u").Append(((int)c).ToString("x4"));
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    static void Emit(string line)
    {
        Console.Out.Write(line + "\n");
        Console.Out.Flush();
    }

    static string Clipboard(uint seq)
    {
        StringBuilder formats = new StringBuilder();
        bool files = false;
        bool image = false;
        foreach (uint f in Formats)
        {
            if (!IsClipboardFormatAvailable(f)) continue;
            if (formats.Length > 0) formats.Append(',');
            formats.Append(f);
            if (f == 15) files = true;
            if (f == 2 || f == 8 || f == 17) image = true;
        }
        long bytes = -1;
        long count = -1;
        if ((files || image) && OpenClipboard(IntPtr.Zero))
        {
            try
            {
                uint format = files ? 15u : (IsClipboardFormatAvailable(17) ? 17u : 8u);
                IntPtr data = GetClipboardData(format);
                if (data != IntPtr.Zero)
                {
                    bytes = (long)GlobalSize(data).ToUInt64();
                    if (files) count = DragQueryFileW(data, 0xFFFFFFFF, null, 0);
                }
            }
            finally { CloseClipboard(); }
        }
        return "{\"kind\":\"clipboard\",\"seq\":" + seq + ",\"formats\":[" + formats + "],\"count\":" + CountClipboardFormats()
            + (bytes >= 0 ? ",\"bytes\":" + bytes : "") + (count >= 0 ? ",\"files\":" + count : "") + "}";
    }

    static string Title(IntPtr window)
    {
        if (window == IntPtr.Zero) return null;
        StringBuilder text = new StringBuilder(1024);
        int n = GetWindowTextW(window, text, text.Capacity);
        return n > 0 ? text.ToString(0, n) : "";
    }

    static string Focus(IntPtr window, string title)
    {
        uint pid = 0;
        if (window != IntPtr.Zero) GetWindowThreadProcessId(window, out pid);
        string path = null;
        if (pid != 0)
        {
            IntPtr process = OpenProcess(0x1000, false, pid);
            if (process != IntPtr.Zero)
            {
                try
                {
                    StringBuilder name = new StringBuilder(1024);
                    uint size = 1024;
                    if (QueryFullProcessImageNameW(process, 0, name, ref size)) path = name.ToString(0, (int)size);
                }
                finally { CloseHandle(process); }
            }
        }
        return "{\"kind\":\"focus\",\"hwnd\":" + window.ToInt64() + ",\"pid\":" + pid + ",\"title\":" + Json(title) + ",\"path\":" + Json(path) + "}";
    }

    public static void Run(int intervalMs, int ticks)
    {
        uint lastSeq = 0;
        IntPtr lastWindow = IntPtr.Zero;
        string lastTitle = null;
        for (int i = 0; i < ticks; i++)
        {
            uint seq = GetClipboardSequenceNumber();
            if (i == 0 || seq != lastSeq) { lastSeq = seq; Emit(Clipboard(seq)); }
            IntPtr window = GetForegroundWindow();
            string title = Title(window);
            if (i == 0 || window != lastWindow || title != lastTitle) { lastWindow = window; lastTitle = title; Emit(Focus(window, title)); }
            if (i % 20 == 0) Emit("{\"kind\":\"alive\"}");
            Thread.Sleep(intervalMs);
        }
    }
}
`;

/** The helper as a PowerShell script. The C# sits in a literal here-string, so nothing in it is expanded. */
export function win32HelperScript(intervalMs = WIN32_HELPER_INTERVAL_MS, ticks = WIN32_HELPER_TICKS): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    "Add-Type -Language CSharp -TypeDefinition @'",
    WIN32_HELPER_CSHARP.trim(),
    "'@",
    `[SluiceClipboardWatch]::Run(${Math.trunc(intervalMs)}, ${Math.trunc(ticks)})`,
  ].join('\n');
}

/** The -EncodedCommand form of a script: Base64 of its UTF-16LE bytes. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function powershellCommand(script: string): { file: string; args: string[] } {
  // -Sta: the clipboard cmdlets and Windows Forms need a single-threaded apartment.
  return { file: 'powershell.exe', args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Sta', '-EncodedCommand', encodePowerShell(script)] };
}

/** A PowerShell single-quoted literal of Base64 text: its alphabet cannot end the literal. */
function base64Literal(text: string): string {
  return `'${Buffer.from(text, 'utf8').toString('base64')}'`;
}

/**
 * Reads the clipboard text (Get-Clipboard -Raw) and prints at most `maxBytes + 1` of its UTF-8
 * bytes in Base64: the extra byte tells the reader that there was more.
 */
export function win32ReadTextScript(maxBytes: number): string {
  const limit = Math.max(1, Math.trunc(maxBytes) + 1);
  return [
    "$ErrorActionPreference = 'Stop'",
    '$text = Get-Clipboard -Raw',
    'if ($null -eq $text) { exit 0 }',
    `$limit = ${limit}`,
    'if ($text.Length -gt $limit) { $text = $text.Substring(0, $limit) }',
    '$bytes = [System.Text.Encoding]::UTF8.GetBytes($text)',
    '$count = [Math]::Min($bytes.Length, $limit)',
    '[Console]::Out.Write([Convert]::ToBase64String($bytes, 0, $count))',
  ].join('\n');
}

/** Most characters of output the read script can print for a bound (Base64 of bound + 1 bytes, and slack). */
export function win32ReadOutputBound(maxBytes: number): number {
  return Math.ceil((Math.trunc(maxBytes) + 1) / 3) * 4 + 64;
}

/** The read script's output as clipboard content; throws on output that is not Base64. */
export function parseWin32TextOutput(stdout: string, maxBytes: number): ClipboardContent {
  const encoded = stdout.replace(/^\uFEFF/, '').trim();
  if (encoded.length === 0) return { kind: 'empty' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error('the clipboard reader printed something other than Base64');
  const all = Buffer.from(encoded, 'base64');
  const truncated = all.length > maxBytes;
  const data = truncated ? all.subarray(0, maxBytes) : all;
  if (data.length === 0) return { kind: 'empty' };
  return { kind: 'text', text: decodeText(data, truncated), bytes: data.length, truncated };
}

/** Sets the clipboard text read as Base64 from standard input ($input, as the CLI hands stdin to -Command code). */
export const WIN32_WRITE_TEXT_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "$encoded = (@($input) -join '').Trim()",
  "if ($encoded.Length -eq 0) { $encoded = [Console]::In.ReadToEnd().Trim() }",
  '$text = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($encoded))',
  'if ($text.Length -eq 0) { Add-Type -AssemblyName System.Windows.Forms; [System.Windows.Forms.Clipboard]::Clear(); exit 0 }',
  'Set-Clipboard -Value $text',
].join('\n');

/** What the write script expects on standard input for a text. */
export function win32WriteTextInput(text: string): string {
  return `${Buffer.from(text, 'utf8').toString('base64')}\n`;
}

export const WIN32_CLEAR_SCRIPT = ["$ErrorActionPreference = 'Stop'", 'Add-Type -AssemblyName System.Windows.Forms', '[System.Windows.Forms.Clipboard]::Clear()'].join('\n');

/**
 * Windows PowerShell's own AppUserModelID: a toast needs a registered one, and this one is
 * registered by Windows itself (an unregistered id has its toasts dropped silently).
 */
export const POWERSHELL_APP_ID = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe';

const NOTICE_TITLE_CHARS = 200;
const NOTICE_BODY_CHARS = 1_000;

/** Strips what a notification cannot show and what a terminal could take for a control sequence. */
function plain(text: string, max: number): string {
  return text.slice(0, max).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/**
 * A toast (ToastText02: a bold first line and a wrapped body) whose texts enter as text nodes,
 * never as XML, so markup in a title stays text; a balloon tip where toasts are unavailable
 * (Windows Server, toasts switched off, an older build).
 */
export function win32NotifyScript(notice: UserNotice): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    'function Decode([string]$value) { [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($value)) }',
    `$title = Decode ${base64Literal(plain(notice.title, NOTICE_TITLE_CHARS))}`,
    `$body = Decode ${base64Literal(plain(notice.body, NOTICE_BODY_CHARS))}`,
    'try {',
    '  [void][Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]',
    '  $xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02)',
    "  $texts = $xml.GetElementsByTagName('text')",
    '  [void]$texts.Item(0).AppendChild($xml.CreateTextNode($title))',
    '  [void]$texts.Item(1).AppendChild($xml.CreateTextNode($body))',
    '  $toast = [Windows.UI.Notifications.ToastNotification]::new($xml)',
    `  [Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('${POWERSHELL_APP_ID}').Show($toast)`,
    '} catch {',
    '  Add-Type -AssemblyName System.Windows.Forms, System.Drawing',
    '  $icon = New-Object System.Windows.Forms.NotifyIcon',
    '  $icon.Icon = [System.Drawing.SystemIcons]::Warning',
    '  $icon.Visible = $true',
    '  $icon.ShowBalloonTip(15000, $title, $body, [System.Windows.Forms.ToolTipIcon]::Warning)',
    '  Start-Sleep -Seconds 15',
    '  $icon.Dispose()',
    '}',
  ].join('\n');
}

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const Win32ClipboardEventSchema = z.object({
  kind: z.literal('clipboard'),
  seq: count,
  formats: z.array(z.number().int().nonnegative().max(0xffff)).max(64),
  count: z.number().int().max(100_000),
  bytes: count.optional(),
  files: count.optional(),
});

export const Win32FocusEventSchema = z.object({
  kind: z.literal('focus'),
  hwnd: z.number().int(),
  pid: count,
  title: z.string().max(4_096).nullable(),
  path: z.string().max(4_096).nullable(),
});

export const Win32HelperEventSchema = z.discriminatedUnion('kind', [Win32ClipboardEventSchema, Win32FocusEventSchema, z.object({ kind: z.literal('alive') })]);

export type Win32ClipboardEvent = z.infer<typeof Win32ClipboardEventSchema>;
export type Win32FocusEvent = z.infer<typeof Win32FocusEventSchema>;
export type Win32HelperEvent = z.infer<typeof Win32HelperEventSchema>;

export function parseWin32HelperLine(line: string): Win32HelperEvent | undefined {
  const text = line.replace(/^\uFEFF/, '').trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed = Win32HelperEventSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type Win32Choice = { kind: 'text' | 'image' | 'files' | 'other'; mime: string } | { kind: 'empty' };

/** What the clipboard holds, from the standard formats present: files, then text, then images. */
export function chooseWin32Content(event: Pick<Win32ClipboardEvent, 'formats' | 'count'>): Win32Choice {
  const has = (f: number) => event.formats.includes(f);
  if (has(CF.HDROP)) return { kind: 'files', mime: 'CF_HDROP' };
  if (has(CF.UNICODETEXT) || has(CF.TEXT) || has(CF.OEMTEXT)) return { kind: 'text', mime: 'CF_UNICODETEXT' };
  if (has(CF.DIBV5)) return { kind: 'image', mime: 'CF_DIBV5' };
  if (has(CF.DIB) || has(CF.BITMAP)) return { kind: 'image', mime: 'CF_DIB' };
  return event.count > 0 ? { kind: 'other', mime: 'registered-format' } : { kind: 'empty' };
}

/** The helper's view of the foreground, as the window the guard classifies. */
export function win32FocusWindow(event: Win32FocusEvent): ActiveWindow | undefined {
  if (event.hwnd === 0) return undefined;
  const name = event.path ? event.path.split('\\').pop() : undefined;
  return {
    ...(event.title ? { title: event.title } : {}),
    ...(event.pid ? { ownerPid: event.pid } : {}),
    ...(event.path ? { ownerPath: event.path } : {}),
    ...(name ? { ownerName: name } : {}),
  };
}
