import { describe, expect, it } from 'vitest';
import { CodeUnits, withUnits } from '../../src/dlp/code-units.js';
import { HitBuffer, KeywordAutomaton } from '../../src/dlp/keyword-automaton.js';
import { judgeLine, scoreLine } from '../../src/dlp/source-lines.js';
import { rng } from './seeded-random.js';

/**
 * The line rule of source-code.ts written out character by character, as its comments state it:
 * the oracle for the table-driven loop (fine kinds, a window of three, packed counts).
 */
function oracleJudge(text: string, start: number, end: number): number {
  let first = start;
  while (first < end && (text[first] === ' ' || text[first] === '\t')) first++;
  let last = end - 1;
  while (last >= first && (text[last] === ' ' || text[last] === '\t' || text[last] === '\r')) last--;
  if (first > last) return 0; // BLANK
  const stop = Math.min(last + 1, first + 80);
  const isLower = (ch: string) => ch >= 'a' && ch <= 'z';
  const isUpper = (ch: string) => ch >= 'A' && ch <= 'Z';
  const wide = (ch: string) => ch.charCodeAt(0) >= 128;
  const isLetter = (ch: string) => isLower(ch) || isUpper(ch) || wide(ch);
  const isWordChar = (ch: string) => isLetter(ch) || /[0-9_$]/.test(ch);
  const isSymbol = (ch: string) => '{}[])<;+-*/!%^~@#\\(>:=&|'.includes(ch);
  const count = (to: number) => {
    let words = 0, lowerStarts = 0, letters = 0, symbols = 0, calls = 0, dotted = 0, operators = 0;
    for (let i = first; i < to; i++) {
      const ch = text[i] as string;
      const prev = i > first ? (text[i - 1] as string) : ' ';
      if (isWordChar(ch) && !isWordChar(prev)) {
        words++;
        if (isLower(ch)) lowerStarts++;
      }
      if (isLetter(ch)) letters++;
      if (isSymbol(ch)) symbols++;
      if (ch === '(' && isWordChar(prev)) calls++;
      if (ch === '.' && i > first && isLetter(prev) && i + 1 < to && /[a-z_]/.test(text[i + 1] as string)) dotted++;
      if (i > first && ['=>', '->', '>>', '::', ':=', '==', '!=', '+=', '-=', '&&', '||', '<<'].includes(prev + ch)) operators++;
    }
    return { words, lowerStarts, letters, symbols, calls, dotted, operators };
  };
  if (stop > first + 48) {
    const head = count(first + 48);
    if (head.symbols === 0 && head.words >= 5) return 1; // PROSE
  }
  const c = count(stop);
  const firstChar = text[first] as string;
  const lastChar = text[last] as string;
  const second = first + 1 <= last ? (text[first + 1] as string) : '';
  let score = 0;
  if (';{}'.includes(lastChar)) score += 2;
  else if ('),]([' .includes(lastChar)) score += 1;
  else if (lastChar === ':' && c.calls > 0) score += 2;
  if ('})]'.includes(firstChar)) score += 2;
  if ((firstChar === '/' && (second === '/' || second === '*')) || (firstChar === '*' && (second === ' ' || second === '/'))) score += 1;
  if (firstChar === '<' && second !== '' && (second === '/' || isLower(second) || second === '!' || second === '?')) score += 1;
  if (c.calls > 0) score += 1;
  if (c.dotted > 0) score += 1;
  const caps = /^[A-Z]{3,} /.exec(text.slice(first, stop));
  if (caps && c.words >= 2) score += 1;
  if (c.operators > 0) score += c.operators > 1 ? 2 : 1;
  const density = c.symbols / Math.max(1, stop - first);
  if (density >= 0.12) score += 1;
  if (first - start >= 2 && score > 0) score += 1;
  const codeMarks = c.calls + c.dotted + c.operators;
  if (c.words >= 6 && density < 0.06 && codeMarks === 0 && ('.?!'.includes(lastChar) || c.lowerStarts >= c.words * 0.6)) score -= 3;
  if (c.letters === 0 && c.symbols === 0) score -= 1;
  return score >= 2 ? 2 : 1; // CODE : PROSE
}

