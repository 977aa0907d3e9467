import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HitBuffer, KeywordAutomaton } from '../../src/dlp/keyword-automaton.js';
import { groupOneIsWholeMatch, wordsRe } from '../../src/dlp/runtime.js';
import { BUILTIN_DETECTORS, compileCustomDetectors, compileDefinition, createDlpEngine, type FindFn } from '../../src/index.js';
import { rng } from './seeded-random.js';

const SEP_BITS: Record<string, number> = { ' ': 1, '-': 2, '.': 4, '/': 8, ':': 16, '(': 32, ')': 32 };

/**
 * The numeric tokenizer written the obvious way, one state machine over the characters: digit
 * groups joined by one separator, or by ") " and " (".
 */
function referenceTokens(text: string, minDigits: number): number[] {
  const out: number[] = [];
  let i = 0;
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  while (i < text.length) {
    if (!isDigit(text[i])) {
      i++;
      continue;
    }
    const start = i;
    let digits = 0;
    let groups = 0;
    let seps = 0;
    let end = i;
    for (;;) {
      groups++;
      while (isDigit(text[i])) {
        digits++;
        i++;
      }
      end = i;
      const a = text[i];
      const b = text[i + 1];
      if (a !== undefined && SEP_BITS[a] !== undefined && isDigit(b)) {
        seps |= SEP_BITS[a];
        i += 1;
      } else if (((a === ')' && b === ' ') || (a === ' ' && b === '(')) && isDigit(text[i + 2])) {
        seps |= 33;
        i += 2;
      } else break;
    }
    if (digits >= minDigits) out.push(start, end, digits, (groups << 8) | seps);
  }
  return out;
}

describe('prefilter pass', () => {
  it('cuts the same numeric tokens as a character-by-character tokenizer', () => {
    const next = rng(42);
    const alphabet = '0123456789 -./:()x,\n';
    const ac = new KeywordAutomaton(['x1', '(']);
    for (let round = 0; round < 3000; round++) {
      const length = Math.floor(next() * 80);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      for (const minDigits of [1, 4]) {
        const hits = new HitBuffer();
        const tokens = new HitBuffer();
        ac.scanWithNumbers(text, 0, text.length, hits, tokens, minDigits);
        expect(Array.from(tokens.data.subarray(0, tokens.length)), JSON.stringify(text)).toEqual(referenceTokens(text, minDigits));
      }
    }
  });

  it('keeps its digit-run buffer across scans and long inputs', () => {
    const ac = new KeywordAutomaton(['akia']);
    const text = '12 a '.repeat(50_000);
    const hits = new HitBuffer();
    const tokens = new HitBuffer();
    ac.scanWithNumbers(text, 0, text.length, hits, tokens, 1);
    expect(tokens.length / 4).toBe(50_000);
    tokens.clear();
    ac.scanWithNumbers('x 123', 0, 5, hits, tokens, 1);
    expect(Array.from(tokens.data.subarray(0, tokens.length))).toEqual([2, 5, 3, 256]);
  });
});

