/** Small text helpers shared by validators, scoring and masking. All are linear in their input. */

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiAlnumCode(c: number): boolean {
  return isDigitCode(c) || isAsciiLetterCode(c);
}

/** The digits of `s`, in order. */
export function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

/** ASCII letters and digits of `s`, upper-cased (IBAN, passport and tax numbers compare this way). */
export function alnumUpper(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (isAsciiAlnumCode(s.charCodeAt(i))) out += s[i];
  }
  return out.toUpperCase();
}

/** Terms of `shannonEntropy` by character count, valid for the call whose stamp they carry. */
const TERM_CACHE = 64;
const termCache = new Float64Array(TERM_CACHE);
const termStamps = new Int32Array(TERM_CACHE);
let termStamp = 0;

/** Scratch for `shannonEntropy`: counts per ASCII character, and the characters in order of first appearance. */
const asciiCounts = new Int32Array(128);
const asciiOrder = new Uint8Array(128);

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  // ASCII values (nearly all secrets) count in a reused array; the terms are summed in order of
  // first appearance, as the general path does, so both give the same bits to the last digit.
  let distinct = 0;
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
    if (asciiCounts[c] === 0) asciiOrder[distinct++] = c;
    asciiCounts[c] = (asciiCounts[c] as number) + 1;
  }
  let h = 0;
  if (ascii) {
    // Most characters of a secret occur once or twice: each distinct count's term is computed
    // once per call (the same expression, so the same bits) instead of a logarithm per character.
    termStamp++;
    for (let k = 0; k < distinct; k++) {
      const c = asciiOrder[k] as number;
      const count = asciiCounts[c] as number;
      asciiCounts[c] = 0;
      let term: number;
      if (count < TERM_CACHE && termStamps[count] === termStamp) term = termCache[count] as number;
      else {
        const p = count / s.length;
        term = p * Math.log2(p);
        if (count < TERM_CACHE) {
          termCache[count] = term;
          termStamps[count] = termStamp;
        }
      }
      h -= term;
    }
    return h;
  }
  for (let k = 0; k < distinct; k++) asciiCounts[asciiOrder[k] as number] = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** True when every character is the same, ignoring separators (`0000 0000`, `xxxxxxxx`). */
export function isOneRepeatedChar(s: string): boolean {
  let first = -1;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Separators: space, tab, newline, . - _ / :
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 46 || c === 45 || c === 95 || c === 47 || c === 58) continue;
    if (first < 0) first = c;
    else if (c !== first) return false;
    count++;
  }
  return count >= 2;
}

/** True for a run like `123456789`, `987654321`, `abcdefgh` (six or more steps of one). */
export function isSequence(s: string): boolean {
  let prev = -1;
  let step = 0;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 46 || c === 45 || c === 95 || c === 47 || c === 58) continue;
    count++;
    if (prev >= 0) {
      const d = c - prev;
      if (step === 0) {
        if (d !== 1 && d !== -1) return false;
        step = d;
      } else {
        // Digit runs may wrap (…7890 or 0987…).
        const wraps = (d === -9 && step === 1) || (d === 9 && step === -1);
        if (d !== step && !wraps) return false;
      }
    }
    prev = c;
  }
  return count >= 6;
}

const PLACEHOLDER_WORDS =
  /(?:example|sample|dummy|placeholder|redacted|changeme|change_me|your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|insert[_-]|replace[_-]?me|<[^>]{0,40}>|\$\{[^}]{0,60}\}|\{\{[^}]{0,60}\}\}|\*{4,}|x{6,}|X{6,}|\.{4,}|0{12,})/i;

/** Longest word in PLACEHOLDER_EXACT: longer values need no lower-casing to be ruled out. */
const PLACEHOLDER_EXACT_MAX = 13;
const TEMPLATE_REFERENCE = /^(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\(.*\)|%[A-Za-z_][A-Za-z0-9_]*%|\[[A-Za-z_ -]{1,40}\]|<[^<>]{1,60}>|\{[A-Za-z_ -]{1,40}\})$/;

