import { regexFinder } from '../runtime.js';
import type { DetectorDefinition, DetectorSamples, FindFn } from '../types.js';

/**
 * Builders for catalog entries. Patterns are written as raw strings so they can share boundary
 * fragments; every quantifier is bounded (ADR 0101), which the catalog test checks.
 */

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = `${ALNUM}+/`;
export const B64URL = `${ALNUM}-_`;

/**
 * Start of a token: no token character, dot, plus or dash directly before (`box.ico-…` is a file
 * name), or a percent-escape (`%3Dghp_…` in a URL-encoded query string: `=` as `%3D`).
 */
export const L = String.raw`(?<![A-Za-z0-9_.+\-](?<!%[0-9A-Fa-f]{2}))`;
/** End of a token: no token character after, and no `.ext` continuing it as a file name. */
export const R = String.raw`(?![A-Za-z0-9_]|\.[A-Za-z0-9])`;
/** End of a base64url token: as R, and no dash either. */
export const RX = String.raw`(?![A-Za-z0-9_\-]|\.[A-Za-z0-9])`;

/** A case-insensitive literal without the `i` flag, so the rest of a pattern keeps its case. */
export function ci(literal: string): string {
  let out = '';
  for (const ch of literal) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += lower !== upper && lower.length === 1 && upper.length === 1 ? `[${lower}${upper}]` : escapeRegExp(ch);
  }
  return out;
}

/**
 * A key-name fragment that starts a word: not preceded by a letter, or starting a camelCase
 * hump (`myTwilioKey`), or written in one word after one of `owners` (`dbpwd`, `PGPASSWORD`).
 * Short fragments must also end a word, so `okta` does not match `rookTable` nor `sumo` match
 * `sumObj`.
 */
export function keyWord(fragment: string, owners: readonly string[] = []): string {
  const end = fragment.replace(/[^a-z]/gi, '').length <= 5 ? '(?![a-z])' : '';
  const afterOwner = owners.length > 0 ? `|(?<=(?<![A-Za-z])(?:${owners.map(ci).join('|')}))` : '';
  return `(?:(?<![A-Za-z])|(?<=[a-z0-9])(?=[A-Z])${afterOwner})${ci(fragment)}${end}`;
}

/** A RegExp from a raw template string (no double escaping). */
export function re(strings: TemplateStringsArray, ...parts: string[]): RegExp {
  return new RegExp(String.raw({ raw: strings.raw }, ...parts));
}

/** Case-insensitive variant of `re`. */
export function rei(strings: TemplateStringsArray, ...parts: string[]): RegExp {
  return new RegExp(String.raw({ raw: strings.raw }, ...parts), 'i');
}

/**
 * A deterministic pseudo-random string for samples. Samples are generated rather than written
 * out so that the source holds no credential-shaped literals for other scanners to flag, and so
 * that none is copied from any evaluation corpus.
 */
export function tok(charset: string, length: number, seed: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out += charset[x % charset.length];
  }
  return out;
}

