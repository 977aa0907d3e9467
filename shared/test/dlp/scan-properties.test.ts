import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS, createDlpEngine, type DlpFinding } from '../../src/index.js';
import { rng } from './seeded-random.js';

/**
 * Properties of whole scans over hostile text: pieces of every catalog sample, cut anywhere (so
 * values are torn and surrogate pairs split), spliced with lone surrogates, NUL bytes, look-alike
 * letters and runs of the characters detectors key on.
 */
const SAMPLES = BUILTIN_DETECTORS.flatMap((d) => [...d.samples.positive, ...d.samples.negative]);
const HOSTILE = ['\uD800', '\uDFFF', '\u0000', '\uFFFF', '\uFEFF', '😀', '\n', '\r\n', '\t', ' ', '"', "'", '@', '://', '=', ':', '-', '.', '/', '0', '1', '9', 'é', 'İ', '\u212A', 'ß', 'AKIA', 'xox', 'eyJ'];

function hostileText(next: () => number): string {
  let text = '';
  const pieces = 2 + Math.floor(next() * 14);
  for (let p = 0; p < pieces; p++) {
    if (next() < 0.55) {
      const sample = SAMPLES[Math.floor(next() * SAMPLES.length)] as string;
      const a = Math.floor(next() * sample.length * 0.3);
      const b = a + Math.floor(next() * (sample.length - a + 1));
      text += next() < 0.5 ? sample : sample.slice(a, b);
    } else {
      text += (HOSTILE[Math.floor(next() * HOSTILE.length)] as string).repeat(1 + Math.floor(next() * (next() < 0.1 ? 400 : 8)));
    }
  }
  return text;
}

function expectWellFormed(findings: readonly DlpFinding[], length: number): void {
  let lastValue: DlpFinding | undefined;
  for (const f of findings) {
    expect(Number.isInteger(f.start) && Number.isInteger(f.end)).toBe(true);
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeLessThanOrEqual(length);
    expect(f.start).toBeLessThan(f.end);
    expect(f.confidence).toBeGreaterThanOrEqual(0);
    expect(f.confidence).toBeLessThanOrEqual(1);
    if (f.region) continue;
    // Value findings come in text order and, under the overlap rule, never overlap.
    if (lastValue) expect(f.start).toBeGreaterThanOrEqual(lastValue.end);
    lastValue = f;
  }
}

describe('scans of hostile spliced text', () => {
  const compiled = createDlpEngine({ minConfidence: 0 });
  const plain = createDlpEngine({ minConfidence: 0, wasm: false });

  it('report findings inside the text, in order and disjoint, alike with and without WebAssembly and on a second scan', () => {
    const next = rng(7070);
    let total = 0;
    for (let round = 0; round < 400; round++) {
      const text = hostileText(next);
      const first = compiled.scan(text);
      expectWellFormed(first.findings, first.scannedLength);
      total += first.findings.length;
      const findings = JSON.stringify(first.findings);
      // The other loop, and the same engine again after other texts: nothing carries over between scans.
      expect({ text, findings: JSON.stringify(plain.scan(text).findings) }).toEqual({ text, findings });
      compiled.scan(hostileText(next));
      expect({ text, findings: JSON.stringify(compiled.scan(text).findings) }).toEqual({ text, findings });
    }
    expect(total).toBeGreaterThan(300);
  });

  it('redact into text whose replacements account for every changed character', () => {
    const next = rng(7171);
    for (let round = 0; round < 200; round++) {
      const text = hostileText(next);
      const { findings } = compiled.scan(text, { overlaps: 'all' });
      for (const style of ['typed', 'partial', 'hash'] as const) {
        const { text: out, replacements } = compiled.redact(text, findings, { style, salt: 'organization-salt-0001' });
        // Put the original spans back where the replacements stand: the original text comes back.
        let restored = '';
        let cursor = 0;
        for (const r of replacements) {
          expect(r.outputStart).toBeGreaterThanOrEqual(cursor);
          restored += out.slice(cursor, r.outputStart) + text.slice(r.start, r.end);
          cursor = r.outputEnd;
        }
        restored += out.slice(cursor);
        expect({ text, restored }).toEqual({ text, restored: text });
      }
    }
  });
});