describe('compiled prefilter loop (WebAssembly)', () => {
  function pass(ac: KeywordAutomaton, text: string) {
    const hits = new HitBuffer();
    const tokens = new HitBuffer();
    ac.scanWithNumbers(text, 0, text.length, hits, tokens, 1);
    return {
      hits: Array.from(hits.data.subarray(0, hits.length)),
      tokens: Array.from(tokens.data.subarray(0, tokens.length)),
      runs: Array.from(ac.digitRuns()),
      units: ac.scannedUnits() ? Array.from(ac.scannedUnits() ?? []) : undefined,
      around: Array.from(ac.digitRunsAround()),
      candidates: Array.from(ac.digitRunCandidates()),
    };
  }

  /** digitRunCandidates written out from the text: which runs the Bitcoin and upper-case-id finders look at. */
  function candidatesOf(text: string, runs: readonly number[]): number[] {
    const out: number[] = [];
    for (let k = 0; k < runs.length; k += 2) {
      const start = runs[k] as number;
      const end = runs[k + 1] as number;
      const before = text[start - 1] ?? '';
      const after = text[end] ?? '';
      const bitcoin = /[13]/.test(text[start] ?? '') && !/[A-Za-z0-9]/.test(before) && (end - start >= 26 || /[A-Za-z0-9]/.test(after));
      const letterBefore = /[A-Z]/.test(before);
      const loneDigit = end - start === 1 && /[1-9]/.test(text[start] ?? '') && /[A-Z]/.test(after);
      const bits = (bitcoin ? 1 : 0) | (letterBefore ? 2 : 0) | (loneDigit ? 4 : 0);
      if (bits !== 0) out.push((k << 3) | bits);
    }
    return out;
  }

  /** The unit before each run offset (high 16 bits) and the one at it (low 16, 0 at the end), read off the text. */
  function aroundOf(text: string, runs: readonly number[]): number[] {
    return runs.map((at) => ((at > 0 ? text.charCodeAt(at - 1) : 0) << 16) | (at < text.length ? text.charCodeAt(at) : 0));
  }

  it('finds the same hits, digit runs and tokens as the JavaScript loop', () => {
    const keywords = ['ip', 'ipv4', 'pass', 'password', 'sk-', '@', '://', 'é', 'akia', 'a', 'aa'];
    // "ip" and "pass" count only at the start of a word, the others anywhere.
    const wordStart = Uint8Array.from(keywords, (k) => (k === 'ip' || k === 'pass' ? 1 : 0));
    const compiled = new KeywordAutomaton(keywords, { wordStart });
    const plain = new KeywordAutomaton(keywords, { wasm: false, wordStart });
    const next = rng(2026);
    const pieces = ['ip', 'v4', 'pass', 'word', 'sk-', '@', '://', 'é', 'AKIA', 'a', '0', '12', '345', ' ', '-', '.', '\n', '\uD800', '😀', '1', '3', 'Q', `3${'7'.repeat(25)}`];
    let hits = 0;
    let candidates = 0;
    for (let round = 0; round < 2000; round++) {
      let text = '';
      const length = Math.floor(next() * 60);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const fast = pass(compiled, text);
      const slow = pass(plain, text);
      expect({ text, ...fast, units: undefined }).toEqual({ text, ...slow });
      // The compiled loop's copy of the text is the text's code units.
      expect(fast.units).toEqual(Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)));
      expect(fast.around, JSON.stringify(text)).toEqual(aroundOf(text, fast.runs));
      expect(fast.candidates, JSON.stringify(text)).toEqual(candidatesOf(text, fast.runs));
      candidates += fast.candidates.length;
      // Every occurrence of a word-start keyword is a hit exactly when no letter or digit precedes it.
      for (const word of ['ip', 'pass']) {
        const id = keywords.indexOf(word);
        const ends = fast.hits.filter((_, i) => i % 2 === 1 && fast.hits[i - 1] === id);
        const expected: number[] = [];
        for (let at = text.toLowerCase().indexOf(word); at >= 0; at = text.toLowerCase().indexOf(word, at + 1)) {
          if (at === 0 || !/[A-Za-z0-9]/.test(text[at - 1] ?? '')) expected.push(at + word.length);
        }
        expect(ends, JSON.stringify(text)).toEqual(expected);
      }
      hits += fast.hits.length;
    }
    expect(hits).toBeGreaterThan(10_000);
    expect(candidates).toBeGreaterThan(1_000);
  });

  it('hands hits and numeric tokens over in rounds when one text has more than its area holds, and wipes its copy', () => {
    const compiled = new KeywordAutomaton(['a', 'aa', 'aaa']);
    const plain = new KeywordAutomaton(['a', 'aa', 'aaa'], { wasm: false });
    const text = `${'a'.repeat(40_000)}12 34`;
    const fast = pass(compiled, text);
    expect(fast.hits.length).toBeGreaterThan(200_000);
    expect({ ...fast, units: undefined }).toEqual(pass(plain, text));
    // The units around the runs carry on across the rounds ("a" before "12", " " after "34").
    expect(fast.around).toEqual(aroundOf(text, fast.runs));
    const around = compiled.digitRunsAround();
    compiled.wipeUnits();
    expect(compiled.scannedUnits()).toBeUndefined();
    expect(around.length).toBeGreaterThan(0);
    expect(Array.from(around).every((v) => v === 0)).toBe(true);
    // The JavaScript loop's record of them is wiped too.
    const plainAround = plain.digitRunsAround();
    plain.wipeUnits();
    expect(plainAround.length).toBeGreaterThan(0);
    expect(Array.from(plainAround).every((v) => v === 0)).toBe(true);
    // Numeric tokens are handed over in rounds too: 10,000 one-digit tokens, 40,000 values.
    const numbers = '1a'.repeat(10_000);
    const fastNumbers = pass(compiled, numbers);
    expect(fastNumbers.tokens.length).toBe(40_000);
    expect({ ...fastNumbers, units: undefined }).toEqual(pass(plain, numbers));
    // And the runs listed for the wallet and upper-case-id finders, read from those units.
    for (const ac of [compiled, plain]) {
      pass(ac, 'X12 1Q 13a');
      const listed = ac.digitRunCandidates();
      expect(Array.from(listed)).toEqual([(0 << 3) | 2, (2 << 3) | 5, (4 << 3) | 1]);
      ac.wipeUnits();
      expect(Array.from(listed).every((v) => v === 0)).toBe(true);
    }
  });

  it('is the module built from prefilter.wat (run npm run generate:wasm after changing it)', async () => {
    // @ts-expect-error -- a plain JavaScript build script, without type declarations
    const { compilePrefilter, moduleSource } = (await import('../../scripts/build-prefilter-wasm.mjs')) as {
      compilePrefilter(): Promise<string>;
      moduleSource(base64: string): string;
    };
    const checkedIn = readFileSync(new URL('../../src/dlp/wasm/prefilter-module.ts', import.meta.url), 'utf8');
    expect(checkedIn).toBe(moduleSource(await compilePrefilter()));
  });
});

