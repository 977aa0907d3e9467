import { CodeUnits } from './code-units.js';
import { BLANK, CODE, judgeLine, PROSE, scoreLine } from './source-lines.js';
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

/** Line starts, ends and verdicts in typed arrays (no object per line), reused between calls. */
let lineStarts = new Int32Array(1024);
let lineEnds = new Int32Array(1024);
let lineKinds = new Uint8Array(1024);
let lineCount = 0;

/** Code units for calls without a scan state (tests, other callers). */
const ownUnits = new CodeUnits();

function addLine(start: number, end: number, kind: number): void {
  if (lineCount === lineStarts.length) {
    const capacity = lineCount * 2;
    const starts = new Int32Array(capacity);
    starts.set(lineStarts);
    lineStarts = starts;
    const ends = new Int32Array(capacity);
    ends.set(lineEnds);
    lineEnds = ends;
    const kinds = new Uint8Array(capacity);
    kinds.set(lineKinds);
    lineKinds = kinds;
  }
  lineStarts[lineCount] = start;
  lineEnds[lineCount] = end;
  lineKinds[lineCount] = kind;
  lineCount++;
}

/**
 * Finds regions of source code. A region grows over code-like and blank lines and tolerates one
 * prose-like line between code lines (a comment or a wrapped string); it closes at the second.
 */
export const findSourceCode: FindFn = (text, from, to, state) => {
  lineCount = 0;
  // The engine's compiled loop measures the lines (source-lines.ts's reading of each, in
  // WebAssembly); the verdict from those measures is taken here. Without it, lines are judged here.
  const shared = state?.units?.();
  const units = shared ?? ownUnits.load(text);
  const measured =
    state?.lines?.(from, to, (records, count) => {
      for (let r = 0; r < count * 8; r += 8) {
        const start = records[r] as number;
        const first = records[r + 2] as number;
        const counts = records[r + 5] as number;
        const marks = records[r + 6] as number;
        const flag = records[r + 7] as number;
        const kind = flag === 1 ? BLANK : flag === 2 ? PROSE : scoreLine(units, first, records[r + 3] as number, records[r + 4] as number, first - start, counts, marks & 255, marks >>> 8);
        addLine(start, records[r + 1] as number, kind);
      }
    }) ?? false;
  if (!measured) {
    let s = from;
    while (s < to) {
      let e = text.indexOf('\n', s);
      if (e < 0 || e > to) e = to;
      addLine(s, e, judgeLine(text, units, s, e));
      s = e + 1;
    }
  }
  if (!shared) ownUnits.wipe();
  const starts = lineStarts;
  const ends = lineEnds;
  const kinds = lineKinds;
  const count = lineCount;
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
  return out;
};
