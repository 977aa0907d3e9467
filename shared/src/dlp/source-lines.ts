/**
 * How one line of text is judged code or prose (see source-code.ts for the whole detector): the
 * kinds of its characters, the counts and code marks they add, taken from tables, and the verdict.
 * The tables are shared with the compiled line loop (wasm/prefilter.wat), which reads them from its
 * memory.
 */

/** Lines longer than this are judged on their first part (minified code is one long line). */
export const MAX_LINE_ANALYSIS = 80;

/**
 * Kinds of characters for line judging. Everything above ASCII counts as a letter. `$` continues
 * a word (as in shells and PHP), so it is not counted as punctuation.
 */
const OTHER = 0; // space, quotes, commas and the rest
const SYM = 1; // punctuation that code uses: { } [ ] ) ; + - * / ! % ^ ~ @ # \
const OPEN = 2; // `(`: a call when it follows a word
const DOT = 3; // `.`: member access when it joins letters
const OPSYM = 4; // `> : = & | <`, punctuation that may end a two-character operator
const LOWER = 5;
const UPPER = 6;
const IDENT_OTHER = 7; // digits, `_`, `$`
const WIDE = 8; // any character above ASCII
const KINDS = 9;

const KIND = new Uint8Array(65536).fill(WIDE);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = OTHER;
  if (c >= 97 && c <= 122) k = LOWER;
  else if (c >= 65 && c <= 90) k = UPPER;
  else if ((c >= 48 && c <= 57) || c === 95 || c === 36) k = IDENT_OTHER;
  else if (ch === '(') k = OPEN;
  else if (ch === '.') k = DOT;
  else if ('>:=&|<'.includes(ch)) k = OPSYM;
  else if ('{}[])<;+-*/!%^~@#\\'.includes(ch)) k = SYM;
  KIND[c] = k;
}

function isWordKind(k: number): boolean {
  return k >= LOWER;
}

function isLetterKind(k: number): boolean {
  return k === LOWER || k === UPPER || k === WIDE;
}

/**
 * What one character adds to a line's counts given the kind before it, packed in one integer so
 * that the character loop does one table lookup and one addition: words (bits 0-5), words
 * starting in lower case (6-11), letters (12-18), punctuation (19-25) and calls (26-31). A line is
 * judged on at most 80 characters: at most 40 words or calls and 80 letters or punctuation marks,
 * so no field overflows into the next (the sum is kept to 32 bits with `| 0`).
 */
const COUNTS = new Int32Array(KINDS * KINDS);
for (let prev = 0; prev < KINDS; prev++) {
  for (let k = 0; k < KINDS; k++) {
    const wordStart = isWordKind(k) && !isWordKind(prev) ? 1 : 0;
    const lowerStart = wordStart && k === LOWER ? 1 : 0;
    const letter = isLetterKind(k) ? 1 : 0;
    const symbol = k === SYM || k === OPEN || k === OPSYM ? 1 : 0;
    const call = k === OPEN && isWordKind(prev) ? 1 : 0;
    COUNTS[prev * KINDS + k] = wordStart | (lowerStart << 6) | (letter << 12) | (symbol << 19) | (call << 26);
  }
}
const WORDS = (counts: number): number => counts & 63;
const SYMBOLS = (counts: number): number => (counts >>> 19) & 127;
const CALLS = (counts: number): number => counts >>> 26;

/**
 * The line loop reads kinds finer than KIND (each operator character on its own, `_` apart from
 * digits) and keeps the last three in `window` (five bits each), so that one lookup in each of two
 * tables gives everything a character adds: PAIR_COUNTS (by previous and current kind) the
 * counts above, TRI_MARKS (by the two before and the current) the code marks, with no branch per
 * character: a member access (a letter, `.`, then a lower-case letter or `_`) adds 1 and a
 * two-character operator (=> -> >> :: := == != += -= && || <<) adds 256.
 */
