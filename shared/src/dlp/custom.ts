import { RE2JS } from 're2js';
import { z } from 'zod';
import { err, ok, SluiceError, type Result } from '../errors.js';
import { DataCategorySchema } from '../policy/vocabulary.js';
import { describeIssues } from '../validation.js';
import { dlpError } from './errors.js';
import { labelOf, normalizeForCompare, wordsRe, type RuntimeDetector } from './runtime.js';
import { shannonEntropy } from './text.js';
import type { FindFn, RawMatch, ValidatorFn, ValueContext } from './types.js';
import { NAMED_VALIDATORS, VALIDATOR_NAMES } from './validators/index.js';

/** Largest RE2 program (instructions) a user pattern may compile to: bounds memory and per-character work. */
export const MAX_PATTERN_PROGRAM_SIZE = 20_000;
export const MAX_PATTERN_CHARS = 4_096;
/** Window scanned around each keyword hit of a custom detector with a pattern, in UTF-16 units. */
const CUSTOM_WINDOW_BEFORE = 128;
const CUSTOM_WINDOW_AFTER = 512;

const kebabId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and single dashes)');

const entityName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be UPPER_SNAKE_CASE');

/**
 * A detector an organization defines in policy: a pattern (RE2 syntax, as gitleaks and Go use),
 * keywords, or both; optionally a named validator, context words and an allowlist. Keywords alone
 * make a dictionary: each listed term is itself the finding.
 */
export const CustomDetectorSchema = z
  .strictObject({
    // `edm-` names the detectors of exact-data-match indexes, which the agent adds next to these.
    id: kebabId.refine((id) => !id.startsWith('edm-'), 'must not start with "edm-" (reserved for exact-data-match detectors)'),
    description: z.string().max(500).default(''),
    category: DataCategorySchema.default('custom'),
    entity: entityName.default('CUSTOM'),
    /** Mask label; defaults to the id in upper snake case. */
    label: entityName.optional(),
    /** RE2 syntax (no backreferences or lookaround: they cannot run in linear time). */
    pattern: z.string().min(1).max(MAX_PATTERN_CHARS).optional(),
    ignoreCase: z.boolean().default(false),
    /** Capture group holding the value; the whole match by default. */
    group: z.number().int().min(0).max(50).optional(),
    keywords: z.array(z.string().min(1).max(200)).max(2_000).default([]),
    /** For dictionaries: terms only count as whole words. */
    wholeWords: z.boolean().default(true),
    validator: z.enum(VALIDATOR_NAMES).optional(),
    confidence: z.number().min(0).max(1).default(0.8),
    contextConfidence: z.number().min(0).max(1).optional(),
    context: z.array(z.string().min(1).max(80)).max(100).default([]),
    minEntropy: z.number().min(0).max(8).optional(),
    /** Values never reported (exact, after the detector's normalization). */
    allow: z.array(z.string().min(1).max(512)).max(10_000).default([]),
  })
  .refine((d) => d.pattern !== undefined || d.keywords.length > 0, { message: 'needs a pattern, keywords, or both' });

export type CustomDetectorInput = z.input<typeof CustomDetectorSchema>;
export type CustomDetector = z.output<typeof CustomDetectorSchema>;

export const CustomDetectorListSchema = z.array(CustomDetectorSchema).max(1_000);

