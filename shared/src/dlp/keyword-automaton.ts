import { isAsciiAlnumCode } from './text.js';
import { createWasmPrefilter, type WasmPrefilter } from './wasm/prefilter.js';

/**
 * Aho-Corasick automaton over case-insensitive keywords, compiled to a dense DFA so that scanning
 * is one table lookup per character. This is the engine's single pass over the text: every
 * keyword of every detector is found here, instead of one regular expression pass per detector
 * (or one huge alternation, which V8 runs very slowly).
 *
 * Characters that occur in no keyword share one alphabet class, so the table stays small
 * (states x distinct keyword characters). Case folding happens at build time: both cases of a
 * keyword character map to the same class.
 */
export interface KeywordAutomatonOptions {
  /** Run `scanWithNumbers` as WebAssembly where it can run (default true); false keeps the JavaScript loop. */
  readonly wasm?: boolean;
  /**
   * Per keyword id, 1 for keywords that count only at the start of a word: a hit preceded by an
   * ASCII letter or digit is not reported ("ip" in "zip"). The engine's context words, most of
   * which occur inside other words far more often than as words, are dropped in the loop that
   * finds them instead of being handed over and looked at later.
   */
  readonly wordStart?: Uint8Array;
}

export class KeywordAutomaton {
  /** Keywords in the order given; hit ids index into this array. */
  readonly keywords: readonly string[];
  /** Alphabet class of every UTF-16 code unit; 0 for characters in no keyword. */
  private readonly classes: Uint16Array;
  /** The class in the low bits and a digit flag above: one lookup per character. */
  readonly merged: Uint32Array;
  /** Scratch for `scanWithNumbers`, reused between scans. */
  private readonly scratch: RunScratch = { runs: new Int32Array(0), around: new Int32Array(0), regs: new Int32Array(3), count: 0, candidates: new Int32Array(0), candidateCount: -1 };
  readonly alphabet: number;
  /**
   * Transitions, row-major: `delta[rowOffset + class]` is the next state's row offset, or its
   * bitwise complement when that state reports keywords (so one comparison detects a hit).
   */
  readonly delta: Int32Array;
  /** Keyword ids reported by the state at row offset r: outputs[outStart[r/A] .. outStart[r/A+1]). */
  readonly outStart: Int32Array;
  readonly outputs: Int32Array;
  /** Per keyword id: its length in code units, plus WORD_START_FLAG for a word-start keyword. */
  readonly keywordInfo: Int32Array;
  /** Separator bits of the characters that join digit groups into one numeric token (see SEPARATOR_BITS). */
  readonly separatorBits: Uint8Array = SEPARATOR_BITS;

  /** The compiled loop: undefined until first needed, null where it cannot run or is not wanted. */
  private wasm: WasmPrefilter | null | undefined;
  /** The text length of the last `scanWithNumbers` when the compiled loop ran it, else -1. */
  private wasmScanned = -1;

