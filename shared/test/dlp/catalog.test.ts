import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS, createDlpEngine, DATA_CATEGORIES } from '../../src/index.js';

const engine = createDlpEngine();

/**
 * True when every quantifier in a regular expression source is bounded: no `*`, no `+`, no
 * `{n,}` outside character classes. Built-in patterns must be (ADR 0101).
 */
export function unboundedQuantifiers(source: string): string[] {
  const found: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '*' || ch === '+') found.push(`${ch} at ${i}`);
    else if (ch === '{') {
      const m = /^\{\d+,\}/.exec(source.slice(i));
      if (m) found.push(`${m[0]} at ${i}`);
    }
  }
  return found;
}

describe('built-in catalog', () => {
  it('has stable, unique kebab-case ids and known categories', () => {
    const ids = new Set<string>();
    for (const d of BUILTIN_DETECTORS) {
      expect(d.id, d.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(ids.has(d.id), `duplicate ${d.id}`).toBe(false);
      ids.add(d.id);
      expect(DATA_CATEGORIES).toContain(d.category);
      expect(d.description.length, d.id).toBeGreaterThan(10);
      expect(d.confidence).toBeGreaterThan(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('covers at least 150 credential types', () => {
    expect(BUILTIN_DETECTORS.filter((d) => d.category === 'credential').length).toBeGreaterThanOrEqual(150);
  });

  it('uses only bounded quantifiers in built-in patterns', () => {
    for (const d of BUILTIN_DETECTORS) {
      if (d.pattern) expect(unboundedQuantifiers(d.pattern.source), d.id).toEqual([]);
    }
  });

  it('carries its own true and false positives', () => {
    for (const d of BUILTIN_DETECTORS) {
      expect(d.samples.positive.length, d.id).toBeGreaterThan(0);
      expect(d.samples.negative.length, d.id).toBeGreaterThan(0);
    }
  });

  describe.each(BUILTIN_DETECTORS.map((d) => [d.id, d] as const))('%s', (_id, d) => {
    it.each(d.samples.positive.map((s) => [s]))('finds %j', (sample) => {
      const ids = engine.scan(sample, { overlaps: 'all' }).findings.map((f) => f.detector);
      expect(ids).toContain(d.id);
    });
    it.each(d.samples.negative.map((s) => [s]))('ignores %j', (sample) => {
      const ids = engine.scan(sample, { overlaps: 'all' }).findings.map((f) => f.detector);
      expect(ids).not.toContain(d.id);
    });
  });
});
