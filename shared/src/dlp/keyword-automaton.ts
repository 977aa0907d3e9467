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
export class KeywordAutomaton {
  /** Keywords in the order given; hit ids index into this array. */
  readonly keywords: readonly string[];
  /** Alphabet class of every UTF-16 code unit; 0 for characters in no keyword. */
  private readonly classes: Uint16Array;
  /** The class in the low bits and the numeric kind (NUMBER_KINDS) above: one lookup per character. */
  private readonly merged: Uint32Array;
  private readonly alphabet: number;
  /**
   * Transitions, row-major: `delta[rowOffset + class]` is the next state's row offset, or its
   * bitwise complement when that state reports keywords (so one comparison detects a hit).
   */
  private readonly delta: Int32Array;
  /** Keyword ids reported by the state at row offset r: outputs[outStart[r/A] .. outStart[r/A+1]). */
  private readonly outStart: Int32Array;
  private readonly outputs: Int32Array;

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
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

    const delta = new Int32Array(states * A);
    for (let i = 0; i < delta.length; i++) {
      const target = next[i] ?? 0;
      const offset = target * A;
      delta[i] = (out[target]?.length ?? 0) > 0 ? ~offset : offset;
    }
    const outStart = new Int32Array(states + 1);
    const flat: number[] = [];
    for (let s = 0; s < states; s++) {
      outStart[s] = flat.length;
      flat.push(...(out[s] ?? []));
    }
    outStart[states] = flat.length;

    this.classes = classes;
    const merged = new Uint32Array(65536);
    for (let c = 0; c < 65536; c++) merged[c] = (classes[c] ?? 0) | ((NUMBER_KINDS[c] ?? 0) << KIND_SHIFT);
    this.merged = merged;
    this.alphabet = A;
    this.delta = delta;
    this.outStart = outStart;
    this.outputs = Int32Array.from(flat);
  }

  /**
   * The engine's single pass: keyword hits as (keyword id, end offset) pairs into `hits`, and, in
   * the same loop, numeric tokens (digit groups joined by one separator among space - . / : or a
   * phone-style parenthesis) as (start, end, digits, groups << 8 | separator bits) quadruples into
   * `tokens`, for tokens of at least `minDigits` digits. One character read serves both.
   */
  scanWithNumbers(text: string, from: number, to: number, hits: HitBuffer, tokens: HitBuffer, minDigits: number): void {
    const { merged, delta, alphabet, outStart, outputs } = this;
    let state = 0;
    // Numeric token state: start, digits, groups, separator bits, separator characters pending.
    let tStart = -1;
    let tDigits = 0;
    let tGroups = 0;
    let tSeps = 0;
    let lastDigitEnd = -1;
    let pending = 0;
    let pendingBits = 0;
    let pendingCode = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      const entry = merged[c] as number;
      let r = delta[state + (entry & CLASS_MASK)] as number;
      if (r < 0) {
        r = ~r;
        const s = r / alphabet;
        const endOut = outStart[s + 1] as number;
        for (let k = outStart[s] as number; k < endOut; k++) hits.push(outputs[k] as number, i + 1);
      }
      state = r;
      const kind = entry >>> KIND_SHIFT;
      if (kind === 0) {
        // Neither digit nor separator: the common case, one comparison when no token is open.
        if (tStart >= 0) {
          if (tDigits >= minDigits) tokens.push4(tStart, lastDigitEnd, tDigits, (tGroups << 8) | tSeps);
          tStart = -1;
        }
      } else if (kind === DIGIT) {
        if (tStart < 0) {
          tStart = i;
          tDigits = 1;
          tGroups = 1;
          tSeps = 0;
        } else if (pending === 0) {
          tDigits++;
        } else if (pending === 1 || pendingCode === 0x2920 || pendingCode === 0x2028) {
          // One separator, or ") " / " (": the token goes on with a new group.
          tDigits++;
          tGroups++;
          tSeps |= pendingBits;
        } else {
          if (tDigits >= minDigits) tokens.push4(tStart, lastDigitEnd, tDigits, (tGroups << 8) | tSeps);
          tStart = i;
          tDigits = 1;
          tGroups = 1;
          tSeps = 0;
        }
        lastDigitEnd = i + 1;
        pending = 0;
        pendingBits = 0;
        pendingCode = 0;
      } else if (tStart >= 0) {
        // A separator (its bit is the kind's high bits).
        if (pending >= 2) {
          if (tDigits >= minDigits) tokens.push4(tStart, lastDigitEnd, tDigits, (tGroups << 8) | tSeps);
          tStart = -1;
          pending = 0;
        } else {
          pending++;
          pendingBits |= kind >> 1;
          pendingCode = (pendingCode << 8) | (c & 0xff);
        }
      }
    }
    if (tStart >= 0 && tDigits >= minDigits) tokens.push4(tStart, lastDigitEnd, tDigits, (tGroups << 8) | tSeps);
  }

  /**
   * Scans `text[from, to)` and appends every hit to `hits` as pairs (keyword id, end offset).
   * Returns the number of pairs appended.
   */
  scan(text: string, from: number, to: number, hits: HitBuffer): number {
    const { classes, delta, alphabet, outStart, outputs } = this;
    let state = 0;
    let count = 0;
    for (let i = from; i < to; i++) {
      let r = delta[state + (classes[text.charCodeAt(i)] ?? 0)] ?? 0;
      if (r < 0) {
        r = ~r;
        const s = r / alphabet;
        const endOut = outStart[s + 1] ?? 0;
        for (let k = outStart[s] ?? 0; k < endOut; k++) {
          hits.push(outputs[k] ?? 0, i + 1);
          count++;
        }
      }
      state = r;
    }
    return count;
  }
}

const DIGIT = 1;
const KIND_SHIFT = 16;
const CLASS_MASK = 0xffff;
/**
 * Per character: 0 for most, DIGIT for 0-9, and for numeric separators their separator bit
 * shifted left by one (space 1, - 2, . 4, / 8, : 16, parentheses 32).
 */
const NUMBER_KINDS = (() => {
  const kinds = new Uint8Array(65536);
  for (let c = 48; c <= 57; c++) kinds[c] = DIGIT;
  const bits: [string, number][] = [[' ', 1], ['-', 2], ['.', 4], ['/', 8], [':', 16], ['(', 32], [')', 32]];
  for (const [ch, bit] of bits) kinds[ch.charCodeAt(0)] = bit << 1;
  return kinds;
})();

/** A growable buffer of (id, position) pairs, reused across scans to avoid allocation. */
export class HitBuffer {
  data = new Int32Array(1024);
  length = 0;

  push(id: number, position: number): void {
    if (this.length + 2 > this.data.length) this.grow();
    this.data[this.length++] = id;
    this.data[this.length++] = position;
  }

  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.data.length) this.grow();
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
    this.data[this.length++] = d;
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
