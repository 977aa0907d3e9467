import { createHash } from 'node:crypto';
import type { ClipboardContent, ClipboardSource } from '@sluice/agent-core';

/**
 * The paste guard's clipboard inside the desktop shell, on Electron's `clipboard` module. Electron
 * has no change event, so a cheap fingerprint (the formats offered, the text's length and a hash of
 * it) is taken every 250 ms and a change is announced when it differs. A very large text is hashed
 * by samples (start, middle, end) and polled less often, so a 10 MB clipboard does not cost a
 * full hash four times a second.
 */

/** The part of Electron's clipboard this uses (a fake in the tests). */
export interface ElectronClipboardLike {
  readText(): string;
  availableFormats(): string[];
  writeText(text: string): void;
  clear(): void;
  readImage?(): { isEmpty(): boolean; getSize(): { width: number; height: number } };
}

export interface ElectronClipboardOptions {
  /** Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** Poll interval while the clipboard holds a large text. Default 1 s. */
  readonly largePollIntervalMs?: number;
  /** From this many UTF-16 units a text counts as large and is hashed by samples. Default 256 Ki. */
  readonly largeTextChars?: number;
}

const SAMPLE_CHARS = 16 * 1024;
const FILE_FORMATS = new Set(['text/uri-list', 'public.file-url', 'NSFilenamesPboardType', 'FileNameW', 'FileName', 'CF_HDROP']);
const TEXT_FORMATS = new Set(['text/plain', 'text/plain;charset=utf-8', 'public.utf8-plain-text', 'UTF8_STRING', 'STRING', 'TEXT', 'CF_UNICODETEXT']);

/** What the clipboard looks like now, cheaply; equal fingerprints mean no change worth a read. */
export function clipboardFingerprint(formats: readonly string[], text: string, largeTextChars = 256 * 1024): string {
  const hash = createHash('sha256');
  hash.update(formats.join('\u0000'));
  hash.update(`\u0001${text.length}\u0001`);
  if (text.length <= largeTextChars) hash.update(text);
  else {
    const middle = Math.floor(text.length / 2);
    hash.update(text.slice(0, SAMPLE_CHARS));
    hash.update(text.slice(middle, middle + SAMPLE_CHARS));
    hash.update(text.slice(-SAMPLE_CHARS));
  }
  return hash.digest('base64');
}

export type ElectronContentKind = { kind: 'text' | 'image' | 'files' | 'other'; mime: string } | { kind: 'empty' };

/** What the formats say the clipboard holds: files, then text, then images. */
export function classifyFormats(formats: readonly string[]): ElectronContentKind {
  const files = formats.find((f) => FILE_FORMATS.has(f));
  if (files) return { kind: 'files', mime: files };
  const text = formats.find((f) => TEXT_FORMATS.has(f));
  if (text) return { kind: 'text', mime: text };
  const image = formats.find((f) => f.startsWith('image/'));
  if (image) return { kind: 'image', mime: image };
  return formats[0] ? { kind: 'other', mime: formats[0].slice(0, 256) } : { kind: 'empty' };
}

/** The text cut to `maxBytes` of UTF-8 on a character boundary. */
export function boundText(text: string, maxBytes: number): { text: string; bytes: number; truncated: boolean } {
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= maxBytes) return { text, bytes: size, truncated: false };
  // At most 4 bytes per code point: no need to encode more than this many units.
  const bytes = Buffer.from(text.slice(0, maxBytes), 'utf8');
  let end = Math.min(maxBytes, bytes.length);
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { text: bytes.subarray(0, end).toString('utf8'), bytes: end, truncated: true };
}

export function createElectronClipboard(clipboard: ElectronClipboardLike, options: ElectronClipboardOptions = {}): ClipboardSource {
  const interval = options.pollIntervalMs ?? 250;
  const largeInterval = options.largePollIntervalMs ?? 1_000;
  const largeText = options.largeTextChars ?? 256 * 1024;
  let timer: NodeJS.Timeout | undefined;
  let last: string | undefined;
  let closed = false;

  function textOf(formats: readonly string[]): string {
    return formats.some((f) => TEXT_FORMATS.has(f)) ? clipboard.readText() : '';
  }

  function poll(onChange: () => void): void {
    if (closed) return;
    let next = interval;
    try {
      const formats = clipboard.availableFormats();
      const text = textOf(formats);
      if (text.length > largeText) next = largeInterval;
      const fingerprint = clipboardFingerprint(formats, text, largeText);
      if (fingerprint !== last) {
        last = fingerprint;
        onChange();
      }
    } catch {
      // The clipboard was busy (another program held it open); try again at the next tick.
    }
    timer = setTimeout(() => poll(onChange), next);
    timer.unref?.();
  }

  return {
    async check() {
      return { available: true };
    },
    async watch(onChange) {
      if (timer) clearTimeout(timer);
      poll(onChange);
    },
    async read(maxBytes): Promise<ClipboardContent> {
      const formats = clipboard.availableFormats();
      const choice = classifyFormats(formats);
      if (choice.kind === 'empty') return { kind: 'empty' };
      if (choice.kind === 'text') {
        const text = clipboard.readText();
        if (text.length === 0) return { kind: 'empty' };
        return { kind: 'text', ...boundText(text, maxBytes) };
      }
      if (choice.kind === 'image') {
        const image = clipboard.readImage?.();
        const size = image && !image.isEmpty() ? image.getSize() : { width: 0, height: 0 };
        // The decoded bitmap's size: what Electron hands out, 4 bytes a pixel.
        return { kind: 'image', mime: choice.mime, bytes: size.width * size.height * 4 };
      }
      return { kind: choice.kind, mime: choice.mime, bytes: 0 };
    },
    async writeText(text) {
      clipboard.writeText(text);
    },
    async clear() {
      clipboard.clear();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
