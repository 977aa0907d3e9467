import type { ActiveWindow, UserNotice } from '@sluice/agent-core';
import { z } from 'zod';

/**
 * The pure half of the macOS paste guard: the helper script, the command lines, and the parsing of
 * what the tools print. None of it runs anything, so all of it is tested on Linux against outputs
 * written to the documented formats (test/fixtures/darwin, see its README).
 */

/** Poll interval of the helper: the pasteboard change count and the frontmost window, 4 times a second. */
export const DARWIN_HELPER_INTERVAL_MS = 250;
/**
 * The helper exits after this many ticks (15 minutes) and is started again. JXA gives no handle on
 * autorelease pools, and CoreGraphics' window list is a copied object; a bounded life caps what a
 * long-running script could accumulate.
 */
export const DARWIN_HELPER_TICKS = 3_600;

/**
 * The long-running helper, JavaScript for Automation with the Objective-C bridge. Each tick it
 * reads `NSPasteboard.generalPasteboard.changeCount` (a counter, not the content) and the
 * frontmost application, and prints one JSON line when either changed: for the pasteboard its
 * types, and for images and files their size only; for the foreground the app's pid, name, bundle
 * id, executable and the title of its front window (from CGWindowListCopyWindowInfo; empty without
 * the Screen Recording permission). It waits by running the run loop, not by sleeping, because
 * NSWorkspace updates `frontmostApplication` only when its notifications are delivered. A line
 * `{"kind":"alive"}` every 5 s makes it die of SIGPIPE soon after the agent is gone.
 */
export const DARWIN_HELPER_JXA = String.raw`
ObjC.import('AppKit');
ObjC.import('CoreGraphics');
var IMAGE_TYPES = ['public.png', 'public.tiff', 'public.jpeg', 'public.heic', 'com.compuserve.gif', 'NSTIFFPboardType'];
function out(value) {
  var line;
  try { line = JSON.stringify(value); } catch (e) { line = '{"kind":"error","message":"unserialisable"}'; }
  var data = $(line + '\n').dataUsingEncoding($.NSUTF8StringEncoding);
  if (!data || data.isNil()) data = $('{"kind":"error","message":"unencodable"}\n').dataUsingEncoding($.NSUTF8StringEncoding);
  $.NSFileHandle.fileHandleWithStandardOutput.writeData(data);
}
function str(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (value.isNil && value.isNil()) return null;
  var s = ObjC.unwrap(value);
  return typeof s === 'string' ? s : null;
}
function clipboardInfo(pb) {
  var types = ObjC.deepUnwrap(pb.types) || [];
  var info = { kind: 'clipboard', changeCount: pb.changeCount, types: types.slice(0, 64) };
  for (var t = 0; t < IMAGE_TYPES.length; t++) {
    if (types.indexOf(IMAGE_TYPES[t]) >= 0) {
      var data = pb.dataForType(IMAGE_TYPES[t]);
      info.imageType = IMAGE_TYPES[t];
      info.imageBytes = data.isNil() ? 0 : data.length;
      break;
    }
  }
  var items = pb.pasteboardItems;
  var count = items.isNil() ? 0 : items.count;
  var files = 0;
  var fileBytes = 0;
  for (var i = 0; i < count && i < 10000; i++) {
    var url = items.objectAtIndex(i).stringForType('public.file-url');
    if (!url.isNil()) { files += 1; fileBytes += url.length; }
  }
  if (files > 0) { info.files = files; info.fileBytes = fileBytes; }
  return info;
}
function frontTitle(pid) {
  var ref = $.CGWindowListCopyWindowInfo($.kCGWindowListOptionOnScreenOnly | $.kCGWindowListExcludeDesktopElements, $.kCGNullWindowID);
  var list = ObjC.deepUnwrap(ObjC.castRefToObject(ref)) || [];
  for (var i = 0; i < list.length; i++) {
    var w = list[i];
    if (w.kCGWindowOwnerPID === pid && w.kCGWindowLayer === 0) return typeof w.kCGWindowName === 'string' ? w.kCGWindowName.slice(0, 2048) : null;
  }
  return null;
}
function focusInfo(ws) {
  var app = ws.frontmostApplication;
  if (!app || app.isNil()) return { kind: 'focus', pid: 0 };
  var pid = app.processIdentifier;
  return {
    kind: 'focus',
    pid: pid,
    app: str(app.localizedName),
    bundleId: str(app.bundleIdentifier),
    path: app.executableURL.isNil() ? null : str(app.executableURL.path),
    title: frontTitle(pid)
  };
}
function run(argv) {
  var interval = Math.max(50, Number(argv[0]) || 250) / 1000;
  var ticks = Math.max(1, Number(argv[1]) || 3600);
  var pb = $.NSPasteboard.generalPasteboard;
  var ws = $.NSWorkspace.sharedWorkspace;
  var lastCount = -1;
  var lastFocus = null;
  for (var i = 0; i < ticks; i++) {
    try {
      var count = pb.changeCount;
      if (count !== lastCount) { lastCount = count; out(clipboardInfo(pb)); }
      var focus = focusInfo(ws);
      var key = focus.pid + '|' + focus.title;
      if (key !== lastFocus) { lastFocus = key; out(focus); }
    } catch (e) {
      out({ kind: 'error', message: String(e).slice(0, 300) });
    }
    if (i % 20 === 0) out({ kind: 'alive' });
    $.NSRunLoop.currentRunLoop.runUntilDate($.NSDate.dateWithTimeIntervalSinceNow(interval));
  }
}
`;