/**
 * True when a credential-shaped value is a placeholder rather than a secret: a template variable,
 * a run of one character, or words that documentation uses in place of a value.
 */
export function isPlaceholder(value: string, formatHasRuns = false): boolean {
  if (isOneRepeatedChar(value)) return true;
  if (value.length <= PLACEHOLDER_EXACT_MAX && PLACEHOLDER_EXACT.has(value.toLowerCase())) return true;
  // Shell, batch and template references to a value kept elsewhere.
  const first = value.charCodeAt(0);
  if ((first === 36 || first === 37 || first === 91 || first === 60 || first === 123) && TEMPLATE_REFERENCE.test(value)) return true;
  if (PLACEHOLDER_WORDS.test(value)) return true;
  // A generated secret practically never has a run of eight equal characters, a short unit
  // repeated five times, or twelve letters or digits in order: a person typed those to stand for
  // a secret ("xxxx…", "1231231231…", "abcdefghijklmnop"). Judged on the longest separator-
  // delimited part, the random part of a token, not the account ids some formats embed.
  if (formatHasRuns) return false;
  let longest: string;
  if (scanParts(value)) {
    if (partsMaxRun >= 12) return true;
    longest = value.slice(partsLongestStart, partsLongestEnd);
  } else {
    const parts = value.split(/[-_.:/|]/);
    if (parts.some((p) => ascendingRun(p) >= 12)) return true;
    longest = longestPart(value);
  }
  return longest.length >= 8 && hasTypedRepeat(longest);
}

/**
 * `/(.)\1{7}/.test(s) || /(.{2,4})\1{4}/.test(s)` in one pass per unit length, without the
 * backtracking of a backreference: a unit of L characters (1 to 4) repeated enough times is a
 * run of positions j where s[j] equals s[j - L], (8 - 1) * L long for one character, (5 - 1) * L
 * for two to four. `.` matches no line terminator, and neither may such a run hold one.
 */
export function hasTypedRepeat(s: string): boolean {
  // One pass with a run length per unit length (1 to 4), the last four characters kept in
  // locals; a line terminator ends every run (and -1 before the start matches nothing).
  let run1 = 0;
  let run2 = 0;
  let run3 = 0;
  let run4 = 0;
  let back1 = s.length > 0 ? s.charCodeAt(0) : -1;
  let back2 = -1;
  let back3 = -1;
  let back4 = -1;
  for (let j = 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      run1 = run2 = run3 = run4 = 0;
    } else {
      run1 = c === back1 ? run1 + 1 : 0;
      run2 = c === back2 ? run2 + 1 : 0;
      run3 = c === back3 ? run3 + 1 : 0;
      run4 = c === back4 ? run4 + 1 : 0;
      if (run1 >= 7 || run2 >= 8 || run3 >= 12 || run4 >= 16) return true;
    }
    back4 = back3;
    back3 = back2;
    back2 = back1;
    back1 = c;
  }
  return false;
}

/**
 * Weaker signs of a made-up credential: six or more characters in order (`1234567`, `abcdefg`)
 * or a keyboard pattern. Such values are still reported, with lower confidence.
 */
export function looksMadeUp(value: string): boolean {
  let longest: string;
  let run: number;
  if (scanParts(value)) {
    longest = value.slice(partsLongestStart, partsLongestEnd);
    run = partsLongestRun;
  } else {
    longest = longestPart(value);
    run = ascendingRun(longest);
  }
  return run >= 6 || /qwerty|asdfgh|abc123|123abc|xyz123/i.test(longest);
}

function longestPart(value: string): string {
  let longest = '';
  for (const part of value.split(/[-_.:/|]/)) if (part.length > longest.length) longest = part;
  return longest;
}

/** Characters that split a credential into parts: - _ . : / | */
function isPartSeparator(c: number): boolean {
  return c === 45 || c === 95 || c === 46 || c === 58 || c === 47 || c === 124;
}

