import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActiveWindow, WindowSource } from '@sluice/agent-core';
import { createDarwinPasteSources } from '../../src/darwin/paste-sources.js';
import {
  appleScriptString,
  classifyPasteboardTypes,
  DARWIN_COMMANDS,
  DARWIN_HELPER_JXA,
  DARWIN_WRITE_JXA,
  darwinFocusWindow,
  darwinNotifyScript,
  parseDarwinHelperLine,
  pbcopyWouldRetype,
  type DarwinHelperEvent,
} from '../../src/darwin/paste-scripts.js';
import { installFakeTools, type FakeTools } from '../fake-tools.js';
import { HOSTILE } from '../hostile.js';
import { removeDir, sleep, until } from '../support.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'darwin', name));

/**
 * Reads the string literals of an AppleScript statement back, by the language's rules (five escapes);
 * throws if the statement would not compile as one line or a literal is broken.
 */
function appleScriptLiterals(script: string): string[] {
  const literals: string[] = [];
  let i = 0;
  while (i < script.length) {
    const c = script[i] as string;
    if (c === '\n' || c === '\r') throw new Error('the statement spans lines');
    if (c !== '"') {
      i += 1;
      continue;
    }
    i += 1;
    let s = '';
    for (;;) {
      if (i >= script.length) throw new Error('unterminated literal');
      const d = script[i] as string;
      if (d === '"') {
        i += 1;
        break;
      }
      if (d === '\\') {
        const e = script[i + 1];
        const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (e === undefined || !(e in map)) throw new Error(`unknown escape \\${e}`);
        s += map[e];
        i += 2;
        continue;
      }
      if (d < ' ') throw new Error('raw control character inside a literal');
      s += d;
      i += 1;
    }
    literals.push(s);
  }
  return literals;
}

describe('macOS helper output (recorded lines)', () => {
  const lines = fixture('pasteboard-helper.jsonl').toString('utf8').split('\n').filter(Boolean);
  const events = lines.map(parseDarwinHelperLine);

  it('parses change counts, types, sizes and foreground windows, and rejects malformed or oversized lines', () => {
    expect(events.map((e) => e?.kind ?? null)).toEqual(['alive', 'clipboard', 'focus', 'clipboard', 'clipboard', 'focus', 'clipboard', 'clipboard', 'focus', 'error', null, null, null]);
    const files = events[4] as Extract<DarwinHelperEvent, { kind: 'clipboard' }>;
    expect(files).toMatchObject({ changeCount: 414, files: 2, fileBytes: 112, imageType: 'public.tiff' });
    expect(darwinFocusWindow(events[2] as Extract<DarwinHelperEvent, { kind: 'focus' }>)).toEqual({
      ownerPid: 530,
      title: 'ChatGPT',
      ownerName: 'Google Chrome',
      ownerPath: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      bundleId: 'com.google.Chrome',
    });
    expect(darwinFocusWindow(events[8] as Extract<DarwinHelperEvent, { kind: 'focus' }>)).toBeUndefined();
  });

  it('classifies pasteboards: rich text as text, screenshots as images, Finder copies as files (not their name or icon)', () => {
    const clips = events.filter((e): e is Extract<DarwinHelperEvent, { kind: 'clipboard' }> => e?.kind === 'clipboard');
    expect(clips.map((c) => classifyPasteboardTypes(c.types))).toEqual([
      { kind: 'text', type: 'public.utf8-plain-text' },
      { kind: 'image', type: 'public.png' },
      { kind: 'files', type: 'public.file-url' },
      { kind: 'other', type: 'com.apple.webarchive' },
      { kind: 'empty' },
    ]);
    expect(classifyPasteboardTypes(['dyn.ah62d4rv4gu8zs3pcnzme2641rf4guzdmsv0gn64uqm10c6xenv61a3k'])).toEqual({ kind: 'other', type: 'dyn.ah62d4rv4gu8zs3pcnzme2641rf4guzdmsv0gn64uqm10c6xenv61a3k' });
  });
});