  constructor(keywords: readonly string[], options: KeywordAutomatonOptions = {}) {
    this.keywords = keywords;
    if (options.wasm === false) this.wasm = null;
    this.keywordInfo = Int32Array.from(keywords, (k, id) => k.length | (options.wordStart?.[id] === 1 ? WORD_START_FLAG : 0));
    const classes = new Uint16Array(65536);
    let alphabet = 1;
    const classOf = (ch: string): number => {
      const code = ch.charCodeAt(0);
      if (classes[code] === 0) {
        const id = alphabet++;
        for (const variant of [ch, ch.toLowerCase(), ch.toUpperCase()]) {
          if (variant.length === 1) classes[variant.charCodeAt(0)] = id;
        }
      }
      return classes[code] ?? 0;
    };

    // Trie over keyword classes.
    const gotoRows: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    keywords.forEach((keyword, id) => {
      let state = 0;
      for (const ch of keyword.toLowerCase()) {
        // Astral characters are two code units; each unit is its own symbol.
        for (let u = 0; u < ch.length; u++) {
          const cls = classOf(ch[u] ?? '');
          const row = gotoRows[state];
          let next = row?.get(cls);
          if (next === undefined) {
            next = gotoRows.length;
            gotoRows.push(new Map());
            out.push([]);
            row?.set(cls, next);
          }
          state = next;
        }
      }
      out[state]?.push(id);
    });

    // Breadth-first failure links, folded into a complete transition table.
    const states = gotoRows.length;
    const A = alphabet;
    const next = new Int32Array(states * A);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < A; c++) {
      const s = gotoRows[0]?.get(c);
      if (s !== undefined) {
        next[c] = s;
        fail[s] = 0;
        queue.push(s);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const r = queue[head] ?? 0;
      const fr = fail[r] ?? 0;
      const inherited = out[fr];
      if (inherited && inherited.length > 0) out[r]?.push(...inherited);
      for (let c = 0; c < A; c++) {
        const s = gotoRows[r]?.get(c);
        if (s !== undefined) {
          fail[s] = next[fr * A + c] ?? 0;
          next[r * A + c] = s;
          queue.push(s);
        } else {
          next[r * A + c] = next[fr * A + c] ?? 0;
        }
      }
    }

    // Rows in breadth-first order (the root, then every state one character deep, and so on): the
    // text keeps the automaton near the root, so the rows it reads most sit together at the start
    // of the table and stay in cache, instead of being spread over it in keyword order.
    const order = [0, ...queue];
    const rank = new Int32Array(states);
    order.forEach((s, r) => {
      rank[s] = r;
    });
    const delta = new Int32Array(states * A);
    for (let r = 0; r < states; r++) {
      const s = order[r] ?? 0;
      for (let c = 0; c < A; c++) {
        const target = next[s * A + c] ?? 0;
        const offset = (rank[target] ?? 0) * A;
        delta[r * A + c] = (out[target]?.length ?? 0) > 0 ? ~offset : offset;
      }
    }
    const outStart = new Int32Array(states + 1);
    const flat: number[] = [];
    for (let r = 0; r < states; r++) {
      outStart[r] = flat.length;
      flat.push(...(out[order[r] ?? 0] ?? []));
    }
    outStart[states] = flat.length;

    this.classes = classes;
    const merged = new Uint32Array(65536);
    for (let c = 0; c < 65536; c++) merged[c] = (classes[c] ?? 0) | (c >= 48 && c <= 57 ? 1 << DIGIT_SHIFT : 0) | (isAsciiAlnumCode(c) ? 1 << ALNUM_SHIFT : 0);
    this.merged = merged;
    this.alphabet = A;
    this.delta = delta;
    this.outStart = outStart;
    this.outputs = Int32Array.from(flat);
    // Run the loop's exit once before any long scan: otherwise V8 compiles the loop on-stack while
    // the code after it has never run, and that code then deoptimizes at the end of every call.
    stepBlock(this.merged, this.delta, this.alphabet, this.outStart, this.outputs, this.keywordInfo, '', 0, 0, new HitBuffer(), this.scratch.runs, this.scratch.regs);
  }

  /**
   * The engine's single pass: keyword hits as (keyword id, end offset) pairs into `hits`, and
   * numeric tokens (digit groups joined by one separator among space - . / : or a phone-style
   * parenthesis) as (start, end, digits, groups << 8 | separator bits) quadruples into `tokens`,
   * for tokens of at least `minDigits` digits.
   *
   * The character loop only steps the automaton and records where runs of digits start and end,
   * without a branch (a store per character, the index advanced by 0 or 1): digits and other
   * characters alternate too irregularly in logs and tables for a branch to be predicted. Tokens
   * are then assembled from the runs, which are far fewer than the characters.
   */
  scanWithNumbers(text: string, from: number, to: number, hits: HitBuffer, tokens: HitBuffer, minDigits: number): void {
    this.wasmScanned = -1;
    this.scratch.candidateCount = -1;
    if (from === 0 && to === text.length) {
      if (this.wasm === undefined) this.wasm = createWasmPrefilter(this) ?? null;
      if (this.wasm?.run(text, (values) => hits.pushAll(values))) {
        this.wasmScanned = to;
        this.wasm.tokens(minDigits, (values) => tokens.pushAll(values));
        return;
      }
    }
    scanBlocks(this.merged, this.delta, this.alphabet, this.outStart, this.outputs, this.keywordInfo, text, from, to, hits, this.scratch);
    const { regs, runs } = this.scratch;
    let nr = regs[1] as number;
    if (regs[2]) runs[nr++] = to;
    this.scratch.count = nr;
    // The units around each run boundary, which the compiled loop records as it goes, read here.
    if (this.scratch.around.length < nr) this.scratch.around = new Int32Array(runs.length);
    const around = this.scratch.around;
    const n = text.length;
    for (let k = 0; k < nr; k++) {
      const at = runs[k] as number;
      around[k] = ((at > 0 ? text.charCodeAt(at - 1) : 0) << 16) | (at < n ? text.charCodeAt(at) : 0);
    }
    numericTokens(runs, around, nr, tokens, minDigits);
  }

