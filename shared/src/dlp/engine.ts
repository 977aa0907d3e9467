import type { DataCategory } from '../policy/policy.js';
import { BUILTIN_DETECTORS } from './catalog/index.js';
import { CodeUnits } from './code-units.js';
import { dlpError } from './errors.js';
import { HitBuffer, KeywordAutomaton } from './keyword-automaton.js';
import { RegionFinding, ValueFinding } from './finding.js';
import { resolveOverlaps, sortByPosition } from './overlap.js';
import { redactText, type RedactionOptions, type RedactionResult } from './redact.js';
import { comparableLength, compileDefinition, normalizeForCompare, type RuntimeDetector } from './runtime.js';
import { forgetScannedParts, isOneRepeatedChar, isPlaceholder, isSequence, looksMadeUp, shannonEntropy } from './text.js';
import type { DetectorInfo, DlpFinding, DlpScanResult, DlpSignal, RawMatch, ScanState, ValueContext } from './types.js';

/** Removes findings with the same span as an earlier one, from index `first` on. */
function dedupeFrom(found: DlpFinding[], first: number): void {
  const mine = found.splice(first).sort((a, b) => a.start - b.start || a.end - b.end);
  let last: DlpFinding | undefined;
  for (const f of mine) {
    if (last && last.start === f.start && last.end === f.end) continue;
    found.push(f);
    last = f;
  }
}

/** Budgets spent in one scan; see ScanState. */
class ScanBudgets implements ScanState {
  private readonly spent = new Map<string, number>();
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly near: (words: readonly string[], from: number, to: number) => boolean | undefined,
    readonly occurrences: (marker: string) => Int32Array | undefined,
    readonly digitRuns: () => Int32Array | undefined,
    readonly digitRunsAround: () => Int32Array | undefined,
    readonly digitRunCandidates: () => Int32Array | undefined,
    readonly units: () => Uint16Array,
    readonly lines: (from: number, to: number, each: (records: Int32Array, count: number) => void) => boolean,
    readonly macSeparators: (from: number, to: number, each: (positions: Int32Array, count: number) => void) => boolean,
  ) {}

  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  spend(budget: string, max: number): boolean {
    const used = this.spent.get(budget) ?? 0;
    if (used >= max) return false;
    this.spent.set(budget, used + 1);
    return true;
  }
}

/** Inputs longer than this are scanned up to it and reported as truncated (UTF-16 code units). */
export const DEFAULT_MAX_INPUT_CHARS = 2 * 1024 * 1024;
/** Findings below this confidence are not reported (docs/dlp.md explains the scale). */
export const DEFAULT_MIN_CONFIDENCE = 0.3;
export const DEFAULT_MAX_FINDINGS = 10_000;
/** How far around a value context words are looked for, in UTF-16 units. */
const CONTEXT_BEFORE = 64;
const CONTEXT_AFTER = 32;
/** Calls of each validator on each sample value in `warmUp`. */
const VALIDATOR_WARM_UP_CALLS = 200;
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
  /**
   * Run the per-character loops as WebAssembly where it can run (default true). False keeps them
   * in JavaScript (slower; the same findings), for hosts that forbid compiling WebAssembly.
   */
  readonly wasm?: boolean;
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
  /**
   * Scans the catalog's own samples `rounds` times (default 10) and returns the milliseconds spent
   * (0 without a clock). A fresh engine runs its first scans in unoptimized code, with regular
   * expressions not yet compiled to machine code: a first 100 KB paste can take several times its
   * steady-state time. The agent calls this once after start, off the paste path.
   */
  warmUp(rounds?: number): number;
  /** The detectors this engine runs, in catalog order. */
  readonly detectors: readonly DetectorInfo[];
}

const SEP_BITS: Readonly<Record<string, number>> = { ' ': 1, '-': 2, '.': 4, '/': 8, ':': 16, '(': 32, ')': 32 };

function separatorMask(chars: string): number {
  let mask = 0;
  for (const ch of chars) mask |= SEP_BITS[ch] ?? 0;
  return mask;
}