describe('macOS command lines and quoting', () => {
  it('reads plain text first, writes with pbcopy, and only text with an RTF or EPS header goes through the JXA writer', () => {
    expect(DARWIN_COMMANDS.readText).toEqual({ file: 'pbpaste', args: ['-Prefer', 'txt'] });
    expect(DARWIN_COMMANDS.helper.args.slice(0, 3)).toEqual(['-l', 'JavaScript', '-e']);
    expect(DARWIN_COMMANDS.helper.args.slice(4)).toEqual(['250', '3600']);
    expect(pbcopyWouldRetype('{\\rtf1\\ansi hello}')).toBe(true);
    expect(pbcopyWouldRetype('%!PS-Adobe-3.0 EPSF-3.0')).toBe(true);
    expect(pbcopyWouldRetype('plain {\\rtf1')).toBe(false);
  });

  it('escapes any text into one AppleScript literal that reads back as the text (controls as spaces)', () => {
    for (const text of HOSTILE) {
      const literal = appleScriptString(text);
      const back = appleScriptLiterals(literal);
      expect(back).toHaveLength(1);
      const expected = text
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
        .replace(/[\ud800-\udfff]/g, (ch, at: number, all: string) => {
          const code = ch.charCodeAt(0);
          const pairedHigh = code < 0xdc00 && /[\udc00-\udfff]/.test(all[at + 1] ?? '');
          const pairedLow = code >= 0xdc00 && /[\ud800-\udbff]/.test(all[at - 1] ?? '');
          return pairedHigh || pairedLow ? ch : '\ufffd';
        });
      expect(back[0]).toBe(expected);
    }
    expect(appleScriptLiterals(appleScriptString(HOSTILE[0] as string))[0]).toBe(HOSTILE[0]);
  });

  it('builds a single display notification statement whatever the title and body say', () => {
    for (const title of HOSTILE) {
      const script = darwinNotifyScript({ title, body: `Body: ${title}`, urgency: 'critical' });
      const literals = appleScriptLiterals(script);
      expect(literals).toHaveLength(3);
      expect(literals[1]).toBe('Sluice');
      expect(literals[2]?.length).toBeLessThanOrEqual(200);
      expect(literals[0]?.length).toBeLessThanOrEqual(1_000);
      // Outside the literals the statement is always the same words.
      expect(script.replace(/"(?:[^"\\]|\\.)*"/g, 'S')).toBe('display notification S with title S subtitle S');
    }
  });
});

/**
 * The JXA helper run in a V8 context against a stand-in for the Objective-C bridge: the parts it
 * uses (NSPasteboard, NSWorkspace, CGWindowListCopyWindowInfo, NSRunLoop, NSFileHandle), behaving as
 * the bridge documents them (ObjC.unwrap, deepUnwrap, castRefToObject, isNil).
 */
function runHelper(ticks: Array<(state: BridgeState) => void>): string[] {
  const written: string[] = [];
  const state: BridgeState = {
    changeCount: 7,
    types: ['public.utf8-plain-text'],
    data: {},
    items: [],
    front: { pid: 42, name: 'Safari', bundleId: 'com.apple.Safari', path: '/Applications/Safari.app/Contents/MacOS/Safari' },
    windows: [
      { kCGWindowOwnerPID: 7, kCGWindowLayer: 25, kCGWindowName: 'menu extra' },
      { kCGWindowOwnerPID: 42, kCGWindowLayer: 0, kCGWindowName: 'ChatGPT' },
    ],
  };
  const nil = { isNil: (): boolean => true };
  const ns = (value: string) => ({ isNil: (): boolean => false, js: value, length: value.length, dataUsingEncoding: () => ({ isNil: (): boolean => false, text: value }) });
  const $ = Object.assign((value: string) => ns(value), {
    NSUTF8StringEncoding: 4,
    kCGWindowListOptionOnScreenOnly: 1,
    kCGWindowListExcludeDesktopElements: 16,
    kCGNullWindowID: 0,
    NSFileHandle: { fileHandleWithStandardOutput: { writeData: (d: { text: string }) => written.push(d.text) } },
    NSPasteboard: {
      generalPasteboard: {
        get changeCount() {
          return state.changeCount;
        },
        get types() {
          return { array: state.types };
        },
        dataForType: (type: string) => (state.data[type] === undefined ? nil : { isNil: (): boolean => false, length: state.data[type] }),
        get pasteboardItems() {
          return {
            isNil: (): boolean => false,
            count: state.items.length,
            objectAtIndex: (i: number) => ({ stringForType: () => (state.items[i] ? ns(state.items[i] as string) : nil) }),
          };
        },
      },
    },
    NSWorkspace: {
      sharedWorkspace: {
        get frontmostApplication() {
          const f = state.front;
          if (!f) return nil;
          return { isNil: (): boolean => false, processIdentifier: f.pid, localizedName: ns(f.name), bundleIdentifier: ns(f.bundleId), executableURL: { isNil: (): boolean => false, path: ns(f.path) } };
        },
      },
    },
    CGWindowListCopyWindowInfo: (options: number) => ({ ref: options }),
    NSDate: { dateWithTimeIntervalSinceNow: (s: number) => s },
    NSRunLoop: {
      currentRunLoop: {
        runUntilDate: () => {
          const step = ticks.shift();
          step?.(state);
        },
      },
    },
  });
  const ObjC = {
    import: () => undefined,
    unwrap: (v: { js: string }) => v.js,
    deepUnwrap: (v: { array?: unknown[] } | unknown[]) => (Array.isArray(v) ? v : v.array),
    castRefToObject: (ref: { ref: number }) => {
      if (ref.ref !== 17) throw new Error('the window list must be asked for on-screen windows without desktop elements');
      return state.windows;
    },
  };
  const context: Record<string, unknown> = { $, ObjC };
  runInNewContext(`${DARWIN_HELPER_JXA}\nrun(['250', '${ticks.length + 1}']);`, context);
  return written;
}

