import type { MaskStyle } from './types.js';

const MASK = '*';
/** Longest preview: long secrets are shortened with an ellipsis so previews stay one short line. */
export const MAX_PREVIEW_CHARS = 32;

/** Separators kept visible in masks: space - . / : ( ). */
function isSeparatorCode(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 47 || c === 58 || c === 40 || c === 41;
}

/** Enough mask characters for any preview; longer runs are built with repeat. */
const STARS = MASK.repeat(64);

function stars(count: number): string {
  return count <= STARS.length ? STARS.slice(0, count) : MASK.repeat(count);
}

/**
 * `value[from, to)` with every character but separators masked, built from runs (one piece per
 * separator rather than one per character: previews are made for every finding).
 */
function maskRuns(value: string, from: number, to: number): string {
  let out = '';
  let run = 0;
  for (let i = from; i < to; i++) {
    if (isSeparatorCode(value.charCodeAt(i))) {
      if (run > 0) out += stars(run);
      run = 0;
      out += value[i] ?? '';
    } else run++;
  }
  return run > 0 ? out + stars(run) : out;
}

/** Masks every character except separators and the last `keep` alphanumerics. */
function keepLast(value: string, keep: number): string {
  // Where the kept tail starts: `keep` non-separators counted from the end.
  let kept = 0;
  let cut = value.length;
  while (cut > 0 && kept < keep) {
    cut--;
    if (!isSeparatorCode(value.charCodeAt(cut))) kept++;
  }
  return maskRuns(value, 0, cut) + value.slice(cut);
}

/**
 * The length of the public prefix of a credential that may be shown: the provider marker up to and
 * including its last separator within the first 14 characters (`ghp_`, `sk-ant-api03-`,
 * `xoxb-`), or the first three characters when there is none.
 */
function publicPrefixLength(value: string): number {
  const head = value.slice(0, 14);
  const cut = Math.max(head.lastIndexOf('_'), head.lastIndexOf('-'), head.lastIndexOf('.'));
  if (cut > 0 && cut < value.length / 2) return cut + 1;
  return Math.min(3, Math.floor(value.length / 4));
}

function hasLineBreak(value: string): boolean {
  return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
}

/**
 * Masks `value` in the given style, keeping its length (so partial redaction keeps layout).
 * Never reveals more than a quarter of the characters, and never more than four at the end.
 */
export function maskValue(value: string, style: MaskStyle): string {
  // Values with line breaks (private keys) are masked as one opaque block.
  if (hasLineBreak(value)) return `${value.slice(0, Math.min(value.indexOf('\n'), 40))}\n${MASK.repeat(8)}`;
  return maskLine(value, style);
}

/** `maskValue` for a value without line breaks. */
function maskLine(value: string, style: MaskStyle): string {
  const n = value.length;
  switch (style) {
    case 'full':
      return stars(n);
    case 'last4':
      return keepLast(value, n >= 12 ? 4 : n >= 8 ? 2 : 0);
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return stars(n);
      return value[0] + stars(at - 1) + value.slice(at);
    }
    case 'partial': {
      const keep = Math.floor(n / 4);
      return value.slice(0, keep) + maskRuns(value, keep, n);
    }
    case 'secret': {
      if (n < 8) return stars(n);
      const prefix = Math.min(publicPrefixLength(value), Math.floor(n / 4));
      const tail = n >= 24 ? 2 : 0;
      return value.slice(0, prefix) + stars(n - prefix - tail) + value.slice(n - tail);
    }
  }
}

/** A preview for evidence and the CLI: the mask, shortened to at most MAX_PREVIEW_CHARS. */
export function previewValue(value: string, style: MaskStyle): string {
  const broken = hasLineBreak(value);
  const masked = broken ? maskValue(value, style) : maskLine(value, style);
  // Only a value with a line break has one in its mask.
  if (!broken && masked.length <= MAX_PREVIEW_CHARS) return masked;
  const nl = broken ? masked.indexOf('\n') : -1;
  const firstLine = nl < 0 ? masked : masked.slice(0, nl);
  const head = firstLine.slice(0, MAX_PREVIEW_CHARS - 8);
  const tail = nl >= 0 ? '' : firstLine.slice(-4);
  return `${head}${MASK.repeat(3)}…${tail}`;
}
