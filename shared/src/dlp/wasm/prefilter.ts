import { FINE_KIND, PAIR_COUNTS, TRI_MARKS } from '../source-lines.js';
import { PREFILTER_WASM_BASE64 } from './prefilter-module.js';

/**
 * The prefilter loop (keyword automaton steps and digit runs) run as WebAssembly: the same table
 * lookups as the JavaScript loop in keyword-automaton.ts, without V8's per-character string checks
 * and with the loop's state in machine registers; about 40 % less time per character on this
 * project's benchmark. The text is copied into the module's memory as UTF-16 code units (one
 * native `Buffer#write` on Node), where it also serves as the scan's `ScanState.units`.
 *
 * Where WebAssembly is missing, `createWasmPrefilter` returns undefined and the JavaScript loop
 * runs; a test keeps the two in agreement.
 */

/**
 * The parts of the WebAssembly API used here. `shared` compiles without DOM or Node types, so they
 * are declared locally and the API is read from `globalThis`.
 */
interface WasmGlobal {
  value: number;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
const decodeBase64 = (globalThis as { atob?: (text: string) => string }).atob;

interface PrefilterExports {
  readonly memory: WasmMemory;
  readonly state: WasmGlobal;
  readonly runCount: WasmGlobal;
  readonly inDigit: WasmGlobal;
  readonly hitCount: WasmGlobal;
  readonly prevUnit: WasmGlobal;
  readonly lineCount: WasmGlobal;
  readonly macCount: WasmGlobal;
  macs(text: number, from: number, to: number, out: number, cap: number): number;
  runCandidates(runs: number, around: number, count: number, merged: number, out: number): number;
  readonly tokenCount: WasmGlobal;
  tokens(runs: number, around: number, k: number, count: number, sepBits: number, minDigits: number, out: number, cap: number): number;
  lines(text: number, from: number, to: number, fine: number, pair: number, tri: number, out: number, cap: number): number;
  scan(
    text: number, from: number, to: number, merged: number, delta: number, rowBytes: number,
    outStart: number, outputs: number, hits: number, hitCap: number, runs: number, around: number, info: number,
  ): number;
}

interface NodeBufferLike {
  write(text: string, offset: number, encoding: 'utf16le'): number;
}
const nodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBuffer): NodeBufferLike } }).Buffer;
const littleEndian = new Uint16Array(Uint8Array.from([1, 0]).buffer)[0] === 1;

/** Hit values (keyword id, end) the module writes before handing them over. */
const HIT_CAPACITY = 16 * 1024;
/** Lines the module describes before handing them over; eight values each (see `lines`). */
const LINE_CAPACITY = 4096;
export const LINE_RECORD = 8;
const PAGE = 65536;

let compiled: object | null | undefined;