  /**
   * The runs of digits found by the last `scanWithNumbers`, as start, end, start, end, … offsets
   * (a view of a buffer the next scan overwrites).
   */
  digitRuns(): Int32Array {
    if (this.wasm && this.wasmScanned >= 0) return this.wasm.runs();
    return this.scratch.runs.subarray(0, this.scratch.count);
  }

  /**
   * Beside each value of `digitRuns()`, the code unit before that offset (high 16 bits) and the
   * one at it (low 16 bits, 0 at the end of the text), for the last `scanWithNumbers` (a view of a
   * buffer the next scan overwrites; `wipeUnits` zeroes it).
   */
  digitRunsAround(): Int32Array {
    if (this.wasm && this.wasmScanned >= 0) return this.wasm.around();
    return this.scratch.around.subarray(0, this.scratch.count);
  }

  /**
   * The digit runs of the last `scanWithNumbers` that the Bitcoin and upper-case-id finders look
   * at, read from the units around them, as `k << 3 | bits` with k the index of the run's start in
   * `digitRuns()` and bits: 1 where a legacy Bitcoin address may start (a first digit 1 or 3, no
   * ASCII letter or digit before it, and 26 digits or an ASCII letter or digit after them), 2 with
   * an upper-case letter A-Z before the run, 4 for a single digit 1-9 with A-Z after it. Listed
   * once per scan, in the compiled loop's memory or here.
   */
  digitRunCandidates(): Int32Array {
    if (this.wasm && this.wasmScanned >= 0) return this.wasm.runCandidates();
    const scratch = this.scratch;
    if (scratch.candidateCount < 0) {
      const { runs, around } = scratch;
      const count = scratch.count;
      if (scratch.candidates.length < (count >> 1) + 1) scratch.candidates = new Int32Array((count >> 1) + 1);
      const out = scratch.candidates;
      let n = 0;
      for (let k = 0; k < count; k += 2) {
        const start = around[k] as number;
        const unit = start & 0xffff;
        const before = start >>> 16;
        const after = (around[k + 1] as number) & 0xffff;
        const length = (runs[k + 1] as number) - (runs[k] as number);
        const bitcoin = (unit === 49 || unit === 51) && !isAsciiAlnumCode(before) && (length >= 26 || isAsciiAlnumCode(after));
        const letterBefore = before >= 65 && before <= 90;
        const loneDigit = length === 1 && unit !== 48 && after >= 65 && after <= 90;
        const bits = (bitcoin ? 1 : 0) | (letterBefore ? 2 : 0) | (loneDigit ? 4 : 0);
        if (bits !== 0) out[n++] = (k << 3) | bits;
      }
      scratch.candidateCount = n;
    }
    return scratch.candidates.subarray(0, scratch.candidateCount);
  }

  /**
   * The code units of the last `scanWithNumbers`'s text when the compiled loop ran it (it copies
   * them in anyway), else undefined. Valid until the next scan or `wipeUnits`.
   */
  scannedUnits(): Uint16Array | undefined {
    return this.wasm && this.wasmScanned >= 0 ? this.wasm.units(this.wasmScanned) : undefined;
  }

  /** The lines of the last `scanWithNumbers`'s text, when the compiled loop ran it (see `ScanState.lines`). */
  scannedLines(from: number, to: number, each: (records: Int32Array, count: number) => void): boolean {
    if (!this.wasm || this.wasmScanned < 0 || to > this.wasmScanned) return false;
    this.wasm.lines(from, to, each);
    return true;
  }

  /** Candidate first separators of MAC addresses in the last `scanWithNumbers`'s text, when the compiled loop ran it (see `ScanState.macSeparators`). */
  scannedMacSeparators(from: number, to: number, each: (positions: Int32Array, count: number) => void): boolean {
    if (!this.wasm || this.wasmScanned < 0 || to > this.wasmScanned) return false;
    this.wasm.macSeparators(from, to, each);
    return true;
  }

  /** Overwrites the compiled loop's copy of the last text, and the units recorded around digit runs, with zeros. */
  wipeUnits(): void {
    this.wasm?.wipe();
    this.wasmScanned = -1;
    this.scratch.around.fill(0, 0, this.scratch.count);
    if (this.scratch.candidateCount > 0) this.scratch.candidates.fill(0, 0, this.scratch.candidateCount);
    this.scratch.candidateCount = -1;
  }