describe('context words', () => {
  // A custom detector whose context words sit at every kind of boundary in random text: the
  // engine looks them up in its index of keyword hits, and must agree with the expression it
  // replaces, finding whole words of the text that lie in the window (64 characters before the
  // value, 32 after).
  const words = ['badge', 'id', 'employee', 'e-mail', 'social security', 'nº'];
  const [detector] = (() => {
    const compiled = compileCustomDetectors([
      { id: 'acme-employee-id', category: 'custom', keywords: ['emp-'], pattern: '\\bEMP-[0-9]{6}\\b', ignoreCase: false, context: words, confidence: 0.5, contextConfidence: 0.9 },
    ]);
    if (!compiled.ok) throw compiled.error;
    return compiled.value;
  })();
  const engine = createDlpEngine({ builtins: false, custom: detector ? [detector] : [] });
  const re = wordsRe(words);
  // The same words, tried at one position of the whole text, the plural s left out of the match.
  const at = new RegExp(`${(re as RegExp).source.replace('s?(?![a-z])', '(?=s?(?![a-z]))')}`, 'iy');
  const wordIn = (text: string, from: number, to: number): boolean => {
    for (let p = from; p < to; p++) {
      at.lastIndex = p;
      const m = at.exec(text);
      if (m && p + m[0].length <= to) return true;
    }
    return false;
  };

  it('finds a word exactly when the expression finds a whole word of the text in the window around the value', () => {
    const next = rng(7);
    const pieces = ['badge', 'BADGE', 'badges', 'badgex', 'xbadge', 'id', 'ID', 'ids', 'idx', '9id', 'employee', 'e-mail', 'social security', 'Nº', ' ', ' ', '  ', '-', '_', '.', 'a', 's', 'S', '1', '\n', 'é', 'EMP-123456', ' EMP-654321 '];
    let withContext = 0;
    for (let round = 0; round < 4000; round++) {
      let text = '';
      const n = 2 + Math.floor(next() * 30);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      for (const f of engine.scan(text).findings) {
        const expected = wordIn(text, Math.max(0, f.start - 64), Math.min(text.length, f.end + 32));
        if (expected) withContext++;
        expect(f.signals.includes('context'), JSON.stringify(text)).toBe(expected);
      }
    }
    expect(withContext).toBeGreaterThan(100);
  });
});