/** The compiled module (once per process; about 1 KB, so compiling synchronously is allowed everywhere). */
function prefilterModule(): object | undefined {
  if (compiled === undefined) {
    try {
      if (!wasmApi || !decodeBase64) throw new Error('no WebAssembly');
      const bytes = Uint8Array.from(decodeBase64(PREFILTER_WASM_BASE64), (c) => c.charCodeAt(0));
      compiled = new wasmApi.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

const align = (offset: number): number => (offset + 7) & ~7;

export interface AutomatonTables {
  readonly merged: Uint32Array;
  readonly delta: Int32Array;
  readonly alphabet: number;
  readonly outStart: Int32Array;
  readonly outputs: Int32Array;
  readonly keywordInfo: Int32Array;
  /** Per ASCII unit, the bit it adds to a numeric token's separators when it joins two runs (0: none). */
  readonly separatorBits: Uint8Array;
}

export class WasmPrefilter {
  private readonly exports: PrefilterExports;
  private readonly mergedAt: number;
  private readonly deltaAt: number;
  private readonly outStartAt: number;
  private readonly outputsAt: number;
  private readonly infoAt: number;
  private readonly hitsAt: number;
  private readonly fineAt: number;
  private readonly pairAt: number;
  private readonly triAt: number;
  private readonly linesAt: number;
  private readonly separatorsAt: number;
  /** Where the text starts; the digit runs follow it, then the units around their ends, then the runs listed by `runCandidates`. */
  private readonly textAt: number;
  private runsAt = 0;
  private aroundAt = 0;
  private candidatesAt = 0;
  private bytes: NodeBufferLike | undefined;
  /** Code units of the text of the last scan (wiped by `wipe`). */
  private loaded = 0;
  private runCount = 0;
  /** Entries of the last `runCandidates` (wiped by `wipe`), or -1 when not listed since the last `run`. */
  private candidateCount = -1;

  constructor(
    api: WasmApi,
    module: object,
    private readonly tables: AutomatonTables,
  ) {
    this.exports = new api.Instance(module, {}).exports as PrefilterExports;
    this.mergedAt = 0;
    this.deltaAt = align(this.mergedAt + tables.merged.byteLength);
    this.outStartAt = align(this.deltaAt + tables.delta.byteLength);
    this.outputsAt = align(this.outStartAt + tables.outStart.byteLength);
    this.infoAt = align(this.outputsAt + tables.outputs.byteLength);
    this.hitsAt = align(this.infoAt + tables.keywordInfo.byteLength);
    this.fineAt = align(this.hitsAt + HIT_CAPACITY * 4);
    this.pairAt = align(this.fineAt + FINE_KIND.byteLength);
    this.triAt = align(this.pairAt + PAIR_COUNTS.byteLength);
    this.linesAt = align(this.triAt + TRI_MARKS.byteLength);
    this.separatorsAt = align(this.linesAt + LINE_CAPACITY * LINE_RECORD * 4);
    this.textAt = align(this.separatorsAt + tables.separatorBits.byteLength);
    this.reserve(0);
    const buffer = this.exports.memory.buffer;
    // The loop adds the class to the state's row address: classes are scaled to bytes here, and
    // row offsets (complemented for states with keywords) become addresses.
    const merged = new Uint32Array(buffer, this.mergedAt, tables.merged.length);
    for (let u = 0; u < merged.length; u++) {
      const entry = tables.merged[u] as number;
      merged[u] = (entry & ~0xffff) | ((entry & 0xffff) << 2);
    }
    const delta = new Int32Array(buffer, this.deltaAt, tables.delta.length);
    for (let k = 0; k < delta.length; k++) {
      const v = tables.delta[k] as number;
      delta[k] = v >= 0 ? this.deltaAt + v * 4 : ~(this.deltaAt + ~v * 4);
    }
    new Int32Array(buffer, this.outStartAt, tables.outStart.length).set(tables.outStart);
    new Int32Array(buffer, this.outputsAt, tables.outputs.length).set(tables.outputs);
    new Int32Array(buffer, this.infoAt, tables.keywordInfo.length).set(tables.keywordInfo);
    new Uint8Array(buffer, this.fineAt, FINE_KIND.length).set(FINE_KIND);
    new Int32Array(buffer, this.pairAt, PAIR_COUNTS.length).set(PAIR_COUNTS);
    new Uint16Array(buffer, this.triAt, TRI_MARKS.length).set(TRI_MARKS);
    new Uint8Array(buffer, this.separatorsAt, tables.separatorBits.length).set(tables.separatorBits);
  }

  /**
   * Grows memory for a text of `n` units, its digit runs (at most one per unit, and one more) and
   * the units around them. Pages are only touched as far as the runs found, so a text with few
   * digits keeps most of it unused.
   */
  private reserve(n: number): void {
    this.runsAt = align(this.textAt + n * 2);
    this.aroundAt = this.runsAt + (n + 2) * 4;
    // One candidate at most per run, two values of `runs` each.
    this.candidatesAt = this.aroundAt + (n + 2) * 4;
    // Room past the end for the MAC candidate loop's look-ahead (fourteen units and a vector).
    const need = this.candidatesAt + ((n >> 1) + 2) * 4 + 64;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < need) {
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
      this.bytes = undefined;
    }
    if (!this.bytes && nodeBuffer && littleEndian) this.bytes = nodeBuffer.from(memory.buffer);
  }

  /**
   * Copies `text` in, steps over all of it, hands the keyword hits to `pushHits` in the order the
   * JavaScript loop finds them, and leaves the digit runs for `runs()`. False, with nothing done,
   * when the module's memory cannot grow to the text (the caller then runs the JavaScript loop).
   */
  run(text: string, pushHits: (values: Int32Array) => void): boolean {
    const n = text.length;
    try {
      this.reserve(n);
    } catch {
      return false;
    }
    const memory = this.exports.memory;
    if (this.bytes) this.bytes.write(text, this.textAt, 'utf16le');
    else {
      const units = new Uint16Array(memory.buffer, this.textAt, n);
      for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
    }
    this.loaded = Math.max(this.loaded, n);
    const { tables, exports: x } = this;
    x.state.value = this.deltaAt; // the root's row
    x.runCount.value = 0;
    x.inDigit.value = 0;
    x.prevUnit.value = 0;
    // The module stops when its hit area is full; each round hands the hits over and resumes.
    // (A position's own hits always fit: see createWasmPrefilter.)
    let at = 0;
    do {
      x.hitCount.value = 0;
      at = x.scan(this.textAt, at, n, this.mergedAt, this.deltaAt, tables.alphabet * 4, this.outStartAt, this.outputsAt, this.hitsAt, HIT_CAPACITY, this.runsAt, this.aroundAt, this.infoAt);
      const count = x.hitCount.value;
      if (count > 0) pushHits(new Int32Array(memory.buffer, this.hitsAt, count));
    } while (at < n);
    let runCount = x.runCount.value;
    // A run still open at the end ends with the text, after its last digit and before nothing (0).
    if (x.inDigit.value) {
      new Int32Array(memory.buffer, this.aroundAt, runCount + 1)[runCount] = x.prevUnit.value << 16;
      new Int32Array(memory.buffer, this.runsAt, runCount + 1)[runCount++] = n;
    }
    this.runCount = runCount;
    this.candidateCount = -1;
    return true;
  }

  /**
   * The numeric tokens of the last `run`'s digit runs with at least `minDigits` digits, as
   * `numericTokens` in keyword-automaton.ts makes them (start, end, digits, groups << 8 |
   * separators), handed to `each` in rounds through the line area.
   */
  tokens(minDigits: number, each: (values: Int32Array) => void): void {
    const x = this.exports;
    const cap = LINE_CAPACITY * LINE_RECORD;
    let k = 0;
    while (k < this.runCount) {
      k = x.tokens(this.runsAt, this.aroundAt, k, this.runCount, this.separatorsAt, minDigits, this.linesAt, cap);
      const count = x.tokenCount.value;
      if (count > 0) each(new Int32Array(x.memory.buffer, this.linesAt, count));
    }
  }

  /**
   * The digit runs of the last `run` that the Bitcoin and upper-case-id finders look at, as
   * k << 3 | bits (k: the index of the run's start in `runs()`; bits: see `runCandidates` in
   * prefilter.wat), listed once per `run`.
   */
  runCandidates(): Int32Array {
    if (this.candidateCount < 0) {
      this.candidateCount = this.exports.runCandidates(this.runsAt, this.aroundAt, this.runCount, this.mergedAt, this.candidatesAt);
    }
    return new Int32Array(this.exports.memory.buffer, this.candidatesAt, this.candidateCount);
  }

  /** Starts and ends of the digit runs of the last `run`, as the JavaScript loop records them. */
  runs(): Int32Array {
    return new Int32Array(this.exports.memory.buffer, this.runsAt, this.runCount);
  }

  /** Beside each value of `runs()`, the unit before that offset (high 16 bits) and the unit at it (low 16; 0 past the end). */
  around(): Int32Array {
    return new Int32Array(this.exports.memory.buffer, this.aroundAt, this.runCount);
  }

  /**
   * The lines of the last `run`'s text in [from, to), as source-lines.ts judges them, handed over in
   * rounds of up to 4,096: per line its start, end, first and last non-blank units, the end of what
   * is read, the packed counts and marks, and a flag (1 blank, 2 prose by its first 48 units).
   */
  lines(from: number, to: number, each: (records: Int32Array, count: number) => void): void {
    const x = this.exports;
    let at = from;
    while (at < to) {
      at = x.lines(this.textAt, at, to, this.fineAt, this.pairAt, this.triAt, this.linesAt, LINE_CAPACITY);
      const count = x.lineCount.value;
      each(new Int32Array(x.memory.buffer, this.linesAt, count * LINE_RECORD), count);
    }
  }

  /**
   * Where MAC addresses may have their first separator in [from, to) of the last `run`'s text, in
   * increasing order, handed over in rounds through the line area: a `:` or `-` repeated three
   * and six units on, or a `.` repeated five on. Candidates only: the caller checks each.
   */
  macSeparators(from: number, to: number, each: (positions: Int32Array, count: number) => void): void {
    const x = this.exports;
    const cap = LINE_CAPACITY * LINE_RECORD;
    let at = from;
    while (at < to) {
      at = x.macs(this.textAt, at, to, this.linesAt, cap);
      const count = x.macCount.value;
      if (count > 0) each(new Int32Array(x.memory.buffer, this.linesAt, count), count);
    }
  }

  /** The code units of the last `run`'s text. */
  units(n: number): Uint16Array {
    return new Uint16Array(this.exports.memory.buffer, this.textAt, n);
  }

  /** Overwrites the copied text, and the units recorded around digit runs, with zeros. */
  wipe(): void {
    if (this.loaded > 0) new Uint16Array(this.exports.memory.buffer, this.textAt, this.loaded).fill(0);
    if (this.runCount > 0) new Int32Array(this.exports.memory.buffer, this.aroundAt, this.runCount).fill(0);
    if (this.candidateCount > 0) new Int32Array(this.exports.memory.buffer, this.candidatesAt, this.candidateCount).fill(0);
    this.candidateCount = -1;
    this.loaded = 0;
  }
}

/** A WebAssembly prefilter over these tables, or undefined where WebAssembly cannot run. */
export function createWasmPrefilter(tables: AutomatonTables): WasmPrefilter | undefined {
  const module = prefilterModule();
  if (!module || !wasmApi) return undefined;
  // The most keywords one position can report must fit the hit area, or a scan could not advance.
  let most = 0;
  for (let s = 0; s + 1 < tables.outStart.length; s++) most = Math.max(most, (tables.outStart[s + 1] as number) - (tables.outStart[s] as number));
  if (2 * most > HIT_CAPACITY) return undefined;
  // Classes scaled to bytes must stay in the low 16 bits of their `merged` entries.
  if (tables.alphabet * 4 > 0xffff) return undefined;
  try {
    return new WasmPrefilter(wasmApi, module, tables);
  } catch {
    return undefined;
  }
}