/** Features of other regex dialects RE2 refuses because they need backtracking. */
const UNSUPPORTED = [
  { re: /\\[1-9]/, what: 'backreferences (\\1)' },
  { re: /\(\?=|\(\?!/, what: 'lookahead ((?=…), (?!…))' },
  { re: /\(\?<=|\(\?<!/, what: 'lookbehind ((?<=…), (?<!…))' },
  { re: /\(\?>/, what: 'atomic groups ((?>…))' },
  { re: /[*+?}]\+/, what: 'possessive quantifiers (a++)' },
];

/**
 * Compiles a user pattern with RE2 (re2js), which matches in time linear in the input whatever
 * the pattern. A pattern that needs backtracking is rejected with E_DLP_PATTERN_UNSUPPORTED, an
 * invalid one with E_DLP_PATTERN_INVALID, one too large with E_DLP_PATTERN_TOO_COMPLEX.
 */
export function compileUserPattern(pattern: string, ignoreCase = false): Result<RE2JS, SluiceError> {
  for (const u of UNSUPPORTED) {
    if (u.re.test(pattern)) return err(dlpError('E_DLP_PATTERN_UNSUPPORTED', `It uses ${u.what}.`));
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return err(dlpError('E_DLP_PATTERN_INVALID', message.slice(0, 200)));
  }
  const size = compiled.programSize();
  if (size > MAX_PATTERN_PROGRAM_SIZE) {
    return err(dlpError('E_DLP_PATTERN_TOO_COMPLEX', `Its program has ${size} instructions; the limit is ${MAX_PATTERN_PROGRAM_SIZE}.`));
  }
  return ok(compiled);
}

/**
 * Finds matches of an RE2 pattern in windows of the text. `group` picks the value; when it is
 * `'first'` the first capture group that took part is the value (gitleaks' rule), else the
 * whole match.
 */
export function re2Finder(compiled: RE2JS, group: number | 'first' | undefined): FindFn {
  return (text, from, to) => {
    const sub = from === 0 && to === text.length ? text : text.slice(from, to);
    const matcher = compiled.matcher(sub);
    const out: RawMatch[] = [];
    let at = 0;
    while (at <= sub.length && matcher.find(at)) {
      const s = matcher.start();
      const e = matcher.end();
      at = e > s ? e : e + 1;
      let vs = s;
      let ve = e;
      if (group === 'first') {
        for (let g = 1; g <= matcher.groupCount(); g++) {
          const gs = matcher.start(g);
          const ge = matcher.end(g);
          if (gs >= 0 && ge > gs) {
            vs = gs;
            ve = ge;
            break;
          }
        }
      } else if (group !== undefined && group > 0) {
        if (group > matcher.groupCount()) continue;
        vs = matcher.start(group);
        ve = matcher.end(group);
        if (vs < 0) continue;
      }
      if (ve > vs) out.push({ start: from + vs, end: from + ve });
    }
    return out;
  };
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** A dictionary term at a keyword hit, checked for case and word boundaries. */
function dictionaryMatcher(terms: readonly string[], ignoreCase: boolean, wholeWords: boolean): RuntimeDetector['matchAt'] {
  const exact = new Set(terms);
  const lower = new Set(terms.map((t) => t.toLowerCase()));
  return (text, position, length) => {
    const found = text.slice(position, position + length);
    if (ignoreCase ? !lower.has(found.toLowerCase()) : !exact.has(found)) return undefined;
    if (wholeWords) {
      const end = position + length;
      if (position > 0 && isWordCode(text.charCodeAt(position - 1)) && isWordCode(found.charCodeAt(0))) return undefined;
      if (end < text.length && isWordCode(text.charCodeAt(end)) && isWordCode(found.charCodeAt(found.length - 1))) return undefined;
    }
    return { start: position, end: position + length, matchEnd: position + length };
  };
}

/** Options shared by the compilers of custom and imported detectors. */
export interface CustomCompileOptions {
  /** Where the detector came from, shown in listings. Default `custom`. */
  readonly source?: 'custom' | 'gitleaks';
  /** Extra suppression (an imported allowlist), beside the `allow` list. */
  readonly suppress?: (value: string, context: ValueContext) => boolean;
  /** Secret value is the first non-empty capture group when no group is given (gitleaks). */
  readonly firstGroup?: boolean;
  readonly provider?: string;
}

/** Compiles one validated custom detector into the engine's runtime form. */
export function compileCustomDetector(def: CustomDetector, options: CustomCompileOptions = {}): Result<RuntimeDetector, SluiceError> {
  let find: FindFn;
  let matchAt: RuntimeDetector['matchAt'];
  if (def.pattern !== undefined) {
    const compiled = compileUserPattern(def.pattern, def.ignoreCase);
    if (!compiled.ok) return err(compiled.error);
    find = re2Finder(compiled.value, def.group ?? (options.firstGroup ? 'first' : undefined));
  } else {
    matchAt = dictionaryMatcher(def.keywords, def.ignoreCase, def.wholeWords);
    find = () => [];
  }
  const validate: ValidatorFn | undefined = def.validator ? NAMED_VALIDATORS[def.validator] : undefined;
  const allow = new Set(def.allow.map((v) => normalizeForCompare(v, def.category)));
  const extra = options.suppress;
  const suppress =
    allow.size > 0 || extra
      ? (value: string, context: ValueContext): boolean => allow.has(normalizeForCompare(value, def.category)) || (extra?.(value, context) ?? false)
      : undefined;
  const contextConfidence = def.contextConfidence ?? Math.min(0.99, def.confidence + 0.3);
  return ok({
    info: {
      id: def.id,
      category: def.category,
      entity: def.entity,
      label: def.label ?? labelOf(def.id),
      description: def.description || `Custom detector ${def.id}.`,
      ...(options.provider !== undefined ? { provider: options.provider } : {}),
      source: options.source ?? 'custom',
    },
    keywords: def.keywords.map((k) => k.toLowerCase()),
    exactKeywords: undefined,
    digits: undefined,
    // Without keywords, the pattern runs over the whole text: RE2 is linear, but slower than a
    // keyword-guided scan, so policies should give keywords where they can.
    scanAll: def.keywords.length === 0,
    before: CUSTOM_WINDOW_BEFORE,
    after: CUSTOM_WINDOW_AFTER,
    find,
    matchAt,
    suppress,
    validate,
    confidence: def.confidence,
    unverifiedConfidence: undefined,
    contextBoost: Math.max(0, contextConfidence - def.confidence),
    context: def.context.map((w) => w.toLowerCase()),
    antiContext: [],
    contextRe: wordsRe(def.context),
    antiContextRe: undefined,
    minEntropy: def.minEntropy ?? 0,
    testValues: new Set(),
    isTestValue: undefined,
    mask: def.category === 'credential' ? 'secret' : def.category === 'custom' ? 'partial' : 'last4',
    region: false,
    credential: def.category === 'credential',
    formatHasRuns: false,
  });
}

/**
 * Validates and compiles custom detectors from policy (unknown JSON in, typed detectors out).
 * Errors name the detector and never echo its pattern's matches.
 */
export function compileCustomDetectors(input: unknown): Result<RuntimeDetector[], SluiceError> {
  const parsed = CustomDetectorListSchema.safeParse(input);
  if (!parsed.success) return err(dlpError('E_DLP_DETECTOR_INVALID', describeIssues(parsed.error)));
  const out: RuntimeDetector[] = [];
  const ids = new Set<string>();
  for (const def of parsed.data) {
    if (ids.has(def.id)) return err(dlpError('E_DLP_DUPLICATE_ID', `"${def.id}" is defined twice.`));
    ids.add(def.id);
    const compiled = compileCustomDetector(def);
    if (!compiled.ok) {
      const e = compiled.error;
      return err(new SluiceError(e.code, `Detector "${def.id}": ${e.message}`, { detector: def.id }));
    }
    out.push(compiled.value);
  }
  return ok(out);
}

/** Shannon entropy strictly above a threshold (gitleaks keeps a secret only then). */
export function entropyAbove(value: string, threshold: number): boolean {
  return shannonEntropy(value) > threshold;
}