  /**
   * Scans `text[from, to)` and appends every hit to `hits` as pairs (keyword id, end offset).
   * Returns the number of pairs appended.
   */
  scan(text: string, from: number, to: number, hits: HitBuffer): number {
    const { classes, delta, alphabet, outStart, outputs, keywordInfo, merged } = this;
    let state = 0;
    let count = 0;
    const end = to | 0;
    for (let i = from | 0; i < end; i++) {
      let r = delta[state + (classes[text.charCodeAt(i)] ?? 0)] ?? 0;
      if (r < 0) {
        r = ~r;
        const s = (r / alphabet) | 0;
        const endOut = outStart[s + 1] ?? 0;
        for (let k = outStart[s] ?? 0; k < endOut; k++) {
          const kw = outputs[k] ?? 0;
          if (insideWord(keywordInfo[kw] ?? 0, merged, text, i)) continue;
          hits.push(kw, i + 1);
          count++;
        }
      }
      state = r;
    }
    return count;
  }
}

/** Where the digit flag sits in a merged entry, above the 16 bits of the character's class. */
const DIGIT_SHIFT = 16;
/** Where the ASCII letter-or-digit flag sits in a merged entry. */
const ALNUM_SHIFT = 17;
/** In `keywordInfo`: the keyword counts only at the start of a word. */
const WORD_START_FLAG = 1 << 16;

/**
 * Whether a hit of a keyword (its `keywordInfo`) ending at unit `i` is to be dropped: a word-start
 * keyword with an ASCII letter or digit before it.
 */
function insideWord(info: number, merged: Uint32Array, text: string, i: number): boolean {
  if ((info & WORD_START_FLAG) === 0) return false;
  const before = i - (info & 0xffff);
  return before >= 0 && (((merged[text.charCodeAt(before)] as number) >>> ALNUM_SHIFT) & 1) === 1;
}
/** Characters per block of the digit-run loop (its buffer grows only between blocks). */
const RUN_BLOCK = 65536;
/** Separator bits of the characters that join digit groups: space 1, - 2, . 4, / 8, : 16, parentheses 32. */
const SEPARATOR_BITS = (() => {
  const bits = new Uint8Array(128);
  const entries: [string, number][] = [[' ', 1], ['-', 2], ['.', 4], ['/', 8], [':', 16], ['(', 32], [')', 32]];
  for (const [ch, bit] of entries) bits[ch.charCodeAt(0)] = bit;
  return bits;
})();

/** Where runs of digits start and end, and the loop state carried between blocks (automaton state, runs recorded, inside a run). */
interface RunScratch {
  runs: Int32Array;
  /** The units around each run boundary (see `digitRunsAround`), when the JavaScript loop ran. */
  around: Int32Array;
  readonly regs: Int32Array;
  /** Values of `runs` the last scan filled. */
  count: number;
  /** `digitRunCandidates` when the JavaScript loop ran, and how many (-1: not listed yet). */
  candidates: Int32Array;
  candidateCount: number;
}

/** The prefilter loop over `text[from, to)` in blocks, growing the run buffer between blocks only. */
function scanBlocks(
  merged: Uint32Array,
  delta: Int32Array,
  alphabet: number,
  outStart: Int32Array,
  outputs: Int32Array,
  keywordInfo: Int32Array,
  text: string,
  from: number,
  to: number,
  hits: HitBuffer,
  scratch: RunScratch,
): void {
  const regs = scratch.regs;
  regs[0] = 0;
  regs[1] = 0;
  regs[2] = 0;
  for (let blockStart = from; blockStart < to; blockStart += RUN_BLOCK) {
    const blockEnd = Math.min(to, blockStart + RUN_BLOCK) | 0;
    // Every character may end a run: room for a block's worth before the loop, none inside.
    const nr = regs[1] as number;
    if (scratch.runs.length < nr + (blockEnd - blockStart) + 2) {
      const grown = new Int32Array(Math.max(scratch.runs.length * 2, nr + RUN_BLOCK + 2));
      grown.set(scratch.runs.subarray(0, nr));
      scratch.runs = grown;
    }
    stepBlock(merged, delta, alphabet, outStart, outputs, keywordInfo, text, blockStart, blockEnd, hits, scratch.runs, regs);
  }
}