/** A version-4-shaped UUID for samples. */
export function uuidSample(seed: number): string {
  const h = tok(HEX, 32, seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The part between a key name and its value in the usual assignment syntaxes: `KEY=v`,
 * `key: v`, `"key": "v"`, `key := v`, `key => v`, `-H "X-Key: v"`, `Authorization: Bearer v`, and a
 * plain space (`--token v`, "my twilio token is v" is not: the value must follow the key directly).
 * Quotes may be escaped with a backslash, as in JSON-escaped source (a notebook's `\"api_key\": \"v\"`).
 */
export const ASSIGN_OPERATOR = String.raw`[\w.\-]{0,40}?(?:\\?["'\]>]){0,2}(?:[ \t]{1,4}[A-Za-z_][\w.<>\[\]]{0,30})?[ \t]{0,8}(?:(?:=>|:::=|::=|:=|\?=|\.=|\|\|=|[=:,]|(?<=[ \t]))[ \t]{0,8}|>\s{0,8})`;
export const ASSIGN = String.raw`${ASSIGN_OPERATOR}(?:\\?["'\x60]|(?:[Bb]earer|[Tt]oken|[Bb]asic)[ \t]{1,4})?`;

/** A value ends where a token character would continue it. */
const VALUE_END = String.raw`(?![A-Za-z0-9_\-+/])`;

export interface KeyedSpec {
  readonly id: string;
  readonly provider: string;
  readonly description: string;
  /** Key-name fragments that name this provider (`twilio`, `mistral`); lowercase. */
  readonly keywords: readonly string[];
  /** Regex source of the value itself. */
  readonly value: string;
  /** A generated value matching `value`, used to build the samples. */
  readonly sample: string;
  readonly confidence?: number;
  readonly minEntropy?: number;
  readonly label?: string;
  readonly extraSamples?: Partial<DetectorSamples>;
  readonly formatHasRuns?: boolean;
  /** A further check of the value, after notAnIdentifier. */
  readonly validate?: (value: string) => boolean;
}

/**
 * A credential recognised by where it is written rather than by its own shape: a provider name in
 * the key, an assignment, then a value of the provider's documented length and alphabet. The
 * keyword is both the prefilter and part of the pattern, so nothing fires without it.
 */
export function keyed(spec: KeyedSpec): DetectorDefinition {
  const names = spec.keywords.map((w) => keyWord(w)).join('|');
  const pattern = new RegExp(`(?:${names})${ASSIGN}(${spec.value})${VALUE_END}`);
  const kw = spec.keywords[0] ?? spec.provider;
  const upper = kw.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return {
    id: spec.id,
    category: 'credential',
    entity: 'SECRET',
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    provider: spec.provider,
    description: spec.description,
    keywords: spec.keywords,
    keywordStartsMatch: true,
    pattern,
    group: 1,
    window: { before: 1, after: 200 },
    validate: spec.validate ? (v: string) => notAnIdentifier(v) && (spec.validate?.(v) ?? true) : notAnIdentifier,
    ...(spec.formatHasRuns ? { formatHasRuns: true } : {}),
    confidence: spec.confidence ?? 0.75,
    minEntropy: spec.minEntropy ?? 2.5,
    samples: {
      positive: [`export ${upper}_KEY="${spec.sample}"`, `{"${kw}_token": "${spec.sample}"}`, ...(spec.extraSamples?.positive ?? [])],
      negative: [`${upper}_KEY=\${${upper}_KEY}`, `a value without its key: ${spec.sample}`, ...(spec.extraSamples?.negative ?? [])],
    },
  };
}

/**
 * A value made of whole words in camelCase, PascalCase or snake_case is an identifier from code
 * (`searchConfluenceUsingCql`), not a generated secret.
 */
export function notAnIdentifier(value: string): boolean {
  return !/^[A-Z]?[a-z]{2,}(?:[A-Z][a-z]{2,})+$/.test(value) && !/^[a-z]{2,}(?:_[a-z]{2,})+$/.test(value);
}

export interface PrefixedSpec {
  readonly id: string;
  readonly provider: string;
  readonly description: string;
  /** Keywords for the prefilter; empty with `scanAll` for prefixes too common in text (`sk`, `pat`). */
  readonly keywords: readonly string[];
  /** Run over the whole text instead of near keywords. */
  readonly scanAll?: boolean;
  /** With scanAll: literals whose occurrences the finder starts from (see DetectorDefinition.markers). */
  readonly markers?: readonly string[];
  /** Keywords match in the case written (`SK`, `KEY`): short prefixes that are common words otherwise. */
  readonly caseSensitiveKeywords?: boolean;
  readonly pattern: RegExp;
  /** A structural finder used instead of scanning the pattern (the pattern stays as documentation). */
  readonly find?: FindFn;
  readonly samples: readonly string[];
  readonly negatives?: readonly string[];
  readonly confidence?: number;
  readonly group?: number | readonly number[];
  readonly label?: string;
  readonly after?: number;
  readonly before?: number;
  readonly minEntropy?: number;
  readonly validate?: DetectorDefinition['validate'];
  readonly unverifiedConfidence?: number;
  readonly context?: readonly string[];
  readonly contextConfidence?: number;
  readonly formatHasRuns?: boolean;
}

/** A credential with its own recognisable prefix or structure (`ghp_…`, `xoxb-…`, `AKIA…`). */
export function prefixed(spec: PrefixedSpec): DetectorDefinition {
  return {
    id: spec.id,
    category: 'credential',
    entity: 'SECRET',
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    provider: spec.provider,
    description: spec.description,
    ...(spec.scanAll ? { scanAll: true } : { keywords: spec.keywords }),
    ...(spec.markers !== undefined ? { markers: spec.markers } : {}),
    ...(spec.caseSensitiveKeywords ? { caseSensitiveKeywords: true } : {}),
    ...((spec.before ?? 1) <= 1 && !spec.scanAll ? { keywordStartsMatch: true } : {}),
    pattern: spec.pattern,
    ...(spec.find !== undefined ? { find: spec.find } : {}),
    ...(spec.group !== undefined ? { group: spec.group } : {}),
    window: { before: spec.before ?? 1, after: spec.after ?? 256 },
    confidence: spec.confidence ?? 0.9,
    ...(spec.minEntropy !== undefined ? { minEntropy: spec.minEntropy } : {}),
    ...(spec.validate !== undefined ? { validate: spec.validate } : {}),
    ...(spec.unverifiedConfidence !== undefined ? { unverifiedConfidence: spec.unverifiedConfidence } : {}),
    ...(spec.context !== undefined ? { context: spec.context } : {}),
    ...(spec.contextConfidence !== undefined ? { contextConfidence: spec.contextConfidence } : {}),
    ...(spec.formatHasRuns ? { formatHasRuns: true } : {}),
    samples: { positive: spec.samples, negative: spec.negatives ?? [] },
  };
}

/**
 * A finder whose confidence depends on how the value is written (grouped `123-45-6789` is more
 * telling than a bare `123456789`). The pattern stays the detector's data; this only grades it.
 */
export function graded(pattern: RegExp, group: number, confidenceOf: (value: string) => number): FindFn {
  return regexFinder(pattern, group, confidenceOf);
}

/** Confidence for numeric identifiers: `grouped` when written with separators, else `bare`. */
export function byGrouping(grouped: number, bare: number): (value: string) => number {
  return (value) => (/[^0-9A-Za-z]/.test(value) ? grouped : bare);
}

/** Base64 (standard alphabet, padded) of an ASCII string, for samples. */
export function b64(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i);
    const b = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    const c = i + 2 < s.length ? s.charCodeAt(i + 2) : 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63];
    out += B64[(n >> 12) & 63];
    out += i + 1 < s.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < s.length ? B64[n & 63] : '=';
  }
  return out;
}
