import type { DataCategory } from '../policy/policy.js';
import { BUILTIN_DETECTORS } from './catalog/index.js';
import { dlpError } from './errors.js';
import { HitBuffer, KeywordAutomaton } from './keyword-automaton.js';
import { previewValue } from './mask.js';
import { resolveOverlaps, sortByPosition } from './overlap.js';
import { redactText, type RedactionOptions, type RedactionResult } from './redact.js';
import { compileDefinition, normalizeForCompare, type RuntimeDetector } from './runtime.js';
import { asciiLower, containsWord, isOneRepeatedChar, isPlaceholder, isSequence, looksMadeUp, shannonEntropy } from './text.js';
import type { DetectorInfo, DlpFinding, DlpScanResult, DlpSignal, RawMatch } from './types.js';

/** Inputs longer than this are scanned up to it and reported as truncated (UTF-16 code units). */
export const DEFAULT_MAX_INPUT_CHARS = 2 * 1024 * 1024;
/** Findings below this confidence are not reported (docs/dlp.md explains the scale). */
export const DEFAULT_MIN_CONFIDENCE = 0.3;
export const DEFAULT_MAX_FINDINGS = 10_000;
/** How far around a value context words are looked for, in UTF-16 units. */
const CONTEXT_BEFORE = 64;
const CONTEXT_AFTER = 32;
/** Confidence lost by a documented test value or an obvious sequence. */
const TEST_VALUE_PENALTY = 0.25;
const ANTI_CONTEXT_PENALTY = 0.3;
/** Extra characters on each side of a numeric token, for prefixes such as `+`, `(` or `X`. */
const DIGIT_MARGIN = 3;

/** Which built-in detectors run. All of them by default. */
export interface DetectorSelection {
  /** Only these ids (after categories). */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Only detectors of these categories. */
  readonly categories?: readonly DataCategory[];
}

export interface DlpEngineOptions {
  /** Built-in detectors to run; defaults to the whole catalog. */
  readonly builtins?: DetectorSelection | false;
  /** Compiled custom detectors: from `compileCustomDetectors`, `importGitleaksToml` or `createEdmDetector`. */
  readonly custom?: readonly RuntimeDetector[];
  /** Default `DEFAULT_MAX_INPUT_CHARS`. */
  readonly maxInputChars?: number;
  /** Default `DEFAULT_MIN_CONFIDENCE`. */
  readonly minConfidence?: number;
  /** Milliseconds clock for `elapsedMs`; defaults to `performance.now` when the runtime has it. */
  readonly clock?: () => number;
}

export interface DlpScanOptions {
  readonly minConfidence?: number;
  /** Default `DEFAULT_MAX_FINDINGS`. */
  readonly maxFindings?: number;
  /** `resolve` (default) applies the overlap rule; `all` returns every finding. */
  readonly overlaps?: 'resolve' | 'all';
}

export interface DlpEngine {
  scan(text: string, options?: DlpScanOptions): DlpScanResult;
  redact(text: string, findings: readonly DlpFinding[], options?: RedactionOptions): RedactionResult;
  /** The detectors this engine runs, in catalog order. */
  readonly detectors: readonly DetectorInfo[];
}

/** Digit groups joined by one separator (or a phone-style parenthesis); see `DigitAnchor`. */
const DIGIT_TOKEN = /(?<![0-9])[0-9]{1,24}(?![0-9])(?:(?:[ \-./:]|\) ?| ?\()[0-9]{1,24}(?![0-9]))*/g;

const SEP_BITS: Readonly<Record<string, number>> = { ' ': 1, '-': 2, '.': 4, '/': 8, ':': 16, '(': 32, ')': 32 };

