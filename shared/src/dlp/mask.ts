import type { MaskStyle } from './types.js';

const MASK = '*';
/** Longest preview: long secrets are shortened with an ellipsis so previews stay one short line. */
export const MAX_PREVIEW_CHARS = 32;

function isSeparator(ch: string): boolean {
  return ch === ' ' || ch === '-' || ch === '.' || ch === '/' || ch === ':' || ch === '(' || ch === ')';
}

/** Masks every character except separators and the last `keep` alphanumerics. */
function keepLast(value: string, keep: number): string {
  let kept = 0;
  let out = '';
  for (let i = value.length - 1; i >= 0; i--) {
    const ch = value[i] ?? '';
    if (isSeparator(ch)) out = ch + out;
    else if (kept < keep) {
      out = ch + out;
      kept++;
    } else out = MASK + out;
  }
  return out;
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

/**
 * Masks `value` in the given style, keeping its length (so partial redaction keeps layout).
 * Never reveals more than a quarter of the characters, and never more than four at the end.
 */
export function maskValue(value: string, style: MaskStyle): string {
  // Values with line breaks (private keys) are masked as one opaque block.
  if (/[\r\n]/.test(value)) return `${value.slice(0, Math.min(value.indexOf('\n'), 40))}\n${MASK.repeat(8)}`;
  const n = value.length;
  switch (style) {
    case 'full':
      return MASK.repeat(n);
    case 'last4':
      return keepLast(value, n >= 12 ? 4 : n >= 8 ? 2 : 0);
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return MASK.repeat(n);
      return value[0] + MASK.repeat(at - 1) + value.slice(at);
    }
    case 'partial': {
      const keep = Math.floor(n / 4);
      let out = value.slice(0, keep);
      for (let i = keep; i < n; i++) {
        const ch = value[i] ?? '';
        out += isSeparator(ch) ? ch : MASK;
      }
      return out;
    }
    case 'secret': {
      if (n < 8) return MASK.repeat(n);
      const prefix = Math.min(publicPrefixLength(value), Math.floor(n / 4));
      const tail = n >= 24 ? 2 : 0;
      return value.slice(0, prefix) + MASK.repeat(n - prefix - tail) + value.slice(n - tail);
    }
  }
}

/** A preview for evidence and the CLI: the mask, shortened to at most MAX_PREVIEW_CHARS. */
export function previewValue(value: string, style: MaskStyle): string {
  const masked = maskValue(value, style);
  const nl = masked.indexOf('\n');
  if (nl < 0 && masked.length <= MAX_PREVIEW_CHARS) return masked;
  const firstLine = nl < 0 ? masked : masked.slice(0, nl);
  const head = firstLine.slice(0, MAX_PREVIEW_CHARS - 8);
  const tail = nl >= 0 ? '' : firstLine.slice(-4);
  return `${head}${MASK.repeat(3)}…${tail}`;
}
