import type { DataCategory } from '../policy/vocabulary.js';
import { alnumUpper } from './text.js';
import type { DetectorDefinition, DetectorInfo, DigitAnchor, FindFn, MaskStyle, RawMatch, ValidatorFn, ValueContext } from './types.js';

/**
 * A detector ready to run: built-in definitions, custom detectors from policy and imported
 * gitleaks rules all compile to this one shape, so the engine has a single code path.
 */
export interface RuntimeDetector {
  readonly info: DetectorInfo;
  /** Lowercase keywords for the automaton. */
  readonly keywords: readonly string[];
  /** The keywords as written, when they must match in that case. */
  readonly exactKeywords: readonly string[] | undefined;
  readonly digits: DigitAnchor | undefined;
  readonly scanAll: boolean;
  /** Window around a keyword hit, in UTF-16 units before its start and after its end. */
  readonly before: number;
  readonly after: number;
  readonly find: FindFn;
  /**
   * For detectors whose match starts at their keyword: tries the pattern anchored at one keyword
   * hit, which costs one short match instead of a scan of a window. Returns the value span and
   * where the whole match ended.
   */
  readonly matchAt: ((text: string, position: number, keywordLength: number) => (RawMatch & { readonly matchEnd: number }) | undefined) | undefined;
  /** Values the organization allows (an allowlist): matches for which this is true are dropped. */
  readonly suppress: ((value: string, context: ValueContext) => boolean) | undefined;
  readonly validate: ValidatorFn | undefined;
  readonly confidence: number;
  readonly unverifiedConfidence: number | undefined;
  readonly contextBoost: number;
  readonly context: readonly string[];
  readonly antiContext: readonly string[];
  /** Context words compiled into one small expression with word boundaries (a plural s allowed). */
  readonly contextRe: RegExp | undefined;
  readonly antiContextRe: RegExp | undefined;
  readonly minEntropy: number;
  readonly testValues: ReadonlySet<string>;
  readonly isTestValue: ((value: string) => boolean) | undefined;
  readonly mask: MaskStyle;
  readonly region: boolean;
  /** Credentials: placeholders (`xxxx`, `${TOKEN}`) are dropped rather than down-weighted. */
  readonly credential: boolean;
  readonly formatHasRuns: boolean;
  /** Literals whose occurrences the prefilter pass records for the finder (see `DetectorDefinition.markers`). */
  readonly markers?: readonly string[];
}

export const DEFAULT_WINDOW_AFTER = 256;


export function labelOf(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}

/**
 * One expression for a detector's context words, each bounded by non-letters (a plural s allowed),
 * for lower-cased text. A dozen words in one alternation is cheap; only huge alternations are not.
 */
export function wordsRe(words: readonly string[] | undefined): RegExp | undefined {
  if (!words || words.length === 0) return undefined;
  const alternatives = words.map((w) => w.toLowerCase().replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|');
  // Case-insensitive flag rather than lower-casing the context: no copy of the text per finding.
  return new RegExp(`(?<![a-z0-9])(?:${alternatives})s?(?![a-z])`, 'i');
}

/** How a value compares against test values: digits for numeric identifiers, else alphanumerics. */
export function normalizeForCompare(value: string, category: DataCategory): string {
  if (category === 'credential') return value;
  // Digits only when every character is a digit or a separator; one pass, no regular expression.
  let digits = '';
  let numeric = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += value[i];
    else if (c !== 32 && c !== 45 && c !== 46 && c !== 47 && c !== 40 && c !== 41 && c !== 43 && c !== 9) numeric = false;
  }
  if (numeric && digits.length > 0) return digits;
  return alnumUpper(value) || value.toLowerCase();
}

/**
 * The length `normalizeForCompare` would return, without building the string; -1 when it cannot
 * tell cheaply. Lets scoring skip the comparison for values that cannot equal any test value.
 */
