/**
 * A scan's text as a Uint16Array of its UTF-16 code units. Reading a typed array in a hot loop
 * costs V8 about half of what `charCodeAt` does (no string-representation checks per read), and on
 * Node the copy is one native call (`Buffer#write` in UTF-16LE: about 0.05 ms per MB), so passes
 * that read every character (source-code line judging) read this copy instead of the string.
 *
 * `shared` does not depend on Node: where no `Buffer` exists (a browser), or on a big-endian
 * machine, the copy is made with a loop. The copy holds pasted text, so the engine wipes it after
 * each scan.
 */

interface NodeBufferLike {
  write(text: string, offset: number, encoding: 'utf16le'): number;
}
interface NodeBufferClass {
  from(buffer: ArrayBuffer): NodeBufferLike;
}

const nodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;
const littleEndian = new Uint16Array(Uint8Array.from([1, 0]).buffer)[0] === 1;
const nativeCopy = nodeBuffer !== undefined && littleEndian;

export class CodeUnits {
  private units = new Uint16Array(0);
  private bytes: NodeBufferLike | undefined;
  /** Code units loaded by the last `load`, still to be wiped. */
  private used = 0;

  /** The code units of `text`, as a view of a buffer reused (and grown) from scan to scan. */
  load(text: string): Uint16Array {
    const n = text.length;
    if (this.units.length < n) {
      this.units = new Uint16Array(Math.max(n, this.units.length * 2, 1024));
      this.bytes = nativeCopy ? nodeBuffer?.from(this.units.buffer as ArrayBuffer) : undefined;
    }
    const units = this.units;
    if (this.bytes) this.bytes.write(text, 0, 'utf16le');
    else for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
    this.used = Math.max(this.used, n);
    return units.subarray(0, n);
  }

  /** Overwrites what was loaded with zeros. */
  wipe(): void {
    if (this.used > 0) this.units.fill(0, 0, this.used);
    this.used = 0;
  }
}

/** Copies for finders called without an engine (tests, direct calls); finders run one at a time. */
const fallback = new CodeUnits();

/**
 * Runs `read` on the code units of `text`: the scan's copy when the engine provides one (see
 * `ScanState.units`), else a copy made for this call and wiped after it.
 */
export function withUnits<T>(text: string, state: { units?(): Uint16Array | undefined } | undefined, read: (units: Uint16Array) => T): T {
  const shared = state?.units?.();
  if (shared) return read(shared);
  try {
    return read(fallback.load(text));
  } finally {
    fallback.wipe();
  }
}