interface BridgeState {
  changeCount: number;
  types: string[];
  data: Record<string, number>;
  items: Array<string | undefined>;
  front: { pid: number; name: string; bundleId: string; path: string } | undefined;
  windows: Array<Record<string, unknown>>;
}

describe('the JXA helper against a stand-in bridge', () => {
  it('prints the pasteboard once per change count and the foreground once per window or title change', () => {
    const out = runHelper([
      () => undefined,
      (s) => {
        s.changeCount = 8;
        s.types = ['public.png', 'public.tiff'];
        s.data['public.png'] = 184_233;
      },
      (s) => {
        s.windows = [{ kCGWindowOwnerPID: 42, kCGWindowLayer: 0, kCGWindowName: 'Claude' }];
      },
      (s) => {
        s.changeCount = 9;
        s.types = ['public.file-url', 'public.utf8-plain-text'];
        s.items = ['file:///Users/a/x.pdf', 'file:///Users/a/y.txt', undefined];
      },
      (s) => {
        s.front = undefined;
      },
    ]);
    const events = out.map((l) => parseDarwinHelperLine(l));
    expect(out.every((l) => l.endsWith('\n'))).toBe(true);
    expect(events.map((e) => e?.kind)).toEqual(['clipboard', 'focus', 'alive', 'clipboard', 'focus', 'clipboard', 'focus']);
    expect(events[0]).toEqual({ kind: 'clipboard', changeCount: 7, types: ['public.utf8-plain-text'] });
    expect(events[1]).toEqual({ kind: 'focus', pid: 42, app: 'Safari', bundleId: 'com.apple.Safari', path: '/Applications/Safari.app/Contents/MacOS/Safari', title: 'ChatGPT' });
    expect(events[3]).toMatchObject({ changeCount: 8, imageType: 'public.png', imageBytes: 184_233 });
    expect(events[4]).toMatchObject({ pid: 42, title: 'Claude' });
    expect(events[5]).toMatchObject({ changeCount: 9, files: 2, fileBytes: 42 });
    expect(events[6]).toEqual({ kind: 'focus', pid: 0 });
  });

  it('reports a failing tick as an error line and keeps going', () => {
    const out = runHelper([
      (s) => {
        s.windows = null as unknown as BridgeState['windows'];
        s.front = { pid: 1, name: 'x', bundleId: 'y', path: '/z' };
      },
      (s) => {
        s.windows = [{ kCGWindowOwnerPID: 1, kCGWindowLayer: 0, kCGWindowName: 'back' }];
      },
    ]);
    expect(out.map((l) => parseDarwinHelperLine(l)?.kind)).toEqual(['clipboard', 'focus', 'alive', 'error', 'focus']);
    expect(parseDarwinHelperLine(out[4] as string)).toMatchObject({ pid: 1, title: 'back' });
    expect(DARWIN_WRITE_JXA).toContain('setStringForType');
  });
});