/** Results of the last `scanParts`: longest ascending run in any part, first longest part, its run. */
let partsMaxRun = 0;
let partsLongestStart = 0;
let partsLongestEnd = 0;
let partsLongestRun = 0;
/** The value the results above are for, and whether it was ASCII (the results hold only then). */
let partsValue: string | undefined;
let partsAscii = false;

/** Drops the last value `scanParts` read (a credential, and the text it was sliced from). */
export function forgetScannedParts(): void {
  partsValue = undefined;
}

/**
 * One pass over an ASCII value for what `split`, `ascendingRun` and `longestPart` compute, with
 * no string built; false (nothing computed) for a value with other characters, whose
 * lower-casing may change lengths.
 */
function scanParts(value: string): boolean {
  // Scoring asks `isPlaceholder` and then `looksMadeUp` about the same value: one pass serves both.
  if (value === partsValue) return partsAscii;
  partsValue = value;
  partsAscii = false;
  let maxRun = 1;
  let partStart = 0;
  let partRun = 1;
  let run = 1;
  let prev = -1;
  let longestLength = 0;
  partsLongestStart = 0;
  partsLongestEnd = 0;
  partsLongestRun = 1;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 124;
    if (c >= 128) return false;
    if (isPartSeparator(c)) {
      // The first part strictly longer than those before it, as `longestPart` keeps it.
      if (i - partStart > longestLength) {
        longestLength = i - partStart;
        partsLongestStart = partStart;
        partsLongestEnd = i;
        partsLongestRun = partRun;
      }
      partStart = i + 1;
      partRun = 1;
      run = 1;
      prev = -1;
      continue;
    }
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if (prev >= 0) {
      run = lower - prev === 1 && isAsciiAlnumCode(lower) ? run + 1 : 1;
      if (run > partRun) partRun = run;
      if (run > maxRun) maxRun = run;
    }
    prev = lower;
  }
  partsMaxRun = maxRun;
  partsAscii = true;
  return true;
}

/** Length of the longest run of consecutive characters in order (a-b-c, 3-4-5), case-insensitive. */
function ascendingRun(s: string): number {
  const lower = s.toLowerCase();
  let best = 1;
  let run = 1;
  for (let i = 1; i < lower.length; i++) {
    const d = lower.charCodeAt(i) - lower.charCodeAt(i - 1);
    run = d === 1 && isAsciiAlnumCode(lower.charCodeAt(i)) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

const PLACEHOLDER_EXACT = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'changeit', 'changeme', 'letmein', 'mypassword',
  'yourpassword', 'my_password', 'your_password', 'p@ssw0rd', 'p@ssword', 'passw0rd', 'admin', 'root', 'user',
  'username', 'test', 'testing', 'foobar', 'foo', 'bar', 'none', 'null', 'undefined', 'empty', 'todo', 'tbd',
]);

/** Lower-cases ASCII only, keeping string length (so offsets stay valid). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * True when `word` occurs in `haystack` (both lowercase) with no letter or digit directly before
 * or after it (a plural s aside), so that "ssn" does not match inside "lessness".
 */
export function containsWord(haystack: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const i = haystack.indexOf(word, from);
    if (i < 0) return false;
    const before = i > 0 ? haystack.charCodeAt(i - 1) : 32;
    const after = i + word.length < haystack.length ? haystack.charCodeAt(i + word.length) : 32;
    const wordStartOk = !isAsciiAlnumCode(word.charCodeAt(0)) || !isAsciiLetterCode(before);
    // A plural "s" still counts as the word ("cards", "passports").
    const afterPlural = after === 115 && i + word.length + 1 < haystack.length ? haystack.charCodeAt(i + word.length + 1) : 32;
    const wordEndOk =
      !isAsciiAlnumCode(word.charCodeAt(word.length - 1)) ||
      !isAsciiLetterCode(after) ||
      (after === 115 && !isAsciiLetterCode(afterPlural));
    if (wordStartOk && wordEndOk) return true;
    from = i + 1;
  }
}
