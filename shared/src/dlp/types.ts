import type { DataCategory } from '../policy/vocabulary.js';

/**
 * Why a finding has the confidence it has. Carried on every finding so the paste guard can tell
 * the user ("card number, checksum valid, the word 'card' nearby") and analysts can tune policy.
 */
export type DlpSignal =
  /** The value passed the checksum or structural validator its format defines. */
  | 'checksum'
  /** The value has the right shape but failed its checksum; reported with lower confidence. */
  | 'checksum-failed'
  /** A context word ("SSN", "IBAN", "password") is close to the value. */
  | 'context'
  /** A word that usually means "not this" ("version" next to an IPv4-shaped value) is close. */
  | 'anti-context'
  /** The value is a documented test or example value, or an obvious sequence. */
  | 'test-value'
  /** The value looks like a placeholder (`xxxx`, `<token>`, `${VAR}`), not real data. */
  | 'placeholder'
  /** The value passed the detector's entropy threshold. */
  | 'entropy';

/** How a value is shown when it must be shown at all: in evidence previews and partial redaction. */
export type MaskStyle =
  /** Keep a short public prefix (`ghp_`, `sk-ant-`) and the last two characters. */
  | 'secret'
  /** Keep the last four digits (cards, account numbers, national ids). */
  | 'last4'
  /** Keep the first character of the local part and the domain. */
  | 'email'
  /** Keep the first quarter (network addresses, dates). */
  | 'partial'
  /** Keep nothing. */
  | 'full';

/** One detection. Offsets are UTF-16 code units (JavaScript string indices) into the scanned text. */
export interface DlpFinding {
  /** Stable kebab-case detector id; policies and allowlists refer to it. */
  readonly detector: string;
  readonly category: DataCategory;
  /** Presidio entity name where one fits (`CREDIT_CARD`, `US_SSN`), `SECRET` for credentials. */
  readonly entity: string;
  /** Type shown in a typed mask: `[REDACTED:<label>]`. */
  readonly label: string;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  /** 0..1, rounded to two decimals. See docs/dlp.md for the scale. */
  readonly confidence: number;
  /** The value with most of it masked: safe to display, log and send off the device. */
  readonly preview: string;
  readonly signals: readonly DlpSignal[];
  /**
   * True for findings that classify a region (pasted source code) rather than mark a value: they
   * never take part in overlap resolution and are not redacted unless asked for.
   */
  readonly region?: true;
  /** Programming language, for source-code findings. */
  readonly language?: string;
}

/** The result of one scan. */
export interface DlpScanResult {
  readonly findings: readonly DlpFinding[];
  /** True when the input was longer than the engine's limit and only its start was scanned. */
  readonly truncated: boolean;
  /** How many UTF-16 code units were scanned. */
  readonly scannedLength: number;
  /** True when more findings existed than `maxFindings` allowed. */
  readonly findingsTruncated: boolean;
  /** Wall time of the scan in milliseconds, when the runtime has a clock. */
  readonly elapsedMs?: number;
}

/**
 * A validator's verdict: `true`/`false`, or the sub-span (relative to the value) that is the real
 * value when the pattern matched more than the format allows (an IBAN followed by a word).
 */
export type ValidatorResult = boolean | { readonly start: number; readonly end: number };