export function comparableLength(value: string, category: DataCategory): number {
  if (category === 'credential') return value.length;
  let digits = 0;
  let alnum = 0;
  let numeric = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      alnum++;
    } else {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) alnum++;
      if (c !== 32 && c !== 45 && c !== 46 && c !== 47 && c !== 40 && c !== 41 && c !== 43 && c !== 9) numeric = false;
    }
  }
  if (numeric && digits > 0) return digits;
  return alnum > 0 ? alnum : -1;
}

function defaultMask(category: DataCategory): MaskStyle {
  switch (category) {
    case 'credential':
      return 'secret';
    case 'financial':
    case 'government_id':
    case 'health':
      return 'last4';
    case 'network':
      return 'partial';
    default:
      return 'partial';
  }
}

/**
 * The span of the value group of a match at absolute position `at`. Most patterns capture the
 * whole match (`(?<!…)(value)(?!…)`), which the group's length tells without asking V8 for
 * indices; otherwise the match is re-run with the `d` flag, anchored, to read the group's offsets.
 */
function groupSpan(
  match: RegExpExecArray,
  at: number,
  groups: readonly number[],
  text: string,
  withIndices: RegExp,
): [number, number] | undefined {
  for (const g of groups) {
    const v = match[g];
    if (v === undefined) continue;
    if (v.length === match[0].length) return [at, at + v.length];
    withIndices.lastIndex = at;
    const m = withIndices.exec(text);
    const span = m?.indices?.[g];
    return span ? [span[0], span[1]] : undefined;
  }
  return undefined;
}

const NO_MATCHES: readonly RawMatch[] = Object.freeze([]);

/**
 * Wraps a V8 regular expression as a finder over windows of the text. The window is a slice, so
 * the pattern cannot see past its edges; a match touching an edge is re-run anchored (sticky) on
 * the whole text, which gives lookbehind, lookahead and greedy tails their true context.
 */
export function regexFinder(pattern: RegExp, group: number | readonly number[] | undefined, confidenceOf?: (value: string) => number): FindFn {
  let groups = group === undefined ? undefined : typeof group === 'number' ? [group] : group;
  // A value group that is the whole match needs no span of its own.
  if (groups && groups.length === 1 && groups[0] === 1 && groupOneIsWholeMatch(pattern.source)) groups = undefined;
  const base = pattern.flags.replace(/[gyd]/g, '');
  const scanRe = new RegExp(pattern.source, `${base}g`);
  const stickyRe = new RegExp(pattern.source, `${base}y`);
  const indicesRe = new RegExp(pattern.source, `${base}yd`);
  return (text, from, to) => {
    // Most windows (a digit token and its margin) hold no match or one: the list is made only
    // for a match, at the size it needs.
    let out: RawMatch[] | undefined;
    const whole = from === 0 && to === text.length;
    const sub = whole ? text : text.slice(from, to);
    scanRe.lastIndex = 0;
    for (let m = scanRe.exec(sub); m !== null; m = scanRe.exec(sub)) {
      if (m[0].length === 0) {
        scanRe.lastIndex++;
        continue;
      }
      let match: RegExpExecArray = m;
      let at = from + m.index;
      const touchesStart = m.index === 0 && from > 0;
      const touchesEnd = m.index + m[0].length === sub.length && to < text.length;
      if (!whole && (touchesStart || touchesEnd)) {
        stickyRe.lastIndex = at;
        const confirmed = stickyRe.exec(text);
        if (!confirmed) continue;
        match = confirmed;
        at = confirmed.index;
      }
      let start = at;
      let end = at + match[0].length;
      if (groups !== undefined) {
        const span = groupSpan(match, at, groups, text, indicesRe);
        if (!span) continue;
        start = span[0];
        end = span[1];
      }
      const raw: RawMatch = confidenceOf ? { start, end, confidence: confidenceOf(text.slice(start, end)) } : { start, end };
      if (out) out.push(raw);
      else out = [raw];
    }
    return out ?? NO_MATCHES;
  };
}

/**
 * True when group 1 of the expression `source` is always the whole match: the source is one
 * capturing group with nothing but lookarounds before and after it (`(?<![a-z])(value)(?!\d)`),
 * no capturing group inside those before it, no quantifier or alternation outside it.
 */