describe('scan-all finders from the prefilter pass', () => {
  // The wallet, IBAN-family, e-mail and URL finders start from digit runs and markers the
  // prefilter recorded; without them (a finder called on its own) they search the text. Both
  // ways must find the same values.
  const ids = ['bitcoin-address', 'iban', 'it-fiscal-code', 'in-pan', 'us-mbi', 'email-address', 'url-password', 'database-url-password'];
  const fast = createDlpEngine({ builtins: { include: ids } });
  const searching = createDlpEngine({
    builtins: false,
    custom: BUILTIN_DETECTORS.filter((d) => ids.includes(d.id)).map((d) => {
      const { markers: _markers, ...runtime } = compileDefinition(d);
      const find: FindFn = (text, from, to, state) =>
        runtime.find(text, from, to, state ? { spend: (b, max) => state.spend(b, max), memo: (k, c) => state.memo(`plain-${k}`, c) } : undefined);
      return { ...runtime, find };
    }),
  });
  const key = (text: string, engine: typeof fast): string[] => engine.scan(text).findings.map((f) => `${f.detector}@${f.start}-${f.end}:${f.confidence}`);

  it('finds the same values as a search of the text', () => {
    const next = rng(11);
    const pieces = [
      'A', 'NL', 'DE', 'ABCDE', 'RSSMRA', '1', '3', '12', '85', '0', ' ', '-', '.', 'a', '\n', '@', ':', '//', 'bc1', 'BC1', 'Bc1', 'tb1', 'q',
      'NL02 RABO 9888 6494 02', 'BE08713722948917', 'ABCPD1234E', 'RSSMRA85T10A562S', 'RSSMRA85T10A56NS', '1EG4-TE5-MK73',
      '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      'jane.doe@acme-corp.io', 'https://deploy:s3cr3tPassw0rd@git.example.com/x', 'postgres://app:Xy7pQ2mN9rT4@db/app',
    ];
    let found = 0;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const n = 1 + Math.floor(next() * 10);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      const expected = key(text, searching);
      found += expected.length;
      expect(key(text, fast), JSON.stringify(text)).toEqual(expected);
    }
    expect(found).toBeGreaterThan(1000);
  });
});

describe('MAC address finder', () => {
  // The finder reads one character in fourteen and examines only long runs of hex digits and
  // separators; it must find what the detector's expression finds over the whole text or a window.
  const mac = BUILTIN_DETECTORS.find((d) => d.id === 'mac-address');
  const find = mac?.find as FindFn;
  const pattern = new RegExp(mac?.pattern?.source ?? '$^', 'g');
  const search = (text: string, from: number, to: number): string[] =>
    [...text.matchAll(pattern)]
      // The finder starts from a match's first separator, which must lie in the window.
      .filter((m) => m.index >= from && m.index + (/^[0-9A-Fa-f]{4}\./.test(m[0]) ? 4 : 2) < to)
      .map((m) => `${m.index}-${m.index + m[0].length}`);

  it('finds the same addresses as the expression, wherever they sit', () => {
    const next = rng(23);
    const pieces = [
      '3c:22:fb:10:a4:9e', '3C-22-FB-10-A4-9E', '3c22.fb10.a49e', '00:1A:2B:3C:4D', 'aa:bb', '-', ':', '.', ' ', ' ', ' ', 'x', 'G', '\n',
      'deadbeef', '12', 'f', '2025-01-13', '10.1.2.3', 'a1b2.c3d4', '10:2F:33-AC-29-C3', 'ab:cd:ef:01:23:45:67',
    ];
    let found = 0;
    for (let round = 0; round < 5000; round++) {
      let text = '';
      const n = 1 + Math.floor(next() * 12);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      const from = round % 3 === 0 ? Math.floor(next() * text.length) : 0;
      const to = round % 5 === 0 ? from + Math.floor(next() * (text.length - from + 1)) : text.length;
      const got = find(text, from, to).map((m) => `${m.start}-${m.end}`).sort();
      const expected = search(text, from, to).sort();
      found += expected.length;
      expect(got, JSON.stringify({ text, from, to })).toEqual(expected);
    }
    expect(found).toBeGreaterThan(200);
  });
});

describe('anchored matchers without result arrays', () => {
  it('tell when group 1 is the whole match from the shape of the expression', () => {
    for (const source of ['(a)', '(?<!x)(a)(?!y)', '(?<n>a)(?=b)', '([)])(?!\\))', '(?<=[(])(a)']) expect(groupOneIsWholeMatch(source), source).toBe(true);
    for (const source of ['(a)+', '(a)|b', 'x(a)', '(?<!(x))(a)', '(?:a)', '(a)(b)', '(a)\\b', '[(](a)']) expect(groupOneIsWholeMatch(source), source).toBe(false);
  });

  it('agree with the expression on every catalog sample', () => {
    let checked = 0;
    for (const d of BUILTIN_DETECTORS) {
      if (!d.pattern || d.group !== 1 || !groupOneIsWholeMatch(d.pattern.source)) continue;
      const re = new RegExp(d.pattern.source, d.pattern.flags.replace(/[gyd]/g, '') + 'g');
      for (const sample of [...d.samples.positive, ...d.samples.negative]) {
        for (const m of sample.matchAll(re)) {
          expect(m[1], `${d.id}: ${sample}`).toBe(m[0]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
