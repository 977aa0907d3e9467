import { CodeUnits } from './code-units.js';
import { HitBuffer, KeywordAutomaton } from './keyword-automaton.js';
import type { FindFn, RawMatch } from './types.js';

/**
 * Pasted source code, recognised from the shape of its lines rather than from a list of
 * keywords: code lines end in `;`, `{`, `}`, `)` or `:`, open blocks that later lines close,
 * call functions (`name(`), assign, use operators (`=>`, `::`, `&&`), and carry far more
 * punctuation per word than prose. A region is reported when enough consecutive lines look like
 * code; the language is then guessed from syntax that only some languages have.
 *
 * One pass over the characters with integer arithmetic per line; no regular expression runs per
 * line. Language signatures (literal text) are looked up once per region, on its first 400 characters.
 */

/** Fewest code-like lines for a region. */
const MIN_CODE_LINES = 3;
/** Lines longer than this are judged on their first part (minified code is one long line). */
const MAX_LINE_ANALYSIS = 80;

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
const FINE_KIND = new Uint8Array(65536).fill(F_WIDE);
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

const PAIR_COUNTS = new Int32Array(1 << 10);
const TRI_MARKS = new Uint16Array(1 << 15);
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

const BLANK = 0;
const PROSE = 1;
const CODE = 2;

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
  return scoreLine(text, first, last, stop, indent, counts, marks & 255, marks >>> 8);
}