const WORDS = ['the', 'plan', 'is', 'ready', 'for', 'review', 'a', 'Team', 'x'];
const PIECES = ['a', 'e', 'x', 'Q', 'Z', '_', '$', '7', '0', ' ', ' ', ' ', '\t', '.', '(', ')', '=', '>', '<', ':', '&', '|', '!', '+', '-', ';', '{', '}', '[', ']', ',', '"', "'", '@', '#', '*', '/', 'é', '字', '\r', 'self', 'foo', 'SELECT', 'the', 'data'];

/** A random line: code-like pieces, or words and spaces with sometimes one mark near the 48th character. */
function randomLine(next: () => number): string {
  let line = ' '.repeat(Math.floor(next() * 4));
  if (next() < 0.4) {
    while (line.length < 40 + next() * 60) line += `${WORDS[Math.floor(next() * WORDS.length)]} `;
    if (next() < 0.5) {
      const at = 44 + Math.floor(next() * 8);
      line = line.slice(0, at) + PIECES[Math.floor(next() * 20)] + line.slice(at);
    }
    return line;
  }
  const length = Math.floor(next() * (next() < 0.2 ? 120 : 60));
  for (let k = 0; k < length; k++) line += PIECES[Math.floor(next() * PIECES.length)];
  return line;
}

describe('source-code line judging', () => {
  it('agrees with the rule written out character by character on 20,000 random lines', () => {
    const next = rng(20261124);
    const lines: string[] = [];
    for (let n = 0; n < 20_000; n++) lines.push(randomLine(next));
    const text = lines.join('\n');
    withUnits(text, undefined, (units) => {
      let start = 0;
      for (const line of lines) {
        const end = start + line.length;
        const got = judgeLine(text, units, start, end);
        if (got !== oracleJudge(text, start, end)) expect({ line, got }).toEqual({ line, got: oracleJudge(text, start, end) });
        start = end + 1;
      }
    });
  });
});

describe('source-code lines measured by the compiled loop', () => {
  it('give the verdicts judgeLine gives, on the same random lines', () => {
    const next = rng(7311);
    const automaton = new KeywordAutomaton(['x']);
    for (let round = 0; round < 200; round++) {
      const lines: string[] = [];
      for (let n = 0; n < 100; n++) {
        lines.push(randomLine(next));
      }
      const text = lines.join('\n');
      automaton.scanWithNumbers(text, 0, text.length, new HitBuffer(), new HitBuffer(), 1);
      const measured: number[] = [];
      const units = automaton.scannedUnits();
      expect(units).toBeDefined();
      const ran = automaton.scannedLines(0, text.length, (records, count) => {
        for (let r = 0; r < count * 8; r += 8) {
          const [start, , first, last, stop, counts, marks, flag] = records.subarray(r, r + 8);
          measured.push(flag === 1 ? 0 : flag === 2 ? 1 : scoreLine(units!, first!, last!, stop!, first! - start!, counts!, marks! & 255, marks! >>> 8));
        }
      });
      expect(ran).toBe(true);
      const judged: number[] = [];
      withUnits(text, undefined, (units) => {
        // Lines as findSourceCode cuts them: an empty text after the last newline is no line.
        for (let start = 0; start < text.length; ) {
          const end = text.includes('\n', start) ? text.indexOf('\n', start) : text.length;
          judged.push(judgeLine(text, units, start, end));
          start = end + 1;
        }
      });
      expect(measured).toEqual(judged);
    }
  });
});

describe('code units', () => {
  it('copies every code unit, surrogate halves and NUL included, and wipes the copy', () => {
    const units = new CodeUnits();
    for (const text of ['plain ASCII', 'é and 字 and \u{1F600}', '\uD800 lone \uDC00 halves\u0000', 'x'.repeat(5000)]) {
      const copy = units.load(text);
      expect(copy.length).toBe(text.length);
      expect(Array.from(copy)).toEqual(Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)));
    }
    const copy = units.load('secret value');
    units.wipe();
    expect(Array.from(copy).every((u) => u === 0)).toBe(true);
  });
});