describe('macOS paste sources (stand-in tools on PATH)', () => {
  let fakes: FakeTools | undefined;
  afterEach(() => {
    if (fakes) removeDir(fakes.dir);
    fakes = undefined;
  });

  it('reads content only after the change count moved, by type; writes, clears and notifies with UTF-8 and no shell', async () => {
    fakes = installFakeTools(['osascript', 'pbpaste', 'pbcopy']);
    const f = fakes;
    const windows: WindowSource = { check: async () => ({ available: true }), active: async () => ({ ownerPid: 530, url: 'https://chatgpt.com/c/1' }) };
    const { clipboard, focus, notifier } = createDarwinPasteSources({ env: f.env, windows });
    expect(await clipboard.check()).toEqual({ available: true });
    let changes = 0;
    const focused: Array<ActiveWindow | undefined> = [];
    await clipboard.watch(() => changes++);
    await focus.watch((w) => focused.push(w));
    const lines = fixture('pasteboard-helper.jsonl').toString('utf8').split('\n');

    f.setClipboard(fixture('pbpaste-utf8.txt'));
    f.emit(lines[1] as string, lines[2] as string);
    await until(() => changes === 1 && focused.length === 1, 5_000, 'the first change and focus');
    expect(await clipboard.read(1024)).toEqual({ kind: 'text', text: fixture('pbpaste-utf8.txt').toString('utf8'), bytes: 80, truncated: false });
    const cut = await clipboard.read(44);
    expect(cut).toMatchObject({ kind: 'text', bytes: 44, truncated: true });
    expect(cut.kind === 'text' && cut.text.endsWith('\ufffd')).toBe(false);
    expect(focused[0]).toMatchObject({ ownerPid: 530, title: 'ChatGPT', url: 'https://chatgpt.com/c/1', bundleId: 'com.google.Chrome' });

    // The same count again (a restarted helper) is no change; a new count is.
    f.emit(lines[1] as string, lines[3] as string);
    await until(() => changes === 2, 5_000, 'the image change');
    expect(await clipboard.read(1024)).toEqual({ kind: 'image', mime: 'public.png', bytes: 184_233 });
    f.emit(lines[4] as string);
    await until(() => changes === 3, 5_000, 'the files change');
    expect(await clipboard.read(1024)).toEqual({ kind: 'files', mime: 'public.file-url', bytes: 112 });
    f.emit(lines[7] as string);
    await until(() => changes === 4, 5_000, 'the empty pasteboard');
    expect(await clipboard.read(1024)).toEqual({ kind: 'empty' });

    await clipboard.writeText('redacted [AWS] ✓');
    await clipboard.writeText('{\\rtf1 not rich text}');
    await clipboard.clear();
    expect(f.clipboard()?.length).toBe(0);
    await notifier.notify({ title: HOSTILE[0] as string, body: HOSTILE[1] as string, urgency: 'critical' });

    const log = f.log();
    const pbpaste = log.filter((e) => e.tool === 'pbpaste');
    // pbpaste ran for the text only: not for the image, the files or the empty pasteboard.
    expect(pbpaste).toHaveLength(2);
    expect(pbpaste[0]).toMatchObject({ args: ['-Prefer', 'txt'], lc: 'en_US.UTF-8' });
    expect(log.filter((e) => e.tool === 'pbcopy').map((e) => e.stdin)).toEqual(['redacted [AWS] ✓', '']);
    expect(log.find((e) => e.tool === 'osascript' && e.mode === 'write')).toMatchObject({ stdin: '{\\rtf1 not rich text}' });
    const notify = log.find((e) => e.mode === 'notify') as { args: string[] };
    expect(notify.args[0]).toBe('-e');
    expect(appleScriptLiterals(notify.args[1] as string)).toEqual([HOSTILE[1], 'Sluice', HOSTILE[0]]);
    expect(log.filter((e) => e.mode === 'helper')).toHaveLength(1);

    await clipboard.close();
    await focus.close();
    await sleep(100);
    const helpers = log.filter((e) => e.mode === 'helper').length;
    f.emit(lines[1] as string);
    await sleep(200);
    expect(f.log().filter((e) => e.mode === 'helper')).toHaveLength(helpers);
  });

  it('says which tool is missing', async () => {
    const { clipboard } = createDarwinPasteSources({ env: { PATH: '/nonexistent' } });
    expect(await clipboard.check()).toMatchObject({ available: false, code: 'E_PASTE_TOOL_MISSING' });
  });
});
