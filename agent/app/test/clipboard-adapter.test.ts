import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { boundText, classifyFormats, clipboardFingerprint, createElectronClipboard, type ElectronClipboardLike } from '../src/main/clipboard-adapter.js';

/** Electron's clipboard as far as the adapter uses it; counts the reads. */
function fakeClipboard(initial: { formats: string[]; text: string; image?: { width: number; height: number } }) {
  const state = { ...initial, reads: 0 };
  const clipboard: ElectronClipboardLike = {
    availableFormats: () => [...state.formats],
    readText: () => {
      state.reads += 1;
      return state.formats.includes('text/plain') ? state.text : '';
    },
    writeText: (text) => {
      state.formats = ['text/plain'];
      state.text = text;
    },
    clear: () => {
      state.formats = [];
      state.text = '';
    },
    readImage: () => ({ isEmpty: () => !state.image, getSize: () => state.image ?? { width: 0, height: 0 } }),
  };
  return { clipboard, state };
}

describe('Electron clipboard adapter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('announces the content at start and each change, polling every 250 ms, and nothing while it stays the same', async () => {
    const { clipboard, state } = fakeClipboard({ formats: ['text/plain'], text: 'hello' });
    const source = createElectronClipboard(clipboard);
    let changes = 0;
    await source.watch(() => changes++);
    expect(changes).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(changes).toBe(1);
    state.text = 'hellp';
    await vi.advanceTimersByTimeAsync(250);
    expect(changes).toBe(2);
    state.formats = ['image/png'];
    await vi.advanceTimersByTimeAsync(250);
    expect(changes).toBe(3);
    await source.writeText('redacted');
    await vi.advanceTimersByTimeAsync(250);
    expect(changes).toBe(4);
    source.close();
    state.text = 'after close';
    await vi.advanceTimersByTimeAsync(2_000);
    expect(changes).toBe(4);
  });

  it('polls a very large text less often and hashes it by samples', async () => {
    const big = 'a'.repeat(10 * 1024 * 1024);
    const { clipboard, state } = fakeClipboard({ formats: ['text/plain'], text: big });
    const source = createElectronClipboard(clipboard);
    await source.watch(() => undefined);
    const before = state.reads;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(state.reads - before).toBeLessThanOrEqual(2);
    const start = performance.now();
    clipboardFingerprint(['text/plain'], big);
    expect(performance.now() - start).toBeLessThan(50);
    // Same length, a change in a sampled part: seen.
    expect(clipboardFingerprint(['text/plain'], big)).not.toBe(clipboardFingerprint(['text/plain'], `b${big.slice(1)}`));
    source.close();
  });

  it('keeps polling when the clipboard is busy', async () => {
    const { clipboard, state } = fakeClipboard({ formats: ['text/plain'], text: 'x' });
    let busy = true;
    const flaky: ElectronClipboardLike = {
      ...clipboard,
      availableFormats: () => {
        if (busy) throw new Error('OpenClipboard failed');
        return clipboard.availableFormats();
      },
    };
    const source = createElectronClipboard(flaky);
    let changes = 0;
    await source.watch(() => changes++);
    expect(changes).toBe(0);
    busy = false;
    await vi.advanceTimersByTimeAsync(250);
    expect(changes).toBe(1);
    expect(state.text).toBe('x');
    source.close();
  });
});

describe('reading through the adapter', () => {
  it('reads text within the byte bound, cut on a character boundary; images by size; files and others by format; nothing as empty', async () => {
    const { clipboard, state } = fakeClipboard({ formats: ['text/plain', 'text/html'], text: 'naïve ✓ 🔑' });
    const source = createElectronClipboard(clipboard);
    expect(await source.read(1024)).toEqual({ kind: 'text', text: 'naïve ✓ 🔑', bytes: Buffer.byteLength('naïve ✓ 🔑'), truncated: false });
    expect(await source.read(12)).toEqual({ kind: 'text', text: 'naïve ✓ ', bytes: 11, truncated: true });
    state.text = 'x'.repeat(10 * 1024 * 1024);
    expect(await source.read(64 * 1024)).toMatchObject({ kind: 'text', bytes: 64 * 1024, truncated: true });
    state.formats = ['image/png'];
    state.image = { width: 100, height: 50 };
    expect(await source.read(1024)).toEqual({ kind: 'image', mime: 'image/png', bytes: 20_000 });
    state.formats = ['text/uri-list', 'text/plain'];
    expect(await source.read(1024)).toEqual({ kind: 'files', mime: 'text/uri-list', bytes: 0 });
    state.formats = ['application/x-custom'];
    expect(await source.read(1024)).toEqual({ kind: 'other', mime: 'application/x-custom', bytes: 0 });
    await source.clear();
    expect(await source.read(1024)).toEqual({ kind: 'empty' });
    expect(await source.check()).toEqual({ available: true });
  });

  it('classifies formats and bounds text as pure functions', () => {
    expect(classifyFormats([])).toEqual({ kind: 'empty' });
    expect(classifyFormats(['public.file-url', 'public.utf8-plain-text'])).toEqual({ kind: 'files', mime: 'public.file-url' });
    expect(classifyFormats(['text/html', 'text/plain', 'image/png'])).toEqual({ kind: 'text', mime: 'text/plain' });
    expect(boundText('\ud83d\udd11\ud83d\udd11', 5)).toEqual({ text: '\ud83d\udd11', bytes: 4, truncated: true });
    expect(boundText('abc', 3)).toEqual({ text: 'abc', bytes: 3, truncated: false });
    expect(boundText('é', 1)).toEqual({ text: '', bytes: 0, truncated: true });
  });
});
