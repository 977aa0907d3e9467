import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS, createDlpEngine } from '../../src/index.js';
import { rng } from './seeded-random.js';

/** Finders written by hand must find exactly what their detector's pattern finds over the whole text. */
function patternSpans(pattern: RegExp, text: string): [number, number][] {
  const global = new RegExp(pattern.source, `${pattern.flags.replace(/[gyd]/g, '')}dg`);
  return [...text.matchAll(global)].map((m) => (m.indices?.[1] ?? m.indices?.[0] ?? [0, 0]) as [number, number]);
}

function randomText(next: () => number, pieces: readonly string[], length: number): string {
  let text = '';
  while (text.length < length) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

describe('hand-written finders agree with their patterns', () => {
  it('ipv4-address', () => {
    const detector = BUILTIN_DETECTORS.find((d) => d.id === 'ipv4-address');
    const next = rng(4242);
    const pieces = ['1', '2', '5', '0', '9', '25', '255', '256', '10', '00', '199', '.', '.', '.', ' ', 'a', '_', '-', ':', '\n', 'é'];
    for (let round = 0; round < 2000; round++) {
      const text = randomText(next, pieces, 40);
      const found = (detector?.find?.(text, 0, text.length) ?? []).map((m) => [m.start, m.end]);
      expect({ text, found }).toEqual({ text, found: patternSpans(detector?.pattern as RegExp, text) });
    }
  });
});

describe('e-mail addresses at test domains', () => {
  it('lower confidence exactly where the RFC 2606 names end the domain', () => {
    const rule = /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;
    const email = createDlpEngine({ builtins: { include: ['email-address'] } });
    const next = rng(2606);
    const labels = ['example', 'EXAMPLE', 'test', 'Test', 'invalid', 'localhost', 'com', 'org', 'net', 'io', 'exam', 'xtest', 'test-x', 'mail', 'a'];
    for (let round = 0; round < 500; round++) {
      const parts = Array.from({ length: 2 + Math.floor(next() * 3) }, () => labels[Math.floor(next() * labels.length)]);
      const address = `jane.doe@${parts.join('.')}`;
      const text = `write to ${address} today`;
      const [finding] = email.scan(text).findings;
      if (!finding) continue; // not an address (a top-level label the pattern refuses)
      const value = text.slice(finding.start, finding.end);
      expect({ value, test: finding.signals.includes('test-value') }).toEqual({ value, test: rule.test(value) });
    }
  });
});