const F_OTHER = 0;
const F_SYM = 1;
const F_OPEN = 2;
const F_DOT = 3;
const F_EQ = 4;
const F_GT = 5;
const F_COLON = 6;
const F_AMP = 7;
const F_PIPE = 8;
const F_LT = 9;
const F_MINUS = 10;
const F_BANG = 11;
const F_PLUS = 12;
const F_LOWER = 13;
const F_UPPER = 14;
const F_UNDERSCORE = 15;
const F_IDENT = 16;
const F_WIDE = 17;
const FINE_KINDS = 18;
/** The KIND of each fine kind. */
const COARSE = [OTHER, SYM, OPEN, DOT, OPSYM, OPSYM, OPSYM, OPSYM, OPSYM, OPSYM, SYM, SYM, SYM, LOWER, UPPER, IDENT_OTHER, IDENT_OTHER, WIDE];
const FINE_OF_CHAR: Readonly<Record<string, number>> = {
  '(': F_OPEN, '.': F_DOT, '=': F_EQ, '>': F_GT, ':': F_COLON, '&': F_AMP, '|': F_PIPE, '<': F_LT, '-': F_MINUS, '!': F_BANG, '+': F_PLUS, _: F_UNDERSCORE,
};
export const FINE_KIND = new Uint8Array(65536).fill(F_WIDE);
for (let c = 0; c < 128; c++) {
  const k = KIND[c] as number;
  const fine = FINE_OF_CHAR[String.fromCharCode(c)];
  FINE_KIND[c] = fine ?? (k === SYM ? F_SYM : k === LOWER ? F_LOWER : k === UPPER ? F_UPPER : k === IDENT_OTHER ? F_IDENT : F_OTHER);
}

function isOperator(prev: number, k: number): boolean {
  return (
    (k === F_GT && (prev === F_EQ || prev === F_MINUS || prev === F_GT)) ||
    (k === F_COLON && prev === F_COLON) ||
    (k === F_EQ && (prev === F_COLON || prev === F_EQ || prev === F_BANG || prev === F_PLUS || prev === F_MINUS)) ||
    (k === F_AMP && prev === F_AMP) ||
    (k === F_PIPE && prev === F_PIPE) ||
    (k === F_LT && prev === F_LT)
  );
}

export const PAIR_COUNTS = new Int32Array(1 << 10);
export const TRI_MARKS = new Uint16Array(1 << 15);
for (let prev = 0; prev < FINE_KINDS; prev++) {
  for (let k = 0; k < FINE_KINDS; k++) {
    PAIR_COUNTS[(prev << 5) | k] = COUNTS[(COARSE[prev] as number) * KINDS + (COARSE[k] as number)] as number;
    const operator = isOperator(prev, k) ? 256 : 0;
    for (let before = 0; before < FINE_KINDS; before++) {
      const member = prev === F_DOT && isLetterKind(COARSE[before] as number) && (k === F_LOWER || k === F_UNDERSCORE) ? 1 : 0;
      TRI_MARKS[(before << 10) | (prev << 5) | k] = member | operator;
    }
  }
}

export const BLANK = 0;
export const PROSE = 1;
export const CODE = 2;

/**
 * Judges one line from its shape: BLANK, PROSE or CODE. The line is read up to 80 characters
 * after its indent; a line of more than 48 whose first 48 are words without punctuation is prose
 * whatever follows. `units` are the text's code units (see CodeUnits). Exported for tests.
 */