/** A table of the char codes of `chars`: 1 for each of them (Uint8Array reads of other codes give undefined). */
function charTable(chars: string): Uint8Array {
  let max = 0;
  for (let i = 0; i < chars.length; i++) max = Math.max(max, chars.charCodeAt(i));
  const table = new Uint8Array(max + 1);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/** `text.startsWith(word, at)` for short words, without a call into the runtime. */
function startsWithAt(text: string, word: string, at: number): boolean {
  if (at < 0 || at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
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
  /** The characters of DigitAnchor.before, as a table of char codes (1 where allowed). */
  readonly before: Uint8Array | undefined;
  readonly letterAfter: boolean;
  readonly maxGroups: number;
  readonly minGroups: number;
  readonly after: number;
  readonly skipShapes: boolean;
  readonly bareContext: number;
}

/** Flags of a context word for one detector: it raises (context) or lowers (anti-context) confidence. */
const CONTEXT_WORD = 1;
const ANTI_CONTEXT_WORD = 2;

function isAsciiLetter(c: number): boolean {
  return ((c | 32) >= 97 && (c | 32) <= 122);
}

function isAsciiAlnum(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57);
}

/** Signals as bits while scoring; each finding then shares one frozen list per combination. */
const SIGNAL_ORDER: readonly DlpSignal[] = ['checksum', 'checksum-failed', 'entropy', 'placeholder', 'test-value', 'context', 'anti-context'];
const SIG_CHECKSUM = 1;
const SIG_CHECKSUM_FAILED = 2;
const SIG_ENTROPY = 4;
const SIG_PLACEHOLDER = 8;
const SIG_TEST_VALUE = 16;
const SIG_CONTEXT = 32;
const SIG_ANTI_CONTEXT = 64;
const SIGNAL_LISTS: readonly (readonly DlpSignal[])[] = Array.from({ length: 1 << SIGNAL_ORDER.length }, (_, bits) =>
  Object.freeze(SIGNAL_ORDER.filter((_, i) => (bits & (1 << i)) !== 0)),
);

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
  /** Per keyword: the detectors it triggers, with the exact text required for case-sensitive ones. */
  const keywordDetectors: { readonly d: number; readonly exact: string | undefined }[][] = [];
  const keywordId = (k: string): number => {
    let id = keywordIndex.get(k);
    if (id === undefined) {
      id = keywordDetectors.length;
      keywordIndex.set(k, id);
      keywordDetectors.push([]);
    }
    return id;
  };
  detectors.forEach((d, index) => {
    d.keywords.forEach((k, i) => {
      keywordDetectors[keywordId(k)]?.push({ d: index, exact: d.exactKeywords?.[i] });
    });
  });
  // Context words ride the same pass: their hits, kept in position order, answer "is 'ssn' near
  // this value" with a binary search instead of a regular expression over a slice per finding.
  const contextWords = new Map<string, number>();
  for (const d of detectors) {
    for (const w of [...d.context, ...d.antiContext]) {
      if (w.length > 0 && !contextWords.has(w)) contextWords.set(w, contextWords.size);
    }
  }
  const contextOfKeyword: number[] = [];
  for (const [w, cid] of contextWords) contextOfKeyword[keywordId(w)] = cid;
  // Markers of scan-all finders (`@`, `://`) ride it too: their occurrences are recorded for the
  // finders, which then need no search of their own over the text.
  const markerIds = new Map<string, number>();
  const markerOfKeyword: number[] = [];
  for (const d of detectors) {
    for (const m of d.markers ?? []) {
      const lower = m.toLowerCase();
      if (lower.length === 0 || markerIds.has(lower)) continue;
      markerIds.set(lower, markerIds.size);
      markerOfKeyword[keywordId(lower)] = markerIds.size - 1;
    }
  }
  const markerPositions = Array.from(markerIds.keys(), () => new HitBuffer());
  const keywords = [...keywordIndex.keys()];
  const keywordLengths = keywords.map((k) => k.length);
  const keywordContext = Int32Array.from(keywords, (_, id) => contextOfKeyword[id] ?? -1);
  const keywordMarker = Int32Array.from(keywords, (_, id) => markerOfKeyword[id] ?? -1);
  const contextLengths = Int32Array.from(contextWords.keys(), (w) => w.length);
  /** 1 for keywords that are context words and nothing else (no detector, no marker). */
  const contextOnly = Uint8Array.from(keywords, (_, id) => ((contextOfKeyword[id] ?? -1) >= 0 && (markerOfKeyword[id] ?? -1) < 0 && (keywordDetectors[id]?.length ?? 0) === 0 ? 1 : 0));
  /** Per detector: flags per context word (CONTEXT_WORD, ANTI_CONTEXT_WORD); undefined without any. */
  const contextFlags: (Uint8Array | undefined)[] = detectors.map((d) => {
    if (d.context.length === 0 && d.antiContext.length === 0) return undefined;
    const flags = new Uint8Array(contextWords.size);
    const mark = (w: string, flag: number): void => {
      const cid = contextWords.get(w);
      if (cid !== undefined) flags[cid] = (flags[cid] as number) | flag;
    };
    for (const w of d.context) mark(w, CONTEXT_WORD);
    for (const w of d.antiContext) mark(w, ANTI_CONTEXT_WORD);
    return flags;
  });
  // Context words count only as whole words (contextAround): those that are nothing else are
  // dropped by the prefilter loop where a letter or digit precedes them.
  const automaton = new KeywordAutomaton(keywords, { wasm: options.wasm ?? true, wordStart: contextOnly });

  const digitSubscribers: DigitSubscriber[] = detectors
    .map((d, index) =>
      d.digits
        ? {
            index,
            min: d.digits.min,
            max: d.digits.max,
            allowed: separatorMask(d.digits.separators),
            required: separatorMask(d.digits.requireSeparator ?? ''),
            before: d.digits.before === undefined ? undefined : charTable(d.digits.before),
            letterAfter: d.digits.letterAfter ?? false,
            maxGroups: d.digits.maxGroups ?? Number.MAX_SAFE_INTEGER,
            minGroups: d.digits.minGroups ?? 1,
            after: d.digits.after ?? DIGIT_MARGIN,
            skipShapes: d.digits.skipDatesAndAddresses ?? false,
            bareContext: d.digits.bareNeedsContext ?? 0,
          }
        : undefined,
    )
    .filter((s): s is DigitSubscriber => s !== undefined)
    .sort((a, b) => a.min - b.min);
  /**
   * Subscribers by token digit count, in catalog order: a single group only reaches detectors
   * whose range holds its digit count; a grouped token may hold a value in part of it, so it
   * reaches every detector whose minimum it has. One lookup replaces a walk over all of them.
   */
  const MAX_BUCKET = 64;
  const singleGroupSubscribers: DigitSubscriber[][] = [];
  const groupedSubscribers: DigitSubscriber[][] = [];
  for (let digits = 0; digits <= MAX_BUCKET; digits++) {
    singleGroupSubscribers.push(digitSubscribers.filter((s) => s.min <= digits && digits <= s.max && s.minGroups <= 1));
    groupedSubscribers.push(digitSubscribers.filter((s) => s.min <= digits && s.maxGroups >= 2));
  }
  /**
   * Group counts from GROUP_CAP on compare alike with every subscriber's group limits, so tokens
   * fall into (digit bucket, group class, separator bits) classes. Per class, the subscribers that
   * pass the checks these three decide are listed once, on first use: a timestamp or a dotted
   * quad then meets only the few detectors its shape can reach, not every one of its digit count.
   */
  const GROUP_CAP = 1 + digitSubscribers.reduce((m, s) => Math.max(m, s.minGroups, s.maxGroups === Number.MAX_SAFE_INTEGER ? 0 : s.maxGroups), 1);
  const shapeSubscribers: (DigitSubscriber[] | undefined)[] = new Array((MAX_BUCKET + 1) * (GROUP_CAP + 1) * 64);
  function subscribersOfShape(bucket: number, groups: number, seps: number): DigitSubscriber[] {
    const groupClass = groups < GROUP_CAP ? groups : GROUP_CAP;
    const key = (bucket * (GROUP_CAP + 1) + groupClass) * 64 + seps;
    let list = shapeSubscribers[key];
    if (list === undefined) {
      list = ((groupClass === 1 ? singleGroupSubscribers[bucket] : groupedSubscribers[bucket]) as DigitSubscriber[]).filter(
        (s) =>
          !(groupClass === 1 && bucket > s.max) &&
          (seps & ~s.allowed) === 0 &&
          (s.required === 0 || (seps & s.required) !== 0) &&
          groupClass <= s.maxGroups &&
          groupClass >= s.minGroups,
      );
      shapeSubscribers[key] = list;
    }
    return list;
  }
  const scanAllDetectors = detectors.map((d, i) => (d.scanAll ? i : -1)).filter((i) => i >= 0);

  // Per-scan scratch state, reused between scans (an engine is not re-entrant; scans are synchronous).
  const hits = new HitBuffer();
  const tokens = new HitBuffer();
  /** Context-word hits of the current scan as (context word id, end offset) pairs, in offset order. */
  const contextHits = new HitBuffer();
  let scanText = '';
  const minTokenDigits = digitSubscribers.reduce((m, s) => Math.min(m, s.min), Number.MAX_SAFE_INTEGER);
  const windows: number[][] = detectors.map(() => []);
  const unsorted: boolean[] = detectors.map(() => false);
  /** Matches found by anchored detectors at keyword hits, scored with the window matches. */
  const anchored: RawMatch[][] = detectors.map(() => []);
  const anchoredEnd = new Int32Array(detectors.length);
  const anchoredTried = new Int32Array(detectors.length);

  /**
   * How many values of each detector's window list belong to the current scan: the lists keep
   * their room from scan to scan (emptying them by `length = 0` gave back their storage, and each
   * scan grew them again: a quarter of all the memory a scan allocated).
   */
  const windowCount = new Int32Array(detectors.length);
  /** A list that grew past this many values is let go at the end of its scan. */
  const WINDOW_LIST_KEEP = 1 << 16;

  /** Start and end are 32-bit integers (`| 0` at the calls): windows stay integer arrays, and finders get integer bounds. */
  function addWindow(d: number, start: number, end: number): void {
    const list = windows[d];
    if (!list) return;
    const n = windowCount[d] as number;
    if (n > 0) {
      const lastStart = list[n - 2] ?? 0;
      const lastEnd = list[n - 1] ?? 0;
      if (start < lastStart) unsorted[d] = true;
      else if (start <= lastEnd) {
        if (end > lastEnd) list[n - 1] = end;
        return;
      }
    }
    // Written in place; at the list's length these two stores append.
    list[n] = start;
    list[n + 1] = end;
    windowCount[d] = n + 2;
  }

  /** The windows of an unsorted list, sorted and merged, as a new list whose length is its count. */
  function mergedWindows(d: number): number[] {
    const list = windows[d] ?? [];
    const count = windowCount[d] as number;
    const pairs: [number, number][] = [];
    for (let i = 0; i < count; i += 2) pairs.push([list[i] ?? 0, list[i + 1] ?? 0]);
    pairs.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [s, e] of pairs) {
      const n = merged.length;
      if (n > 0 && s <= (merged[n - 1] ?? 0)) merged[n - 1] = Math.max(merged[n - 1] ?? 0, e);
      else merged.push(s, e);
    }
    return merged;
  }

  /** Calendar dates and dotted quads share the shape of other numbers; some detectors skip them. */
  function dateOrAddress(text: string, start: number, end: number, groups: number, seps: number): boolean {
    if (groups === 4 && seps === 4) return true; // 10.0.0.1
    if (groups !== 3 || (seps !== 2 && seps !== 4 && seps !== 8)) return false;
    let a = 0;
    let b = 0;
    let c = 0;
    let g = 0;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code >= 48 && code <= 57) {
        if (g === 0) a++;
        else if (g === 1) b++;
        else c++;
      } else g++;
    }
    return (a === 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && (c === 4 || c === 2));
  }

  function dispatchTokens(text: string): void {
    const n = text.length;
    const data = tokens.data;
    for (let t = 0; t < tokens.length; t += 4) {
      const start = data[t] ?? 0;
      const end = data[t + 1] ?? 0;
      const digitCount = data[t + 2] ?? 0;
      const shape = data[t + 3] ?? 0;
      const groups = shape >> 8;
      const seps = shape & 0xff;
      // Many shapes (plain 5- or 6-digit numbers) reach no detector: nothing more to read for them.
      const subscribers = subscribersOfShape(digitCount < MAX_BUCKET ? digitCount : MAX_BUCKET, groups, seps);
      if (subscribers.length === 0) continue;
      const prev = start > 0 ? text.charCodeAt(start - 1) : -1;
      let after = end < n ? text.charCodeAt(end) : 0;
      if (after === 45 && end + 1 < n) after = text.charCodeAt(end + 1); // "12345678-Z"
      let skipShape: boolean | undefined;
      for (let k = 0; k < subscribers.length; k++) {
        const s = subscribers[k] as DigitSubscriber;
        if (s.before !== undefined && !(prev >= 0 && s.before[prev] === 1)) {
          // Allow one dash or space between the letter and the digits ("X-1234567-L", "AB 12 34 56 C").
          const prev2 = start > 1 && (prev === 45 || prev === 32) ? text.charCodeAt(start - 2) : -1;
          if (!(prev2 >= 0 && s.before[prev2] === 1)) continue;
        }
        if (s.letterAfter && !isLetter(after)) continue;
        if (s.skipShapes && (skipShape ??= dateOrAddress(text, start, end, groups, seps))) continue;
        if (s.bareContext > 0 && groups === 1 && prev !== 43 && !(text.charCodeAt(start) === 48 && text.charCodeAt(start + 1) === 48)) {
          const flags = contextFlags[s.index];
          if (flags && (contextAround(flags, Math.max(0, start - s.bareContext), start) & CONTEXT_WORD) === 0) continue;
        }
        addWindow(s.index, Math.max(0, start - DIGIT_MARGIN) | 0, Math.min(n, end + s.after) | 0);
      }
    }
  }

  /** Lengths of each detector's normalized test values: most values are ruled out without normalizing them. */
  const testValueLengths = detectors.map((d) => new Set([...d.testValues].map((v) => v.length)));
  /**
   * First characters of each detector's normalized test values (upper-cased letters and digits
   * for identifiers, as written for credentials): a value whose own first one is not among them
   * is ruled out after reading a character or two.
   */
  const testValueFirsts = detectors.map((d) => new Set([...d.testValues].map((v) => v.charCodeAt(0))));
  function couldBeTestValue(d: RuntimeDetector, index: number, value: string): boolean {
    // The first character normalizeForCompare keeps: the first letter or digit, upper-cased.
    let first = -1;
    if (d.info.category === 'credential') first = value.charCodeAt(0);
    else {
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) first = c;
        else if (c >= 97 && c <= 122) first = c - 32;
        else continue;
        break;
      }
    }
    if (first >= 0 && !(testValueFirsts[index] as Set<number>).has(first)) return false;
    const length = comparableLength(value, d.info.category);
    return length < 0 || (testValueLengths[index]?.has(length) ?? true);
  }

  /**
   * Which of the flagged context words lie in text[from, to) as whole words of the text, as the
   * regular expression of `wordsRe` finds them: not preceded by a letter or digit, a plural s
   * allowed, not followed by a letter (the window's edges cut no word: "mail" at the end of
   * "gmail" does not count because the window starts at its "m"). Returns the union of their flags.
   */
  function contextAround(flags: Uint8Array, from: number, to: number): number {
    const data = contextHits.data;
    const count = contextHits.length >> 1;
    // First hit ending after `from`: a word ending at or before it cannot lie inside.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((data[2 * mid + 1] as number) <= from) lo = mid + 1;
      else hi = mid;
    }
    const text = scanText;
    let found = 0;
    for (let k = lo; k < count; k++) {
      const end = data[2 * k + 1] as number;
      if (end > to) break;
      const cid = data[2 * k] as number;
      const flag = flags[cid] as number;
      if ((flag & ~found) === 0) continue;
      const start = end - (contextLengths[cid] as number);
      if (start < from) continue;
      if (start > 0 && isAsciiAlnum(text.charCodeAt(start - 1))) continue;
      if (end < text.length) {
        const c = text.charCodeAt(end);
        if (isAsciiLetter(c) && !((c === 115 || c === 83) && (end + 1 === text.length || !isAsciiLetter(text.charCodeAt(end + 1))))) continue;
      }
      found |= flag;
      if (found === (CONTEXT_WORD | ANTI_CONTEXT_WORD)) break;
    }
    return found;
  }

  /** Masks of word lists finders ask about (`ScanState.near`), by list; null when a word is not indexed. */
  const nearMasks = new WeakMap<readonly string[], Uint8Array | null>();
  function near(words: readonly string[], from: number, to: number): boolean | undefined {
    let mask = nearMasks.get(words);
    if (mask === undefined) {
      const built = new Uint8Array(contextWords.size);
      let indexed = true;
      for (const w of words) {
        const cid = contextWords.get(w.toLowerCase());
        if (cid === undefined) indexed = false;
        else built[cid] = CONTEXT_WORD;
      }
      mask = indexed ? built : null;
      nearMasks.set(words, mask);
    }
    if (mask === null) return undefined;
    return contextAround(mask, Math.max(0, from), Math.min(scanText.length, to)) !== 0;
  }

  function occurrences(marker: string): Int32Array | undefined {
    const mid = markerIds.get(marker.toLowerCase());
    if (mid === undefined) return undefined;
    const list = markerPositions[mid] as HitBuffer;
    return list.data.subarray(0, list.length);
  }

  /** The scanned text's code units, copied on a finder's first request in a scan and wiped after it. */
  const codeUnits = new CodeUnits();
  let unitsLoaded: Uint16Array | undefined;
  function units(): Uint16Array {
    // The compiled prefilter copied them already; else one copy, on first request.
    return (unitsLoaded ??= automaton.scannedUnits() ?? codeUnits.load(scanText));
  }

  let runsRecorded = false;
  function digitRuns(): Int32Array | undefined {
    return runsRecorded ? automaton.digitRuns() : undefined;
  }

  function digitRunsAround(): Int32Array | undefined {
    return runsRecorded ? automaton.digitRunsAround() : undefined;
  }

  function digitRunCandidates(): Int32Array | undefined {
    return runsRecorded ? automaton.digitRunCandidates() : undefined;
  }

  function lines(from: number, to: number, each: (records: Int32Array, count: number) => void): boolean {
    return automaton.scannedLines(from, to, each);
  }

  function macSeparators(from: number, to: number, each: (positions: Int32Array, count: number) => void): boolean {
    return automaton.scannedMacSeparators(from, to, each);
  }

  function pushScored(d: RuntimeDetector, index: number, text: string, raw: RawMatch, minConfidence: number, out: DlpFinding[]): void {
    const f = score(d, index, text, raw, minConfidence);
    if (f) out.push(f);
  }

  function score(d: RuntimeDetector, index: number, text: string, raw: RawMatch, minConfidence: number): DlpFinding | undefined {
    let start = raw.start;
    let end = raw.end;
    if (end <= start) return undefined;
    let value = text.slice(start, end);
    if (d.suppress?.(value, { text, start, end })) return undefined;
    let signals = 0;
    let confidence = raw.confidence ?? d.confidence;
    if (raw.validated) signals |= SIG_CHECKSUM;
    else if (d.validate) {
      const verdict = d.validate(value, { text, start, end });
      if (verdict === false) {
        if (d.unverifiedConfidence === undefined) return undefined;
        confidence = d.unverifiedConfidence;
        signals |= SIG_CHECKSUM_FAILED;
      } else {
        if (verdict !== true) {
          end = start + verdict.end;
          start = start + verdict.start;
          if (end <= start) return undefined;
          value = text.slice(start, end);
        }
        signals |= SIG_CHECKSUM;
      }
    }
    if (d.region) return confidence < minConfidence ? undefined : finding(d, start, end, confidence, signals, value, raw);
    if (d.minEntropy > 0) {
      if (shannonEntropy(value) < d.minEntropy) return undefined;
      signals |= SIG_ENTROPY;
    }
    if (d.credential ? isPlaceholder(value, d.formatHasRuns) : d.info.category !== 'network' && isOneRepeatedChar(value)) {
      confidence = Math.min(confidence, 0.1);
      signals |= SIG_PLACEHOLDER;
    } else if (
      (d.testValues.size > 0 && couldBeTestValue(d, index, value) && d.testValues.has(normalizeForCompare(value, d.info.category))) ||
      d.isTestValue?.(value) ||
      (d.credential ? looksMadeUp(value) : isSequence(value))
    ) {
      confidence -= TEST_VALUE_PENALTY;
      signals |= SIG_TEST_VALUE;
    }
    const flags = contextFlags[index];
    if (flags) {
      const around = contextAround(flags, Math.max(0, start - CONTEXT_BEFORE) | 0, Math.min(text.length, end + CONTEXT_AFTER) | 0);
      if (around & CONTEXT_WORD) {
        confidence += d.contextBoost;
        signals |= SIG_CONTEXT;
      }
      if (around & ANTI_CONTEXT_WORD) {
        confidence -= ANTI_CONTEXT_PENALTY;
        signals |= SIG_ANTI_CONTEXT;
      }
    } else if (d.contextRe || d.antiContextRe) {
      // A detector built by hand with expressions but no word lists.
      const around = text.slice(Math.max(0, start - CONTEXT_BEFORE), Math.min(text.length, end + CONTEXT_AFTER));
      if (d.contextRe?.test(around)) {
        confidence += d.contextBoost;
        signals |= SIG_CONTEXT;
      }
      if (d.antiContextRe?.test(around)) {
        confidence -= ANTI_CONTEXT_PENALTY;
        signals |= SIG_ANTI_CONTEXT;
      }
    }
    confidence = Math.round(Math.min(0.99, Math.max(0, confidence)) * 100) / 100;
    if (confidence < minConfidence) return undefined;
    return finding(d, start, end, confidence, signals, value, raw);
  }

  function finding(d: RuntimeDetector, start: number, end: number, confidence: number, signalBits: number, value: string, raw: RawMatch): DlpFinding {
    const signals = SIGNAL_LISTS[signalBits] ?? [];
    const { id, category, entity, label } = d.info;
    if (!d.region) return new ValueFinding(id, category, entity, label, start, end, confidence, signals).holding(value, d.mask);
    return new RegionFinding(id, category, entity, label, start, end, confidence, signals).speaking(raw.language ?? 'unknown');
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
      windowCount[d] = 0;
      unsorted[d] = false;
      const a = anchored[d];
      if (a) a.length = 0;
      anchoredEnd[d] = -1;
      anchoredTried[d] = -1;
    }

    hits.clear();
    tokens.clear();
    contextHits.clear();
    for (const m of markerPositions) m.clear();
    scanText = text;
    // Digit runs also feed scan-all finders (wallets, IBANs), so they are recorded whenever one runs.
    runsRecorded = digitSubscribers.length > 0 || scanAllDetectors.length > 0;
    if (runsRecorded) automaton.scanWithNumbers(text, 0, n, hits, tokens, minTokenDigits);
    else if (keywords.length > 0) automaton.scan(text, 0, n, hits);
    const data = hits.data;
    // Most hits are context words only: their (context id, end) pair is written straight into
    // room reserved for every hit, with nothing else to do.
    contextHits.reserve(hits.length);
    const context = contextHits.data;
    let contextLength = contextHits.length;
    for (let h = 0; h < hits.length; h += 2) {
      const kw = data[h] as number;
      const endPos = data[h + 1] as number;
      const cid = keywordContext[kw] as number;
      if (cid >= 0) {
        context[contextLength++] = cid;
        context[contextLength++] = endPos;
        if (contextOnly[kw] === 1) continue;
      }
      const mid = keywordMarker[kw] as number;
      if (mid >= 0) (markerPositions[mid] as HitBuffer).pushOne(endPos - (keywordLengths[kw] ?? 0));
      const subscribers = keywordDetectors[kw] as { readonly d: number; readonly exact: string | undefined }[];
      if (subscribers.length === 0) continue;
      const startPos = endPos - (keywordLengths[kw] ?? 0);
      for (const { d, exact } of subscribers) {
        const det = detectors[d];
        if (!det) continue;
        if (exact !== undefined && !startsWithAt(text, exact, startPos)) continue;
        if (det.matchAt) {
          // A hit inside the previous match, or at a position already tried, adds nothing.
          if (startPos < (anchoredEnd[d] ?? 0) || startPos === anchoredTried[d]) continue;
          anchoredTried[d] = startPos;
          const m = det.matchAt(text, startPos, keywordLengths[kw] ?? 0);
          if (m) {
            anchored[d]?.push(m);
            anchoredEnd[d] = m.matchEnd;
          }
        } else addWindow(d, Math.max(0, startPos - det.before) | 0, Math.min(n, endPos + det.after) | 0);
      }
    }
    contextHits.length = contextLength;
    if (digitSubscribers.length > 0) dispatchTokens(text);
    for (const d of scanAllDetectors) addWindow(d, 0, n);

    const found: DlpFinding[] = [];
    const budgets = new ScanBudgets(near, occurrences, digitRuns, digitRunsAround, digitRunCandidates, units, lines, macSeparators);
    let findingsTruncated = false;
    for (let d = 0; d < detectors.length && !findingsTruncated; d++) {
      const det = detectors[d];
      const list = windows[d];
      const pre = anchored[d];
      const count = windowCount[d] as number;
      if (!det || !list || (count === 0 && (!pre || pre.length === 0))) continue;
      const merged = unsorted[d] ? mergedWindows(d) : list;
      const mergedCount = unsorted[d] ? merged.length : count;
      const first = found.length;
      if (pre) for (const raw of pre) pushScored(det, d, text, raw, minConfidence, found);
      for (let i = 0; i < mergedCount; i += 2) {
        // Indexed: finders may return a shared frozen empty list, which for-of would walk with an iterator object.
        const raws = det.find(text, merged[i] ?? 0, merged[i + 1] ?? 0, budgets);
        for (let k = 0; k < raws.length; k++) pushScored(det, d, text, raws[k] as RawMatch, minConfidence, found);
      }
      // Anchored hits and windows can meet the same value: keep one finding per span.
      if (pre && pre.length > 0 && mergedCount > 0) dedupeFrom(found, first);
      if (list.length > WINDOW_LIST_KEEP) list.length = 0;
      // Keep a little headroom: overlap resolution may still remove some.
      if (found.length >= maxFindings * 2) findingsTruncated = true;
    }

    let findings = scanOptions.overlaps === 'all' ? sortByPosition(found) : resolveOverlaps(found);
    if (findings.length > maxFindings) {
      findings = findings.slice(0, maxFindings);
      findingsTruncated = true;
    }
    scanText = '';
    forgetScannedParts();
    codeUnits.wipe();
    automaton.wipeUnits();
    unitsLoaded = undefined;
    const result: DlpScanResult = { findings, truncated, scannedLength: n, findingsTruncated };
    return started === undefined || !clock ? result : { ...result, elapsedMs: clock() - started };
  }

  function warmUp(rounds = 10): number {
    const started = clock?.();
    // Positive and negative samples of every built-in detector, so each one's code paths run.
    const ids = new Set(detectors.map((d) => d.info.id));
    const text = BUILTIN_DETECTORS.filter((d) => ids.has(d.id))
      .flatMap((d) => [...d.samples.positive, ...d.samples.negative])
      .join('\n');
    for (let i = 0; i < rounds; i++) scan(text);
    // A paste of thousands of card numbers or phone numbers calls one validator thousands of times
    // in a scan: run each validator on the values the samples hold until V8 optimizes it, so that
    // such a first paste does not run the checks unoptimized (Luhn was 1.4 µs a call then).
    const byId = new Map(detectors.map((d) => [d.info.id, d]));
    const values: [RuntimeDetector, string, ValueContext][] = [];
    for (const f of scan(text, { minConfidence: 0, overlaps: 'all', maxFindings: 100_000 }).findings) {
      const d = byId.get(f.detector);
      if (d?.validate && !f.region) values.push([d, text.slice(f.start, f.end), { text, start: f.start, end: f.end }]);
    }
    for (let i = 0; i < VALIDATOR_WARM_UP_CALLS; i++) for (const [d, value, context] of values) d.validate?.(value, context);
    return started === undefined || !clock ? 0 : clock() - started;
  }

  return {
    scan,
    redact: (text, findings, redactOptions) => redactText(text, findings, redactOptions),
    warmUp,
    detectors: detectors.map((d) => d.info),
  };
}
