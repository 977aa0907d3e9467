import { describe, expect, it } from 'vitest';
import { sortByStartThenEnd } from '../../src/dlp/overlap.js';
import type { DlpFinding } from '../../src/dlp/types.js';
import { rng } from './seeded-random.js';

describe('sortByStartThenEnd', () => {
  it('orders as the stable sort by start, then end, does, on lists made of ascending runs and on shuffled ones', () => {
    const next = rng(3131);
    for (let round = 0; round < 500; round++) {
      const list: DlpFinding[] = [];
      // Runs like the engine's (one per detector, each mostly in order), or plain random order.
      const runs = 1 + Math.floor(next() * 12);
      const shuffled = next() < 0.2;
      for (let r = 0; r < runs; r++) {
        let start = Math.floor(next() * 50);
        for (let k = Math.floor(next() * 30); k > 0; k--) {
          start = shuffled ? Math.floor(next() * 200) : start + Math.floor(next() * 3);
          const end = start + Math.floor(next() * 4);
          // The detector name carries the original index, so that stability shows.
          list.push({ detector: `d${list.length}`, start, end } as unknown as DlpFinding);
        }
      }
      const expected = [...list].sort((a, b) => a.start - b.start || a.end - b.end).map((f) => f.detector);
      sortByStartThenEnd(list);
      expect(list.map((f) => f.detector)).toEqual(expected);
    }
  });
});

describe('sortByStartThenEnd on hostile input', () => {
  it('sorts a list that is one long descending sequence (as many runs as findings)', () => {
    const n = 300_000;
    const list = Array.from({ length: n }, (_, i) => ({ detector: `d${i}`, start: n - i, end: n - i + 1 }) as unknown as DlpFinding);
    sortByStartThenEnd(list);
    expect(list.every((f, i) => i === 0 || (list[i - 1] as DlpFinding).start < f.start)).toBe(true);
    expect(list[0]?.start).toBe(1);
  });
});
