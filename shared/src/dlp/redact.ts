import type { DataCategory } from '../policy/policy.js';
import { createSaltedHasher, normalizeValue } from './hash.js';
import { maskValue } from './mask.js';
import { resolveOverlaps } from './overlap.js';
import type { DlpFinding, MaskStyle } from './types.js';

/**
 * - `typed`: `[REDACTED:AWS_ACCESS_KEY]`, the finding's label.
 * - `partial`: the value with most characters replaced by `*`, length kept (last four digits of a card).
 * - `hash`: `[HASH:<16 hex>]`, a prefix of the salted hash, so the same value redacts alike across
 *   a conversation and an analyst can correlate without seeing it. Needs `salt`.
 */
export type RedactionStyle = 'typed' | 'partial' | 'hash';

export interface RedactionOptions {
  /** One style for all findings, or a style per category (others use `typed`). Default `typed`. */
  readonly style?: RedactionStyle | Partial<Record<DataCategory, RedactionStyle>>;
  /** Organization salt, required for the `hash` style. */
  readonly salt?: string | Uint8Array;
  /** Also replace region findings (a pasted code block becomes one mask). Default false. */
  readonly includeRegions?: boolean;
}

/** Where one finding ended up in the redacted text, for highlighting it in the UI. */
export interface Replacement {
  readonly detector: string;
  /** Span in the original text. */
  readonly start: number;
  readonly end: number;
  /** Span of the replacement in the redacted text. */
  readonly outputStart: number;
  readonly outputEnd: number;
}

export interface RedactionResult {
  readonly text: string;
  readonly replacements: readonly Replacement[];
}

function styleFor(options: RedactionOptions, category: DataCategory): RedactionStyle {
  const s = options.style;
  if (s === undefined) return 'typed';
  if (typeof s === 'string') return s;
  return s[category] ?? 'typed';
}

const PARTIAL_MASK: Readonly<Partial<Record<DataCategory, MaskStyle>>> = {
  credential: 'secret',
  financial: 'last4',
  government_id: 'last4',
  health: 'last4',
};

/**
 * Replaces findings in `text`. Offsets are deterministic: findings are first made disjoint by the
 * overlap rule (so callers may pass `overlaps: 'all'` results), then applied left to right, and
 * every replacement reports both its original and its new span.
 */
export function redactText(text: string, findings: readonly DlpFinding[], options: RedactionOptions = {}): RedactionResult {
  const chosen = resolveOverlaps(findings.filter((f) => (options.includeRegions || !f.region) && f.start >= 0 && f.end <= text.length && f.start < f.end));
  // Region findings may contain value findings; when regions are included, keep only the outermost span.
  const disjoint: DlpFinding[] = [];
  for (const f of chosen) {
    const last = disjoint[disjoint.length - 1];
    if (last && f.start < last.end) {
      if (f.end - f.start > last.end - last.start) disjoint[disjoint.length - 1] = f;
      continue;
    }
    disjoint.push(f);
  }
  const needsHash = disjoint.some((f) => styleFor(options, f.category) === 'hash');
  const hasher = needsHash ? createSaltedHasher(options.salt ?? new Uint8Array(0)) : undefined;
  let out = '';
  let cursor = 0;
  const replacements: Replacement[] = [];
  for (const f of disjoint) {
    out += text.slice(cursor, f.start);
    const value = text.slice(f.start, f.end);
    let replacement: string;
    switch (styleFor(options, f.category)) {
      case 'partial':
        replacement = maskValue(value, PARTIAL_MASK[f.category] ?? 'partial');
        break;
      case 'hash':
        replacement = `[HASH:${hasher?.hash(normalizeValue(value, f.category, f.entity)).slice(0, 16) ?? ''}]`;
        break;
      default:
        replacement = `[REDACTED:${f.label}]`;
    }
    replacements.push({ detector: f.detector, start: f.start, end: f.end, outputStart: out.length, outputEnd: out.length + replacement.length });
    out += replacement;
    cursor = f.end;
  }
  out += text.slice(cursor);
  return { text: out, replacements };
}