/**
 * One block of the prefilter loop. A plain function whose tables arrive as arguments: V8 keeps
 * them in registers for the whole loop, where reading them from an object's fields each time
 * costs about twice as much per character.
 */
function stepBlock(
  merged: Uint32Array,
  delta: Int32Array,
  alphabet: number,
  outStart: Int32Array,
  outputs: Int32Array,
  keywordInfo: Int32Array,
  text: string,
  from: number,
  to: number,
  hits: HitBuffer,
  runs: Int32Array,
  regs: Int32Array,
): void {
  let state = regs[0] as number;
  let nr = regs[1] as number;
  let inDigit = regs[2] as number;
  // Bounded by the text's length so that V8 drops the bounds check of charCodeAt; literal masks
  // rather than the module's constants, which V8 reads from its context on every iteration.
  // `| 0` tells V8 these are 32-bit integers: Math.min gives a double, and a loop bound of that
  // type makes every comparison and index in the loop a floating-point one (about 15 % slower).
  const end = Math.min(to, text.length) | 0;
  for (let i = from | 0; i < end; i++) {
    const entry = merged[text.charCodeAt(i)] as number;
    let r = delta[state + (entry & 0xffff)] as number; // the class
    if (r < 0) {
      r = ~r;
      const s = (r / alphabet) | 0;
      const endOut = outStart[s + 1] as number;
      for (let k = outStart[s] as number; k < endOut; k++) {
        const kw = outputs[k] as number;
        if (!insideWord(keywordInfo[kw] as number, merged, text, i)) hits.push(kw, i + 1);
      }
    }
    state = r;
    const digit = (entry >>> 16) & 1; // DIGIT_SHIFT
    runs[nr] = i;
    nr += digit ^ inDigit;
    inDigit = digit;
  }
  regs[0] = state;
  regs[1] = nr;
  regs[2] = inDigit;
}

/**
 * Numeric tokens from runs of digits (`runs` holds start, end, start, end, … of each run, `around`
 * the units around each of those offsets): runs joined by one separator character, or by ") " and
 * " (" as in "(415) 555-2671", form one token. The characters between runs are read from `around`,
 * in order, rather than from the text.
 */
function numericTokens(runs: Int32Array, around: Int32Array, count: number, tokens: HitBuffer, minDigits: number): void {
  let k = 0;
  while (k < count) {
    const start = runs[k] as number;
    let end = runs[k + 1] as number;
    let digits = end - start;
    let groups = 1;
    let seps = 0;
    let j = k + 2;
    for (; j < count; j += 2) {
      const next = runs[j] as number;
      const gap = next - end;
      if (gap === 1) {
        // The unit at the end of the last run.
        const c = (around[j - 1] as number) & 0xffff;
        const bit = c < 128 ? (SEPARATOR_BITS[c] as number) : 0;
        if (bit === 0) break;
        seps |= bit;
      } else if (gap === 2) {
        // The unit at the end of the last run and the one before the next.
        const a = (around[j - 1] as number) & 0xffff;
        const b = (around[j] as number) >>> 16;
        if ((a === 41 && b === 32) || (a === 32 && b === 40)) seps |= 33;
        else break;
      } else break;
      digits += (runs[j + 1] as number) - next;
      groups++;
      end = runs[j + 1] as number;
    }
    if (digits >= minDigits) tokens.push4(start, end, digits, (groups << 8) | seps);
    k = j;
  }
}

/** A growable buffer of (id, position) pairs, reused across scans to avoid allocation. */
export class HitBuffer {
  data = new Int32Array(1024);
  length = 0;

  push(id: number, position: number): void {
    if (this.length + 2 > this.data.length) this.grow();
    this.data[this.length++] = id;
    this.data[this.length++] = position;
  }

  /** Appends every value of `values`. */
  pushAll(values: Int32Array): void {
    while (this.length + values.length > this.data.length) this.grow();
    this.data.set(values, this.length);
    this.length += values.length;
  }

  pushOne(value: number): void {
    if (this.length + 1 > this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.data.length) this.grow();
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
    this.data[this.length++] = d;
  }

  /** Makes room for `count` more values, so that they may be written to `data` directly. */
  reserve(count: number): void {
    while (this.length + count > this.data.length) this.grow();
  }

  private grow(): void {
    const grown = new Int32Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }

  clear(): void {
    this.length = 0;
  }
}