export function judgeLine(text: string, units: Uint16Array, start: number, end: number): number {
  let first = start;
  let c = 0;
  while (first < end) {
    c = text.charCodeAt(first);
    if (c !== 32 && c !== 9) break;
    first++;
  }
  let last = end - 1;
  while (last >= first) {
    c = text.charCodeAt(last);
    if (c !== 32 && c !== 9 && c !== 13) break;
    last--;
  }
  if (first > last) return BLANK;
  const indent = first - start;
  // Integer bounds for the loops below (see stepBlock in keyword-automaton.ts).
  const stop = Math.min(last + 1, first + MAX_LINE_ANALYSIS, units.length) | 0;
  let counts = 0;
  let marks = 0;
  // The kinds before the line's first character count as OTHER, like the start of a line.
  let window = 0;
  const proseCheckAt = first + 48;
  let i = first;
  const firstStop = Math.min(stop, proseCheckAt) | 0;
  for (; i < firstStop; i++) {
    window = ((window << 5) | (FINE_KIND[units[i] as number] as number)) & 0x7fff;
    counts = (counts + (PAIR_COUNTS[window & 0x3ff] as number)) | 0;
    marks += TRI_MARKS[window] as number;
  }
  if (i < stop) {
    // Forty-eight characters of words without punctuation: prose, no need to read on.
    if (SYMBOLS(counts) === 0 && WORDS(counts) >= 5) return PROSE;
    for (; i < stop; i++) {
      window = ((window << 5) | (FINE_KIND[units[i] as number] as number)) & 0x7fff;
      counts = (counts + (PAIR_COUNTS[window & 0x3ff] as number)) | 0;
      marks += TRI_MARKS[window] as number;
    }
  }
  return scoreLine(units, first, last, stop, indent, counts, marks & 255, marks >>> 8);
}

/**
 * The verdict on a line from its counts; see the module comment for what counts as code. It reads
 * the few characters it needs from `units` (the text's code units) rather than the string: just
 * after the compiled line loop they are in cache, where the string's characters no longer are.
 */
export function scoreLine(units: Uint16Array, first: number, last: number, stop: number, indent: number, counts: number, dotted: number, operators: number): number {
  const firstChar = units[first] as number;
  const lastChar = units[last] as number;
  const second = first + 1 <= last ? (units[first + 1] as number) : 0;
  const words = WORDS(counts);
  const lowerWordStarts = (counts >>> 6) & 63;
  const letters = (counts >>> 12) & 127;
  const symbols = SYMBOLS(counts);
  const calls = CALLS(counts);
  let score = 0;
  if (lastChar === 59 || lastChar === 123 || lastChar === 125) score += 2; // ; { }
  else if (lastChar === 41 || lastChar === 44 || lastChar === 93 || lastChar === 40 || lastChar === 91) score += 1; // ) , ] ( [
  else if (lastChar === 58 && calls > 0) score += 2; // a block opener after a call: "def f(x):"
  if (firstChar === 125 || firstChar === 41 || firstChar === 93) score += 2; // closing a block
  if ((firstChar === 47 && (second === 47 || second === 42)) || (firstChar === 42 && (second === 32 || second === 47))) score += 1; // // /* *
  if (firstChar === 60 && (second === 47 || (second >= 97 && second <= 122) || second === 33 || second === 63)) score += 1; // <tag </tag <!-- <?php
  if (calls > 0) score += 1;
  if (dotted > 0) score += 1;
  // A line opened by an upper-case word of three or more letters and carrying more (SQL, assembly).
  let capsEnd = first;
  while (capsEnd < stop && (units[capsEnd] as number) >= 65 && (units[capsEnd] as number) <= 90) capsEnd++;
  if (capsEnd - first >= 3 && capsEnd < stop && units[capsEnd] === 32 && words >= 2) score += 1;
  if (operators > 0) score += operators > 1 ? 2 : 1;
  const density = symbols / Math.max(1, stop - first);
  if (density >= 0.12) score += 1;
  if (indent >= 2 && score > 0) score += 1;
  // Prose: many words, mostly letters, ending like a sentence, little punctuation.
  const sentenceEnd = lastChar === 46 || lastChar === 63 || lastChar === 33;
  const codeMarks = calls + dotted + operators;
  if (words >= 6 && density < 0.06 && codeMarks === 0 && (sentenceEnd || lowerWordStarts >= words * 0.6)) score -= 3;
  if (letters === 0 && symbols === 0) score -= 1;
  return score >= 2 ? CODE : PROSE;
}