/**
 * A one-shot writer for text that pbcopy would mistake for another type: pbcopy stores its input
 * as RTF or EPS when it begins with their file headers. It reads UTF-8 from standard input and
 * sets it as plain text.
 */
export const DARWIN_WRITE_JXA = String.raw`
ObjC.import('AppKit');
function run() {
  var data = $.NSFileHandle.fileHandleWithStandardInput.readDataToEndOfFile;
  var text = $.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding);
  var pb = $.NSPasteboard.generalPasteboard;
  pb.clearContents;
  pb.setStringForType(text, $.NSPasteboardTypeString);
}
`;

/** The command lines the macOS sources run (no shell anywhere). */
export const DARWIN_COMMANDS = {
  helper: { file: 'osascript', args: ['-l', 'JavaScript', '-e', DARWIN_HELPER_JXA, String(DARWIN_HELPER_INTERVAL_MS), String(DARWIN_HELPER_TICKS)] },
  /** Plain text first; pbpaste would otherwise fall back to EPS or RTF data. */
  readText: { file: 'pbpaste', args: ['-Prefer', 'txt'] },
  writeText: { file: 'pbcopy', args: [] as string[] },
  writeTextAsPlain: { file: 'osascript', args: ['-l', 'JavaScript', '-e', DARWIN_WRITE_JXA] },
  /** pbcopy with empty input leaves an empty plain-text pasteboard: a paste inserts nothing. */
  clear: { file: 'pbcopy', args: [] as string[] },
} as const;

/**
 * pbcopy and pbpaste encode text by the locale (pbcopy(1), "Encoding"); an agent started by
 * launchd has none, so UTF-8 is set explicitly.
 */
export function darwinToolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };
}

/** Whether pbcopy would store this text as RTF or EPS instead of plain text (pbcopy(1)). */
export function pbcopyWouldRetype(text: string): boolean {
  return text.startsWith('{\\rtf') || text.startsWith('%!PS-Adobe');
}

const bounded = (max: number) => z.string().max(max);
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const DarwinClipboardEventSchema = z.object({
  kind: z.literal('clipboard'),
  changeCount: z.number().int(),
  types: z.array(bounded(512)).max(64),
  imageType: bounded(512).optional(),
  imageBytes: count.optional(),
  files: count.optional(),
  fileBytes: count.optional(),
});