function separatorMask(chars: string): number {
  let mask = 0;
  for (const ch of chars) mask |= SEP_BITS[ch] ?? 0;
  return mask;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

interface DigitSubscriber {
  readonly index: number;
  readonly min: number;
  readonly max: number;
  readonly allowed: number;
  readonly required: number;
  readonly before: string | undefined;
  readonly letterAfter: boolean;
  readonly maxGroups: number;
  readonly minGroups: number;
  readonly after: number;
}

function defaultClock(): (() => number) | undefined {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : undefined;
}

function selectBuiltins(selection: DetectorSelection | false | undefined): RuntimeDetector[] {
  if (selection === false) return [];
  const known = new Set(BUILTIN_DETECTORS.map((d) => d.id));
  for (const id of [...(selection?.include ?? []), ...(selection?.exclude ?? [])]) {
    if (!known.has(id)) throw dlpError('E_DLP_OPTIONS_INVALID', `Unknown detector id "${id}".`);
  }
  const include = selection?.include ? new Set(selection.include) : undefined;
  const exclude = new Set(selection?.exclude ?? []);
  const categories = selection?.categories ? new Set(selection.categories) : undefined;
  return BUILTIN_DETECTORS.filter(
    (d) => (!categories || categories.has(d.category)) && (!include || include.has(d.id)) && !exclude.has(d.id),
  ).map((d) => compileDefinition(d));
}

let builtinCache: RuntimeDetector[] | undefined;

/**
 * Builds an engine: compiles the detector set and its keyword automaton once, so each scan is a
 * single pass plus work proportional to what the prefilters found. Throws a coded `SluiceError`
 * (E_DLP_…) on invalid options.
 */
export function createDlpEngine(options: DlpEngineOptions = {}): DlpEngine {
  const maxInputChars = options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  const engineMinConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (!Number.isInteger(maxInputChars) || maxInputChars < 1) throw dlpError('E_DLP_OPTIONS_INVALID', 'maxInputChars must be a positive integer.');
  if (!(engineMinConfidence >= 0 && engineMinConfidence <= 1)) throw dlpError('E_DLP_OPTIONS_INVALID', 'minConfidence must be between 0 and 1.');
  const clock = options.clock ?? defaultClock();

  let builtins: RuntimeDetector[];
  if (options.builtins === undefined) builtins = builtinCache ??= selectBuiltins(undefined);
  else builtins = selectBuiltins(options.builtins);
  const detectors = [...builtins, ...(options.custom ?? [])];
  const ids = new Set<string>();
  for (const d of detectors) {
    if (ids.has(d.info.id)) throw dlpError('E_DLP_DUPLICATE_ID', `"${d.info.id}" is defined twice.`);
    ids.add(d.info.id);
  }

  // One automaton over all keywords; each keyword lists the detectors it triggers.
  const keywordIndex = new Map<string, number>();
  const keywordDetectors: number[][] = [];
  detectors.forEach((d, index) => {
    for (const k of d.keywords) {
      let id = keywordIndex.get(k);
      if (id === undefined) {
        id = keywordDetectors.length;
        keywordIndex.set(k, id);
        keywordDetectors.push([]);
      }
      keywordDetectors[id]?.push(index);
    }
  });
  const keywords = [...keywordIndex.keys()];
  const keywordLengths = keywords.map((k) => k.length);
  const automaton = new KeywordAutomaton(keywords);

  const digitSubscribers: DigitSubscriber[] = detectors
    .map((d, index) =>
      d.digits
        ? {
            index,
            min: d.digits.min,
            max: d.digits.max,
            allowed: separatorMask(d.digits.separators),
            required: separatorMask(d.digits.requireSeparator ?? ''),
            before: d.digits.before,
            letterAfter: d.digits.letterAfter ?? false,
            maxGroups: d.digits.maxGroups ?? Number.MAX_SAFE_INTEGER,
            minGroups: d.digits.minGroups ?? 1,
            after: d.digits.after ?? DIGIT_MARGIN,
          }
        : undefined,
    )
    .filter((s): s is DigitSubscriber => s !== undefined)
    .sort((a, b) => a.min - b.min);
  const scanAllDetectors = detectors.map((d, i) => (d.scanAll ? i : -1)).filter((i) => i >= 0);

  // Per-scan scratch state, reused between scans (an engine is not re-entrant; scans are synchronous).
  const hits = new HitBuffer();
  const windows: number[][] = detectors.map(() => []);
  const unsorted: boolean[] = detectors.map(() => false);

  function addWindow(d: number, start: number, end: number): void {
    const list = windows[d];
    if (!list) return;
    const n = list.length;
    if (n > 0) {
      const lastStart = list[n - 2] ?? 0;
      const lastEnd = list[n - 1] ?? 0;
      if (start < lastStart) unsorted[d] = true;
      else if (start <= lastEnd) {
        if (end > lastEnd) list[n - 1] = end;
        return;
      }
    }
    list.push(start, end);
  }

  function mergedWindows(d: number): number[] {
    const list = windows[d] ?? [];
    if (!unsorted[d]) return list;
    const pairs: [number, number][] = [];
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i] ?? 0, list[i + 1] ?? 0]);
    pairs.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [s, e] of pairs) {
      const n = merged.length;
      if (n > 0 && s <= (merged[n - 1] ?? 0)) merged[n - 1] = Math.max(merged[n - 1] ?? 0, e);
      else merged.push(s, e);
    }
    return merged;
  }

  function scanDigits(text: string): void {
    const n = text.length;
    DIGIT_TOKEN.lastIndex = 0;
    for (let m = DIGIT_TOKEN.exec(text); m !== null; m = DIGIT_TOKEN.exec(text)) {
      const token = m[0];
      const start = m.index;
      const end = start + token.length;
      let digitCount = 0;
      let groups = 0;
      let seps = 0;
      let inDigits = false;
      for (let i = 0; i < token.length; i++) {
        const c = token.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          digitCount++;
          if (!inDigits) groups++;
          inDigits = true;
        } else {
          seps |= SEP_BITS[token[i] ?? ''] ?? 0;
          inDigits = false;
        }
      }
      const first = digitSubscribers[0];
      if (!first || digitCount < first.min) continue;
      const prev = start > 0 ? text[start - 1] ?? '' : '';
      let after = end < n ? text.charCodeAt(end) : 0;
      if (after === 45 && end + 1 < n) after = text.charCodeAt(end + 1); // "12345678-Z"
      for (const s of digitSubscribers) {
        if (s.min > digitCount) break;
        if (groups === 1 && digitCount > s.max) continue;
        if ((seps & ~s.allowed) !== 0 || (s.required !== 0 && (seps & s.required) === 0)) continue;
        if (groups > s.maxGroups || groups < s.minGroups) continue;
        if (s.before !== undefined && !(prev !== '' && s.before.includes(prev))) {
          // Allow one dash between the letter and the digits ("X-1234567-L").
          const prev2 = start > 1 && prev === '-' ? text[start - 2] ?? '' : '';
          if (!(prev2 !== '' && s.before.includes(prev2))) continue;
        }
        if (s.letterAfter && !isLetter(after)) continue;
        addWindow(s.index, Math.max(0, start - DIGIT_MARGIN), Math.min(n, end + s.after));
      }
    }
  }

  function score(d: RuntimeDetector, text: string, raw: RawMatch, minConfidence: number): DlpFinding | undefined {
    let start = raw.start;
    let end = raw.end;
    if (end <= start) return undefined;
    let value = text.slice(start, end);
    const signals: DlpSignal[] = [];
    let confidence = raw.confidence ?? d.confidence;
    if (raw.validated) signals.push('checksum');
    else if (d.validate) {
      const verdict = d.validate(value, { text, start, end });
      if (verdict === false) {
        if (d.unverifiedConfidence === undefined) return undefined;
        confidence = d.unverifiedConfidence;
        signals.push('checksum-failed');
      } else {
        if (verdict !== true) {
          end = start + verdict.end;
          start = start + verdict.start;
          if (end <= start) return undefined;
          value = text.slice(start, end);
        }
        signals.push('checksum');
      }
    }
    if (d.minEntropy > 0) {
      if (shannonEntropy(value) < d.minEntropy) return undefined;
      signals.push('entropy');
    }
    if (d.credential ? isPlaceholder(value, d.formatHasRuns) : d.info.category !== 'network' && isOneRepeatedChar(value)) {
      confidence = Math.min(confidence, 0.1);
      signals.push('placeholder');
    } else if (
      d.testValues.has(normalizeForCompare(value, d.info.category)) ||
      d.isTestValue?.(value) ||
      (d.credential ? looksMadeUp(value) : isSequence(value))
    ) {
      confidence -= TEST_VALUE_PENALTY;
      signals.push('test-value');
    }
    if (d.context.length > 0 || d.antiContext.length > 0) {
      const around = asciiLower(text.slice(Math.max(0, start - CONTEXT_BEFORE), Math.min(text.length, end + CONTEXT_AFTER)));
      if (d.context.some((w) => containsWord(around, w))) {
        confidence += d.contextBoost;
        signals.push('context');
      }
      if (d.antiContext.some((w) => containsWord(around, w))) {
        confidence -= ANTI_CONTEXT_PENALTY;
        signals.push('anti-context');
      }
    }
    confidence = Math.round(Math.min(0.99, Math.max(0, confidence)) * 100) / 100;
    if (confidence < minConfidence) return undefined;
    const { id, category, entity, label } = d.info;
    return {
      detector: id,
      category,
      entity,
      label,
      start,
      end,
      confidence,
      preview: d.region ? `${raw.language ?? 'code'} (${end - start} chars)` : previewValue(value, d.mask),
      signals,
      ...(d.region ? { region: true as const } : {}),
      ...(raw.language !== undefined ? { language: raw.language } : {}),
    };
  }

  function scan(input: string, scanOptions: DlpScanOptions = {}): DlpScanResult {
    const started = clock?.();
    const minConfidence = scanOptions.minConfidence ?? engineMinConfidence;
    const maxFindings = scanOptions.maxFindings ?? DEFAULT_MAX_FINDINGS;
    let text = input;
    let truncated = false;
    if (input.length > maxInputChars) {
      let cut = maxInputChars;
      const last = input.charCodeAt(cut - 1);
      if (last >= 0xd800 && last <= 0xdbff) cut--; // never split a surrogate pair
      text = input.slice(0, cut);
      truncated = true;
    }
    const n = text.length;
    for (let d = 0; d < detectors.length; d++) {
      const w = windows[d];
      if (w) w.length = 0;
      unsorted[d] = false;
    }

    hits.clear();
    if (keywords.length > 0) automaton.scan(text, 0, n, hits);
    const data = hits.data;
    for (let h = 0; h < hits.length; h += 2) {
      const kw = data[h] ?? 0;
      const endPos = data[h + 1] ?? 0;
      const startPos = endPos - (keywordLengths[kw] ?? 0);
      for (const d of keywordDetectors[kw] ?? []) {
        const det = detectors[d];
        if (!det) continue;
        addWindow(d, Math.max(0, startPos - det.before), Math.min(n, endPos + det.after));
      }
    }
    if (digitSubscribers.length > 0) scanDigits(text);
    for (const d of scanAllDetectors) addWindow(d, 0, n);

    const found: DlpFinding[] = [];
    let findingsTruncated = false;
    const seen = new Set<string>();
    outer: for (let d = 0; d < detectors.length; d++) {
      const det = detectors[d];
      const list = windows[d];
      if (!det || !list || list.length === 0) continue;
      const merged = mergedWindows(d);
      for (let i = 0; i < merged.length; i += 2) {
        for (const raw of det.find(text, merged[i] ?? 0, merged[i + 1] ?? 0)) {
          const finding = score(det, text, raw, minConfidence);
          if (!finding) continue;
          const key = `${d}:${finding.start}:${finding.end}`;
          if (seen.has(key)) continue;
          seen.add(key);
          // Keep a little headroom: overlap resolution may still remove some.
          if (found.length >= maxFindings * 2) {
            findingsTruncated = true;
            break outer;
          }
          found.push(finding);
        }
      }
    }

    let findings = scanOptions.overlaps === 'all' ? sortByPosition(found) : resolveOverlaps(found);
    if (findings.length > maxFindings) {
      findings = findings.slice(0, maxFindings);
      findingsTruncated = true;
    }
    const result: DlpScanResult = { findings, truncated, scannedLength: n, findingsTruncated };
    return started === undefined || !clock ? result : { ...result, elapsedMs: clock() - started };
  }

  return {
    scan,
    redact: (text, findings, redactOptions) => redactText(text, findings, redactOptions),
    detectors: detectors.map((d) => d.info),
  };
}