export function groupOneIsWholeMatch(source: string): boolean {
  let depth = 0;
  let inClass = false;
  /** Kind of the current top-level group: 'look', 'capture' or 'other'. */
  let kind = '';
  let captures = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      if (depth === 0) return false;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      if (depth === 0) return false;
      inClass = true;
    } else if (ch === '(') {
      const named = source.startsWith('(?<', i) && !source.startsWith('(?<=', i) && !source.startsWith('(?<!', i);
      const capturing = source[i + 1] !== '?' || named;
      if (depth === 0) {
        const look = /^\(\?(?:=|!|<=|<!)/.test(source.slice(i, i + 4));
        kind = capturing ? 'capture' : look ? 'look' : 'other';
        if (kind === 'other') return false;
      }
      // A capture inside a lookaround before the value group would take number 1.
      if (capturing && depth > 0 && kind === 'look' && captures === 0) return false;
      if (capturing && depth === 0) captures++;
      depth++;
    } else if (ch === ')') {
      depth--;
      // After a top-level group: the next one or the end, never a quantifier.
      if (depth === 0 && i + 1 < source.length && source[i + 1] !== '(') return false;
    } else if (depth === 0) return false;
  }
  return depth === 0 && captures === 1;
}

/** An anchored (sticky) matcher: the pattern tried at exactly one position of the whole text. */
export function stickyMatcher(
  pattern: RegExp,
  group: number | readonly number[] | undefined,
): (text: string, position: number) => (RawMatch & { readonly matchEnd: number }) | undefined {
  let groups = group === undefined ? undefined : typeof group === 'number' ? [group] : group;
  const base = pattern.flags.replace(/[gyd]/g, '');
  const re = new RegExp(pattern.source, `${base}y`);
  const indicesRe = new RegExp(pattern.source, `${base}yd`);
  // When the value is the whole match, where the match ends is all there is to know: `test`
  // moves lastIndex there without building a result array and substrings (e-mail addresses and
  // anchored keys are tried thousands of times per megabyte).
  if (groups && groups.length === 1 && groups[0] === 1 && groupOneIsWholeMatch(pattern.source)) groups = undefined;
  if (!groups) {
    return (text, position) => {
      re.lastIndex = position;
      if (!re.test(text)) return undefined;
      const matchEnd = re.lastIndex;
      return matchEnd === position ? undefined : { start: position, end: matchEnd, matchEnd };
    };
  }
  return (text, position) => {
    re.lastIndex = position;
    const m = re.exec(text);
    if (!m || m[0].length === 0) return undefined;
    const matchEnd = m.index + m[0].length;
    if (!groups) return { start: m.index, end: matchEnd, matchEnd };
    const span = groupSpan(m, m.index, groups, text, indicesRe);
    return span ? { start: span[0], end: span[1], matchEnd } : undefined;
  };
}

/**
 * A finder anchored on a literal that every match contains (`@` in an e-mail address, `://` in a
 * URL): each occurrence (a native indexOf) is walked back over the characters a match may have
 * before it, at most `maxBack`, and the pattern is tried anchored there. Linear: an occurrence
 * costs at most `maxBack` steps and one bounded match, instead of a regular expression tried at
 * every word character of the text.
 */