export const DarwinFocusEventSchema = z.object({
  kind: z.literal('focus'),
  pid: z.number().int().nonnegative(),
  app: bounded(1_024).nullish(),
  bundleId: bounded(1_024).nullish(),
  path: bounded(4_096).nullish(),
  title: bounded(4_096).nullish(),
});

export const DarwinHelperEventSchema = z.discriminatedUnion('kind', [
  DarwinClipboardEventSchema,
  DarwinFocusEventSchema,
  z.object({ kind: z.literal('alive') }),
  z.object({ kind: z.literal('error'), message: bounded(1_000) }),
]);

export type DarwinClipboardEvent = z.infer<typeof DarwinClipboardEventSchema>;
export type DarwinFocusEvent = z.infer<typeof DarwinFocusEventSchema>;
export type DarwinHelperEvent = z.infer<typeof DarwinHelperEventSchema>;

/** One line of the helper; undefined for anything that is not a valid event (never throws). */
export function parseDarwinHelperLine(line: string): DarwinHelperEvent | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed = DarwinHelperEventSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The helper's view of the foreground, as the window the guard classifies. */
export function darwinFocusWindow(event: DarwinFocusEvent): ActiveWindow | undefined {
  if (event.pid === 0) return undefined;
  return {
    ownerPid: event.pid,
    ...(event.title ? { title: event.title } : {}),
    ...(event.app ? { ownerName: event.app } : {}),
    ...(event.path ? { ownerPath: event.path } : {}),
    ...(event.bundleId ? { bundleId: event.bundleId } : {}),
  };
}

const FILE_TYPES = ['public.file-url', 'NSFilenamesPboardType'];
const TEXT_TYPES = ['public.utf8-plain-text', 'NSStringPboardType', 'public.utf16-external-plain-text', 'public.plain-text'];
const IMAGE_TYPES = ['public.png', 'public.tiff', 'public.jpeg', 'public.heic', 'com.compuserve.gif', 'NSTIFFPboardType'];

export type PasteboardChoice = { kind: 'text' | 'image' | 'files' | 'other'; type: string } | { kind: 'empty' };

/**
 * What the pasteboard holds, from its types. Files win (Finder also puts the file name as text and
 * its icon as an image), then plain text (rich text always has a plain-text flavour), then images.
 */
export function classifyPasteboardTypes(types: readonly string[]): PasteboardChoice {
  const files = types.find((t) => FILE_TYPES.includes(t));
  if (files) return { kind: 'files', type: files };
  const text = types.find((t) => TEXT_TYPES.includes(t));
  if (text) return { kind: 'text', type: text };
  const image = types.find((t) => IMAGE_TYPES.includes(t) || t.startsWith('public.image'));
  if (image) return { kind: 'image', type: image };
  const other = types.find((t) => !t.startsWith('dyn.'));
  return other ? { kind: 'other', type: other } : types[0] ? { kind: 'other', type: types[0] } : { kind: 'empty' };
}

const NOTICE_TITLE_CHARS = 200;
const NOTICE_BODY_CHARS = 1_000;

/**
 * An AppleScript string literal for any text. AppleScript knows five escapes in a literal (\", \\,
 * \t, \r, \n, per the AppleScript Language Guide); every other control character, and the Unicode
 * line and paragraph separators, become spaces, so nothing in the text can end the literal or the
 * statement.
 */
export function appleScriptString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) out += ' ';
    else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** `display notification` for a notice; the texts are cut before escaping so the cut never splits an escape. */
export function darwinNotifyScript(notice: UserNotice): string {
  const title = notice.title.slice(0, NOTICE_TITLE_CHARS);
  const body = notice.body.slice(0, NOTICE_BODY_CHARS);
  return `display notification ${appleScriptString(body)} with title ${appleScriptString('Sluice')} subtitle ${appleScriptString(title)}`;
}

export function darwinNotifyCommand(notice: UserNotice): { file: string; args: string[] } {
  return { file: 'osascript', args: ['-e', darwinNotifyScript(notice)] };
}