/** The verdict on a line from its counts; see the module comment for what counts as code. */
function scoreLine(text: string, first: number, last: number, stop: number, indent: number, counts: number, dotted: number, operators: number): number {
  const firstChar = text.charCodeAt(first);
  const lastChar = text.charCodeAt(last);
  const second = first + 1 <= last ? text.charCodeAt(first + 1) : 0;
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
  while (capsEnd < stop && text.charCodeAt(capsEnd) >= 65 && text.charCodeAt(capsEnd) <= 90) capsEnd++;
  if (capsEnd - first >= 3 && capsEnd < stop && text.charCodeAt(capsEnd) === 32 && words >= 2) score += 1;
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

interface LanguageRule {
  readonly language: string;
  /** Syntax only some languages have, as literal text. Each one present counts once. */
  readonly signatures: readonly string[];
}

const LANGUAGES: readonly LanguageRule[] = [
  { language: 'python', signatures: ['def ', 'self.', 'elif ', 'import ', '):\n', 'None', 'True', 'except ', '__init__', 'lambda '] },
  { language: 'typescript', signatures: ['interface ', ': string', ': number', ': boolean', 'import type', 'export const ', 'export function ', ' as const', 'readonly ', '<T>'] },
  { language: 'javascript', signatures: ['const ', 'let ', '=>', 'function', 'require(', '===', 'console.', 'module.exports', 'undefined', 'async '] },
  { language: 'java', signatures: ['public class', 'private ', 'public static void', 'System.out', '@Override', 'import java.', 'package ', 'new ', 'throws '] },
  { language: 'csharp', signatures: ['using System', 'namespace ', '{ get; set; }', 'Console.Write', 'public class', 'var ', 'async Task'] },
  { language: 'go', signatures: ['func ', 'package ', ':=', 'fmt.', 'err != nil', 'import (', 'go func'] },
  { language: 'rust', signatures: ['fn ', 'let mut ', 'impl ', 'pub fn', '->', '::', 'println!', 'Option<', 'Result<', '&mut '] },
  { language: 'cpp', signatures: ['#include', 'std::', 'int main(', 'printf(', 'nullptr', 'template<', '->', '::'] },
  { language: 'php', signatures: ['<?php', '$this->', 'echo ', 'function ', '=> $', '->'] },
  { language: 'ruby', signatures: ['def ', '\nend', 'puts ', ' do |', 'require \'', 'attr_accessor', '@'] },
  { language: 'sql', signatures: ['SELECT ', 'FROM ', 'WHERE ', 'INSERT INTO', 'CREATE TABLE', 'JOIN ', 'GROUP BY', 'ORDER BY', 'UPDATE ', ' ON '] },
  { language: 'shell', signatures: ['#!/bin/', '\nfi', '\ndone', 'export ', '$(', '| grep', 'echo ', '${'] },
  { language: 'html', signatures: ['<div', '</div>', '<span', '<html', '<body', '<script', 'href="', 'class="'] },
  { language: 'kotlin', signatures: ['fun ', 'val ', 'data class', 'var ', ': String'] },
  { language: 'swift', signatures: ['func ', 'guard let', 'import UIKit', 'import SwiftUI', 'var ', 'let '] },
];

/** Every signature once, the languages it counts for, and one automaton to find them all in a single pass. */
const SIGNATURES = [...new Set(LANGUAGES.flatMap((l) => l.signatures))];
const SIGNATURE_LANGUAGES = SIGNATURES.map((sig) => LANGUAGES.flatMap((l, i) => (l.signatures.includes(sig) ? [i] : [])));
const SIGNATURE_AUTOMATON = new KeywordAutomaton(SIGNATURES);
const signatureHits = new HitBuffer();
/** Scratch of guessLanguage, reused: a region is guessed at a time, and typed arrays are costly to allocate. */
const signatureSeen = new Uint8Array(SIGNATURES.length);
const languageScores = new Int32Array(LANGUAGES.length);
/** Characters read from the start of a region to guess its language. */
const LANGUAGE_SAMPLE = 400;

/**
 * The most likely language of a code region, from literal (case-sensitive) signatures in its first
 * 400 characters; `unknown` unless at least two signatures of one language are present.
 */
export function guessLanguage(text: string, start = 0, end = text.length): string {
  const stop = Math.min(end, start + LANGUAGE_SAMPLE);
  signatureHits.clear();
  SIGNATURE_AUTOMATON.scan(text, start, stop, signatureHits);
  const seen = signatureSeen.fill(0);
  const scores = languageScores.fill(0);
  const data = signatureHits.data;
  for (let h = 0; h < signatureHits.length; h += 2) {
    const id = data[h] ?? 0;
    const sig = SIGNATURES[id] ?? '';
    // The automaton folds case; signatures are exact.
    if (seen[id] || !text.startsWith(sig, (data[h + 1] ?? 0) - sig.length)) continue;
    seen[id] = 1;
    for (const l of SIGNATURE_LANGUAGES[id] ?? []) scores[l] = (scores[l] ?? 0) + 1;
  }
  let best = -1;
  let bestScore = 0;
  for (let l = 0; l < LANGUAGES.length; l++) {
    const score = scores[l] ?? 0;
    if (score > bestScore) {
      best = l;
      bestScore = score;
    }
  }
  return bestScore >= 2 ? (LANGUAGES[best]?.language ?? 'unknown') : 'unknown';
}

/** Confidence from how many lines look like code and how dense they are in the region. */
function regionConfidence(codeLines: number, totalLines: number): number {
  const ratio = codeLines / Math.max(1, totalLines);
  const size = codeLines >= 12 ? 0.85 : codeLines >= 6 ? 0.75 : codeLines >= 4 ? 0.6 : 0.5;
  return Math.round(size * Math.min(1, 0.5 + ratio * 0.6) * 100) / 100;
}

/**
 * Finds regions of source code. A region grows over code-like and blank lines and tolerates one
 * prose-like line between code lines (a comment or a wrapped string); it closes at the second.
 */
/** Line starts, ends and verdicts in typed arrays (no object per line), reused between calls. */
let lineStarts = new Int32Array(1024);
let lineEnds = new Int32Array(1024);
let lineKinds = new Uint8Array(1024);

/** Code units for calls without a scan state (tests, other callers). */
const ownUnits = new CodeUnits();

export const findSourceCode: FindFn = (text, from, to, state) => {
  const shared = state?.units?.();
  const units = shared ?? ownUnits.load(text);
  let starts = lineStarts;
  let ends = lineEnds;
  let kinds = lineKinds;
  let count = 0;
  let s = from;
  while (s < to) {
    let e = text.indexOf('\n', s);
    if (e < 0 || e > to) e = to;
    if (count === starts.length) {
      const capacity = count * 2;
      const ns = new Int32Array(capacity);
      ns.set(starts);
      starts = lineStarts = ns;
      const ne = new Int32Array(capacity);
      ne.set(ends);
      ends = lineEnds = ne;
      const nk = new Uint8Array(capacity);
      nk.set(kinds);
      kinds = lineKinds = nk;
    }
    starts[count] = s;
    ends[count] = e;
    kinds[count] = judgeLine(text, units, s, e);
    count++;
    s = e + 1;
  }
  const out: RawMatch[] = [];
  let i = 0;
  while (i < count) {
    if (kinds[i] !== CODE) {
      i++;
      continue;
    }
    let j = i;
    let codeLines = 0;
    let total = 0;
    let misses = 0;
    let lastCode = i;
    for (; j < count; j++) {
      const kind = kinds[j];
      if (kind === CODE) {
        codeLines++;
        total++;
        misses = 0;
        lastCode = j;
      } else if (kind === PROSE) {
        misses++;
        total++;
        if (misses > 1) break;
      }
    }
    if (codeLines >= MIN_CODE_LINES) {
      const start = starts[i] ?? 0;
      const end = ends[lastCode] ?? start;
      out.push({ start, end, confidence: regionConfidence(codeLines, total), language: () => guessLanguage(text, start, end), validated: true });
    }
    i = Math.max(j, i + 1);
  }
  if (!shared) ownUnits.wipe();
  return out;
};