export function markerFinder(
  marker: string,
  isBackChar: (code: number) => boolean,
  maxBack: number,
  pattern: RegExp,
  group: number | readonly number[] | undefined,
  /**
   * A cheap condition every match meets after the occurrence of the marker at `at`, checked first:
   * false where the pattern cannot match (it must never be false where the pattern can).
   */
  ahead?: (text: string, at: number) => boolean,
): FindFn {
  const at = stickyMatcher(pattern, group);
  const hasCase = marker.toLowerCase() !== marker.toUpperCase();
  // The predicate as a table of ASCII codes (read without a call per character), and itself above.
  const back = Uint8Array.from({ length: 128 }, (_, c) => (isBackChar(c) ? 1 : 0));
  const isBack = (c: number): boolean => (c < 128 ? back[c] === 1 : isBackChar(c));
  return (text, from, to, state) => {
    const out: RawMatch[] = [];
    let resume = from;
    // Where the previous match ended: as in a global search of the pattern, no match starts before it.
    let floor = 0;
    const tryAt = (i: number): void => {
      if (ahead && !ahead(text, i)) return;
      let s = i;
      for (let k = 0; k < maxBack && s > floor && isBack(text.charCodeAt(s - 1)); k++) s--;
      const m = at(text, s);
      if (!m || m.matchEnd <= i) return;
      out.push({ start: m.start, end: m.end });
      resume = m.matchEnd;
      floor = m.matchEnd;
    };
    // Where the prefilter pass recorded the marker, no search of the text; else indexOf.
    const seen = state?.occurrences?.(marker);
    if (seen) {
      for (let k = lowerBound(seen, from); k < seen.length; k++) {
        const i = seen[k] as number;
        if (i >= to) break;
        if (i < resume || (hasCase && !text.startsWith(marker, i))) continue;
        tryAt(i);
      }
      return out;
    }
    for (let i = text.indexOf(marker, from); i >= 0 && i < to; i = text.indexOf(marker, Math.max(i + 1, resume))) tryAt(i);
    return out;
  };
}

/** Index of the first value in the sorted `values` that is at least `min`. */
export function lowerBound(values: Int32Array, min: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Compiles a built-in (or programmatic) definition. Throws on a definition error: it is a bug. */
export function compileDefinition(def: DetectorDefinition, source: DetectorInfo['source'] = 'builtin'): RuntimeDetector {
  let find: FindFn;
  if (def.find) find = def.find;
  else if (def.pattern) find = regexFinder(def.pattern, def.group);
  else throw new Error(`detector ${def.id} has neither pattern nor find`);
  const prefilters = (def.keywords && def.keywords.length > 0 ? 1 : 0) + (def.digits ? 1 : 0) + (def.scanAll ? 1 : 0);
  if (prefilters === 0) throw new Error(`detector ${def.id} has no prefilter (keywords, digits or scanAll)`);
  const contextConfidence = def.contextConfidence ?? Math.min(0.99, def.confidence + 0.3);
  return {
    info: {
      id: def.id,
      category: def.category,
      entity: def.entity,
      label: def.label ?? labelOf(def.id),
      description: def.description,
      ...(def.provider !== undefined ? { provider: def.provider } : {}),
      source,
    },
    keywords: (def.keywords ?? []).map((k) => k.toLowerCase()),
    exactKeywords: def.caseSensitiveKeywords ? def.keywords : undefined,
    digits: def.digits,
    scanAll: def.scanAll ?? false,
    // One character of slack before the keyword lets lookbehind boundaries see their context.
    before: def.window?.before ?? 1,
    after: def.window?.after ?? DEFAULT_WINDOW_AFTER,
    find,
    matchAt: def.keywordStartsMatch && !def.find && def.pattern ? stickyMatcher(def.pattern, def.group) : undefined,
    suppress: undefined,
    validate: def.validate,
    confidence: def.confidence,
    unverifiedConfidence: def.unverifiedConfidence,
    contextBoost: Math.max(0, contextConfidence - def.confidence),
    context: (def.context ?? []).map((w) => w.toLowerCase()),
    antiContext: (def.antiContext ?? []).map((w) => w.toLowerCase()),
    contextRe: wordsRe(def.context),
    antiContextRe: wordsRe(def.antiContext),
    minEntropy: def.minEntropy ?? 0,
    testValues: new Set((def.testValues ?? []).map((v) => normalizeForCompare(v, def.category))),
    isTestValue: def.isTestValue,
    mask: def.mask ?? defaultMask(def.category),
    region: def.region ?? false,
    credential: def.category === 'credential',
    formatHasRuns: def.formatHasRuns ?? false,
    ...(def.markers !== undefined ? { markers: def.markers } : {}),
  };
}