/** Where a value sits, for validators that look at its surroundings (the key it is assigned to). */
export interface ValueContext {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type ValidatorFn = (value: string, context?: ValueContext) => ValidatorResult;

/** A raw match produced by a structural detector's `find` function, before scoring. */
export interface RawMatch {
  readonly start: number;
  readonly end: number;
  /** Overrides the detector's base confidence for this match (source-code classifier). */
  readonly confidence?: number;
  /** Language of a region match: the name, or a function naming it when first asked (guessing costs a pass over the region's start). */
  readonly language?: string | (() => string);
  /** Set when the finder already validated the match (so scoring adds the `checksum` signal). */
  readonly validated?: boolean;
}

/**
 * Finds matches in `text` between `from` and `to`. Used by detectors whose structure is not a
 * single regular expression (PEM blocks, Kubernetes secrets, source code). Must run in time
 * linear in `to - from`.
 */
export type FindFn = (text: string, from: number, to: number, state?: ScanState) => readonly RawMatch[];

/**
 * Per-scan state a finder may use to bound expensive work (a library parse per candidate): each
 * named budget can be spent a fixed number of times per scan, which keeps the worst case linear
 * with a small constant whatever the input.
 */
export interface ScanState {
  /** Spends one unit of the named budget; false once `max` units were spent in this scan. */
  spend(budget: string, max: number): boolean;
  /** Computes a value once per scan (a pass several detectors share) and returns it after. */
  memo<T>(key: string, compute: () => T): T;
  /**
   * Whether one of `words` (lowercase) occurs in `text[from, to)` as a whole word, a plural s
   * allowed, from the engine's index of context words (no pass over the text); `undefined` when
   * the engine does not index all of these words, and the finder must look itself.
   */
  near?(words: readonly string[], from: number, to: number): boolean | undefined;
  /**
   * Start offsets, in increasing order, of the case-insensitive occurrences of one of the
   * detector's `markers` found by the prefilter pass; `undefined` when the engine did not record it.
   */
  occurrences?(marker: string): Int32Array | undefined;
  /**
   * Runs of ASCII digits found by the prefilter pass, as start, end, start, end, … offsets in
   * increasing order; `undefined` when the engine did not record them.
   */
  digitRuns?(): Int32Array | undefined;
  /**
   * Beside each value of `digitRuns()`, the code units around that offset: the one before it in the
   * high 16 bits and the one at it in the low 16 (0 at the end of the text). For a run's start, what
   * precedes the run and its first digit; for its end, its last digit and what follows. Finders that
   * only need those characters read them here, in order, instead of reaching into the text.
   */
  digitRunsAround?(): Int32Array | undefined;
  /**
   * The digit runs that the Bitcoin and upper-case-id finders look at, from the units around them,
   * in order: `k << 3 | bits`, k the index of the run's start in `digitRuns()`, bits 1 (a legacy
   * Bitcoin address may start there), 2 (an upper-case letter precedes it), 4 (one digit 1-9 with
   * an upper-case letter after it); see `KeywordAutomaton.digitRunCandidates`. `undefined` when
   * the engine did not record digit runs.
   */
  digitRunCandidates?(): Int32Array | undefined;
  /**
   * The scanned text's UTF-16 code units (`units[i] === text.charCodeAt(i)`), copied once per
   * scan for passes that read every character; `undefined` when the engine does not provide them.
   */
  units?(): Uint16Array | undefined;
  /**
   * The lines of `text[from, to)` measured by the compiled loop, as source-lines.ts judges them
   * (see `WasmPrefilter.lines`); false, and `each` never called, when the engine has no such loop.
   */
  lines?(from: number, to: number, each: (records: Int32Array, count: number) => void): boolean;
  /**
   * Positions in `text[from, to)`, in increasing order, where a MAC address may have its first
   * separator (a `:` or `-` repeated three and six units on, or a `.` repeated five on), found by
   * the compiled loop eight units at a time; false, and `each` never called, without it.
   * Candidates only: every address has its first separator among them, most of them are none.
   */
  macSeparators?(from: number, to: number, each: (positions: Int32Array, count: number) => void): boolean;
}

/**
 * Prefilter on numeric tokens for detectors that have no keyword (card numbers, national ids).
 * The engine scans digit groups joined by single separators once, and hands a token to a detector
 * only when it can hold one of its values.
 */
export interface DigitAnchor {
  /** Fewest digits a value has. */
  readonly min: number;
  /** Most digits a value has: a single unbroken run longer than this is skipped. */
  readonly max: number;
  /** Separators allowed between digit groups; a token using any other is skipped. */
  readonly separators: string;
  /** Token must contain one of these separators (IPv4 needs dots). */
  readonly requireSeparator?: string;
  /**
   * Characters one of which must appear right before the token (NIE `X1234567L`), or before a
   * dash or space that precedes it (`X-1234567-L`, `AB 12 34 56 C`).
   */
  readonly before?: string;
  /** Token must be followed by a letter (Spanish NIF `12345678Z`). */
  readonly letterAfter?: boolean;
  /** Most digit groups in the token. */
  readonly maxGroups?: number;
  /** Fewest digit groups in the token. */
  readonly minGroups?: number;
  /** Characters after the token the value may still run into (`1234…|secret`). Default 3. */
  readonly after?: number;
  /** Skip tokens shaped like calendar dates (2024-05-13, 13/05/2024) and dotted quads (10.0.0.1). */
  readonly skipDatesAndAddresses?: boolean;
  /**
   * A bare token (one group of digits, not after `+` and not starting with the international
   * prefix 00) is a candidate only when one of the detector's context words ends within this
   * many characters before it: national phone numbers, which ids and counters resemble.
   */
  readonly bareNeedsContext?: number;
}

/** Text that must (positive) or must not (negative) produce a finding from the detector. */
export interface DetectorSamples {
  readonly positive: readonly string[];
  readonly negative: readonly string[];
}

/**
 * A detector as data. Exactly one prefilter (keywords, digits, or scanAll) tells the engine when
 * to run it; `pattern` or `find` says what a match is; the rest says how much to trust a match.
 */
export interface DetectorDefinition {
  /** Stable kebab-case id: part of policies users write, never renamed. */
  readonly id: string;
  readonly category: DataCategory;
  readonly entity: string;
  /** Mask label; defaults to the id in upper snake case. */
  readonly label?: string;
  readonly description: string;
  /** Company or product a credential belongs to (`github`, `aws`); for credential detectors. */
  readonly provider?: string;
  /** Literals; any of them in the text (case-insensitive) triggers the detector near it. */
  readonly keywords?: readonly string[];
  /**
   * The keywords count only in the case written. For short prefixes that are common in text in
   * another case (`SK`, `KEY`, `EAA`): the automaton still finds them case-insensitively, and a
   * hit is kept only when the text has the exact keyword, which costs one comparison.
   */
  readonly caseSensitiveKeywords?: boolean;
  /**
   * Every match starts at one of the keywords (`ghp_…`, `twilio_token = …`): the pattern is then
   * tried anchored at each keyword hit instead of scanned over a window around it.
   */
  readonly keywordStartsMatch?: boolean;
  readonly digits?: DigitAnchor;
  /** The pattern is selective enough to run over the whole text (its first characters are rare). */
  readonly scanAll?: boolean;
  /**
   * Literals a `scanAll` finder starts from (`@`, `://`, `bc1`): the prefilter pass records where
   * they occur (case-insensitively), and the finder reads them with `ScanState.occurrences`
   * instead of searching the text again.
   */
  readonly markers?: readonly string[];
  /** Built-in patterns are V8 regular expressions with bounded quantifiers only (see ADR 0101). */
  readonly pattern?: RegExp;
  /**
   * Capture group holding the sensitive value; the whole match when absent. A list means
   * alternatives (a quoted or a bare value): the first group that took part in the match.
   */
  readonly group?: number | readonly number[];
  readonly find?: FindFn;
  /**
   * Where a match can lie relative to a keyword hit, in UTF-16 units: `before` the keyword start,
   * `after` the keyword end. Defaults: 1 and 256.
   */
  readonly window?: { readonly before?: number; readonly after?: number };
  readonly validate?: ValidatorFn;
  /** Confidence of a match that passed validation (or has no validator), without context. */
  readonly confidence: number;
  /** Confidence when the validator fails; absent means a failed validation drops the match. */
  readonly unverifiedConfidence?: number;
  /** Confidence when a context word is near; defaults to `confidence + 0.3`, at most 0.99. */
  readonly contextConfidence?: number;
  /** Lowercase words that, near a match, raise confidence. */
  readonly context?: readonly string[];
  /** Lowercase words that, near a match, lower confidence. */
  readonly antiContext?: readonly string[];
  /**
   * The format itself contains long runs of one character (Twitter bearer tokens start with
   * twenty-odd A), so runs are no sign of a placeholder.
   */
  readonly formatHasRuns?: boolean;
  /** Minimum Shannon entropy (bits per character) of the value. */
  readonly minEntropy?: number;
  /** Known example values (compared after normalization) that lower confidence. */
  readonly testValues?: readonly string[];
  /** A rule for example values that a list cannot hold (e-mail at example.com). */
  readonly isTestValue?: (value: string) => boolean;
  readonly mask?: MaskStyle;
  /** Findings classify a region rather than a value (see `DlpFinding.region`). */
  readonly region?: boolean;
  readonly samples: DetectorSamples;
}

/** Public description of a detector, for listings (`sluice dlp detectors`) and policy editors. */
export interface DetectorInfo {
  readonly id: string;
  readonly category: DataCategory;
  readonly entity: string;
  readonly label: string;
  readonly description: string;
  readonly provider?: string;
  readonly source: 'builtin' | 'custom' | 'gitleaks' | 'edm';
}
