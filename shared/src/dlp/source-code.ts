import type { FindFn, RawMatch } from './types.js';

/**
 * Pasted source code, recognised from the shape of its lines rather than from a list of
 * keywords: code lines end in `;`, `{`, `}`, `)` or `:`, open blocks that later lines close,
 * call functions (`name(`), assign, use operators (`=>`, `::`, `&&`), and carry far more
 * punctuation per word than prose. A region is reported when enough consecutive lines look like
 * code; the language is then guessed from syntax that only some languages have.
 *
 * One pass over the characters with integer arithmetic per line; no regular expression runs per
 * line. Language signatures run once per region, on its first 4 KB.
 */

/** Fewest code-like lines for a region. */
const MIN_CODE_LINES = 3;
/** Lines longer than this are judged on their first part (minified code is one long line). */
const MAX_LINE_ANALYSIS = 400;

interface LineVerdict {
  readonly start: number;
  readonly end: number;
  readonly blank: boolean;
  readonly code: boolean;
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isSymbol(c: number): boolean {
  // { } [ ] ( ) < > ; = + - * / & | ! % ^ ~ : $ @ # \
  return c === 123 || c === 125 || c === 91 || c === 93 || c === 40 || c === 41 || c === 60 || c === 62 || c === 59 || c === 61 || c === 43 || c === 45 || c === 42 || c === 47 || c === 38 || c === 124 || c === 33 || c === 37 || c === 94 || c === 126 || c === 58 || c === 36 || c === 64 || c === 35 || c === 92;
}

/** Scores one line; `prevOpen` says whether the previous code line opened a block. */
function judgeLine(text: string, start: number, end: number): { blank: boolean; code: boolean; opens: boolean } {
  let first = start;
  while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
  let last = end - 1;
  while (last >= first && (text.charCodeAt(last) === 32 || text.charCodeAt(last) === 9 || text.charCodeAt(last) === 13)) last--;
  if (first > last) return { blank: true, code: false, opens: false };
  const indent = first - start;
  const stop = Math.min(last + 1, first + MAX_LINE_ANALYSIS);
  let symbols = 0;
  let letters = 0;
  let words = 0;
  let calls = 0;
  let operators = 0;
  let inWord = false;
  let prev = 0;
  let lowerWordStarts = 0;
  for (let i = first; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (isIdentChar(c)) {
      if (!inWord) {
        words++;
        if (c >= 97 && c <= 122) lowerWordStarts++;
      }
      inWord = true;
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    } else {
      inWord = false;
      if (isSymbol(c)) symbols++;
      if (c === 40 && isIdentChar(prev)) calls++;
      // Two-character operators: => -> :: := == != && || += -= << >>
      if (
        (c === 62 && (prev === 61 || prev === 45 || prev === 62)) ||
        (c === 58 && prev === 58) ||
        (c === 61 && (prev === 58 || prev === 61 || prev === 33 || prev === 43 || prev === 45)) ||
        (c === 38 && prev === 38) ||
        (c === 124 && prev === 124) ||
        (c === 60 && prev === 60)
      ) {
        operators++;
      }
    }
    prev = c;
  }
  const firstChar = text.charCodeAt(first);
  const lastChar = text.charCodeAt(last);
  const second = first + 1 <= last ? text.charCodeAt(first + 1) : 0;
  let score = 0;
  if (lastChar === 59 || lastChar === 123 || lastChar === 125) score += 2; // ; { }
  else if (lastChar === 41 || lastChar === 44 || lastChar === 93 || lastChar === 40 || lastChar === 91) score += 1; // ) , ] ( [
  else if (lastChar === 58 && calls > 0) score += 2; // Python/YAML block opener after a call: "def f(x):"
  if (firstChar === 125 || firstChar === 41 || firstChar === 93) score += 2; // closing a block
  if ((firstChar === 47 && (second === 47 || second === 42)) || (firstChar === 42 && (second === 32 || second === 47))) score += 1; // // /* *
  if (firstChar === 60 && (second === 47 || (second >= 97 && second <= 122) || second === 33 || second === 63)) score += 1; // <tag </tag <!-- <?php
  if (calls > 0) score += 1;
  if (operators > 0) score += operators > 1 ? 2 : 1;
  const nonSpace = last - first + 1;
  const density = symbols / Math.max(1, Math.min(nonSpace, MAX_LINE_ANALYSIS));
  if (density >= 0.12) score += 1;
  if (indent >= 2 && score > 0) score += 1;
  // Prose: many words, mostly letters, ending like a sentence, little punctuation.
  const sentenceEnd = lastChar === 46 || lastChar === 63 || lastChar === 33;
  if (words >= 6 && density < 0.06 && (sentenceEnd || lowerWordStarts >= words * 0.6)) score -= 3;
  if (letters === 0 && symbols === 0) score -= 1;
  return { blank: false, code: score >= 2, opens: lastChar === 123 || lastChar === 58 };
}

interface LanguageRule {
  readonly language: string;
  readonly signatures: readonly RegExp[];
}

/** Syntax only some languages have. Each signature that occurs counts once. */
const LANGUAGES: readonly LanguageRule[] = [
  { language: 'python', signatures: [/^\s*def \w+\(.*\):\s*$/m, /^\s*(?:from [\w.]+ )?import [\w.]+/m, /\bself\.\w+/, /^\s*(?:elif|except|with) .*:\s*$/m, /\b(?:None|True|False)\b/, /^\s*@\w+/m] },
  { language: 'typescript', signatures: [/\b(?:interface|type) \w+(?:<[^>]*>)? ?[={]/, /:\s*(?:string|number|boolean|unknown|void)\b/, /\bimport .* from ['"]/, /\bexport (?:default |const |function |class |interface )/, /\bas const\b/] },
  { language: 'javascript', signatures: [/\b(?:const|let|var) \w+ = /, /=>/, /\bfunction\s*\w*\(/, /\brequire\(['"]/, /===|!==/, /\bconsole\.\w+\(/, /\bmodule\.exports\b/] },
  { language: 'java', signatures: [/\b(?:public|private|protected)\s+(?:static\s+)?(?:final\s+)?(?:class|void|[A-Z]\w*(?:<[^>]*>)?)\s+\w+/, /\bSystem\.out\./, /@Override\b/, /^\s*import java\./m, /^\s*package [\w.]+;/m] },
  { language: 'csharp', signatures: [/^\s*using System/m, /^\s*namespace [\w.]+/m, /\{ get; (?:private )?set; \}/, /\bConsole\.Write/, /\bvar \w+ = new /] },
  { language: 'go', signatures: [/^\s*func (?:\([^)]*\) )?\w+\(/m, /^\s*package \w+\s*$/m, /:=/, /\bfmt\.\w+\(/, /\berr != nil\b/] },
  { language: 'rust', signatures: [/\bfn \w+(?:<[^>]*>)?\(/, /\blet mut\b/, /^\s*(?:pub )?(?:impl|struct|enum|trait|mod) /m, /\w+!\(/, /->\s*(?:Self|Result|Option|[A-Z]\w*)/] },
  { language: 'cpp', signatures: [/^\s*#include\s*[<"]/m, /\bstd::/, /\bint main\s*\(/, /\bprintf\s*\(/, /\b(?:nullptr|template\s*<)/] },
  { language: 'php', signatures: [/<\?php/, /\$\w+\s*=/, /->\w+\(/, /\becho\s/] },
  { language: 'ruby', signatures: [/^\s*def \w+[?!]?\s*$/m, /^\s*end\s*$/m, /\bputs\s/, /\bdo \|\w+\|/, /^\s*require ['"]/m] },
  { language: 'sql', signatures: [/\bSELECT\b[\s\S]{1,200}?\bFROM\b/i, /\bINSERT\s+INTO\b/i, /\bCREATE\s+(?:TABLE|INDEX|VIEW)\b/i, /\bWHERE\b\s+\w+\s*=/i, /\bJOIN\b\s+\w+/i] },
  { language: 'shell', signatures: [/^#!\/(?:usr\/)?bin\/(?:env )?(?:ba|z)?sh/m, /^\s*(?:fi|done|esac)\s*$/m, /^\s*export \w+=/m, /\$\{?\w+\}?/, /\|\s*(?:grep|awk|sed|xargs)\b/] },
  { language: 'html', signatures: [/<\/?(?:div|span|html|head|body|script|a|p|ul|li|table)\b[^>]*>/i, /<!DOCTYPE html>/i] },
  { language: 'kotlin', signatures: [/\bfun \w+\(/, /\bval \w+(?::\s*\w+)? = /, /\bdata class\b/] },
  { language: 'swift', signatures: [/\bfunc \w+\(/, /\bguard let\b/, /\bvar \w+: \w+/, /\bimport (?:UIKit|SwiftUI|Foundation)\b/] },
];

export function guessLanguage(code: string): string {
  const sample = code.length > 4096 ? code.slice(0, 4096) : code;
  let best = 'unknown';
  let bestScore = 0;
  for (const rule of LANGUAGES) {
    let score = 0;
    for (const sig of rule.signatures) if (sig.test(sample)) score++;
    if (score > bestScore) {
      best = rule.language;
      bestScore = score;
    }
  }
  return bestScore >= 2 ? best : 'unknown';
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
export const findSourceCode: FindFn = (text, from, to) => {
  const lines: LineVerdict[] = [];
  let s = from;
  while (s < to) {
    let e = text.indexOf('\n', s);
    if (e < 0 || e > to) e = to;
    const v = judgeLine(text, s, e);
    lines.push({ start: s, end: e, blank: v.blank, code: v.code });
    s = e + 1;
  }
  const out: RawMatch[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line || !line.code) {
      i++;
      continue;
    }
    let j = i;
    let codeLines = 0;
    let total = 0;
    let misses = 0;
    let lastCode = i;
    while (j < lines.length) {
      const l = lines[j];
      if (!l) break;
      if (l.code) {
        codeLines++;
        total++;
        misses = 0;
        lastCode = j;
      } else if (!l.blank) {
        misses++;
        total++;
        if (misses > 1) break;
      }
      j++;
    }
    const first = lines[i];
    const last = lines[lastCode];
    if (first && last && codeLines >= MIN_CODE_LINES) {
      const code = text.slice(first.start, last.end);
      out.push({ start: first.start, end: last.end, confidence: regionConfidence(codeLines, total), language: guessLanguage(code), validated: true });
    }
    i = Math.max(j, i + 1);
  }
  return out;
};
