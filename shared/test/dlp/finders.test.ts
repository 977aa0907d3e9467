import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS, createDlpEngine } from '../../src/index.js';
import { markerFinder, regexFinder } from '../../src/dlp/runtime.js';
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

describe('40-character base64 runs near AWS key ids', () => {
  it('are found as the pattern finds them in the same window', () => {
    const detector = BUILTIN_DETECTORS.find((d) => d.id === 'aws-credential-pair');
    const viaPattern = regexFinder(detector?.pattern as RegExp, 1);
    const next = rng(4040);
    const run = (n: number): string => Array.from({ length: n }, () => 'Ab9/+z'[Math.floor(next() * 6)]).join('');
    const pieces = [run(40), run(40), run(39), run(41), run(80), '=', '==', ' ', ' ', ' ', '\n', '"', ':', 'é', 'AKIA'];
    let found = 0;
    for (let round = 0; round < 3000; round++) {
      const text = randomText(next, pieces, 200);
      const from = Math.floor(next() * text.length * 0.5);
      const to = from + Math.floor(next() * (text.length - from + 1));
      const want = viaPattern(text, from, to).map((m) => [m.start, m.end]);
      found += want.length;
      expect({ text, from, to, found: (detector?.find?.(text, from, to) ?? []).map((m) => [m.start, m.end]) }).toEqual({ text, from, to, found: want });
    }
    expect(found).toBeGreaterThan(200);
  });
});

describe('URLs with a password', () => {
  it('are found as without the check that an @ can follow, which only saves trying the pattern', () => {
    const next = rng(3986);
    const pick = (options: readonly string[]): string => options[Math.floor(next() * options.length)] as string;
    const maybe = (piece: string): string => (next() < 0.8 ? piece : '');
    // URLs with and without user information, now and then broken by a character neither part may hold.
    const url = (): string =>
      pick(['https', 'postgres', 'redis', 'ftp', 'x']) + '://' + maybe(pick(['user', 'app', 'a[b]'])) + maybe(':') +
      maybe(pick(['pa55', 's3:cr', 'p[w]', 'pa/ss', 'p ss', 'p?s', 'p\u00a0s'])) + maybe('@') + pick(['host', 'db.io', '[::1]']) + maybe(pick(['/path', ':5432', '?q', '#f']));
    const noise = [' ', '\t', '"', 'x', '@', ':', '/', 'é'];
    let found = 0;
    for (const id of ['url-password', 'database-url-password']) {
      const detector = BUILTIN_DETECTORS.find((d) => d.id === id);
      const unchecked = markerFinder('://', (c) => /[A-Za-z0-9+.-]/.test(String.fromCharCode(c)), 31, detector?.pattern as RegExp, 1);
      for (let round = 0; round < 3000; round++) {
        let text = '';
        for (let k = 0; k < 1 + Math.floor(next() * 4); k++) text += next() < 0.6 ? url() : pick(noise);
        const want = unchecked(text, 0, text.length).map((m) => [m.start, m.end]);
        found += want.length;
        expect({ text, found: (detector?.find?.(text, 0, text.length) ?? []).map((m) => [m.start, m.end]) }).toEqual({ text, found: want });
      }
    }
    expect(found).toBeGreaterThan(100);
  });
});

describe('finders anchored on a marker (e-mail, URL passwords)', () => {
  it('find what the pattern finds, and no match that starts inside the one before it', () => {
    const next = rng(5151);
    const pick = (options: readonly string[]): string => options[Math.floor(next() * options.length)] as string;
    // Addresses and URLs written back to back, so that a host runs straight into the next local part or scheme.
    const pieces = ['bob@', 'x.y@', 'db.io', 'mail.com', 'ftp://u:pw1234@', 'postgres://app:s3cret99@', 'https://', 'redis://', ':', 'pw1234', '@', '.', 'org', '-', ' ', '/', '\n'];
    let found = 0;
    for (const id of ['email-address', 'url-password', 'database-url-password']) {
      const detector = BUILTIN_DETECTORS.find((d) => d.id === id);
      for (let round = 0; round < 4000; round++) {
        let text = '';
        for (let k = 0; k < 3 + Math.floor(next() * 10); k++) text += pick(pieces);
        const want = patternSpans(detector?.pattern as RegExp, text);
        found += want.length;
        expect({ text, found: (detector?.find?.(text, 0, text.length) ?? []).map((m) => [m.start, m.end]) }).toEqual({ text, found: want });
      }
    }
    expect(found).toBeGreaterThan(500);
  });

  it('e-mail: agrees with the pattern on random address-like text (long labels, xn-- names, up to ten labels)', () => {
    const next = rng(5322);
    const detector = BUILTIN_DETECTORS.find((d) => d.id === 'email-address');
    const pieces = ['a', 'Zq', '9', '0x', '-', '.', '..', '@', '@@', 'xn--', 'xn--p1ai', 'XN--', 'com', 'io', 'c', 'museum', '_', '%', '+', 'é', ' ', '\n', ':', '/', 'x'.repeat(24), 'y'.repeat(25), 'l'.repeat(63), 'm'.repeat(64), 'b'.repeat(65)];
    let found = 0;
    const pick = (options: readonly string[]): string => options[Math.floor(next() * options.length)] as string;
    const labels = ['mail', 'a', 'b-c', '-b', 'b-', '9x', 'l'.repeat(63), 'm'.repeat(64), 'xn--d1acj3b', ''];
    const tops = ['com', 'io', 'c', 'x'.repeat(24), 'y'.repeat(25), 'c0m', 'xn--p1ai', 'XN--P1AI', 'xn--', 'museum'];
    for (let round = 0; round < 20_000; round++) {
      let text = '';
      for (let k = 0; k < Math.floor(next() * 4); k++) text += pick(pieces);
      // Half the rounds hold an address-shaped run: a local part, @, up to ten labels and a top-level label.
      if (round % 2 === 0) {
        text += `${pick(['jane.doe', 'a', 'x+y', '', 'l'.repeat(64), 'm'.repeat(65)])}@`;
        for (let k = Math.floor(next() * 11); k > 0; k--) text += `${pick(labels)}.`;
        text += pick(tops);
      }
      for (let k = 0; k < Math.floor(next() * 4); k++) text += pick(pieces);
      const want = patternSpans(detector?.pattern as RegExp, text);
      found += want.length;
      expect({ text, found: (detector?.find?.(text, 0, text.length) ?? []).map((m) => [m.start, m.end]) }).toEqual({ text, found: want });
    }
    expect(found).toBeGreaterThan(800);
  });

  it('do not report a URL whose scheme is the end of the previous URL\'s host', () => {
    const text = 'ftp://u:pw1234567@db.iox://u:pw2345678@host';
    const detector = BUILTIN_DETECTORS.find((d) => d.id === 'url-password');
    expect((detector?.find?.(text, 0, text.length) ?? []).map((m) => text.slice(m.start, m.end))).toEqual(['pw1234567']);
  });
});

describe('MAC addresses from the compiled candidate loop', () => {
  const detector = BUILTIN_DETECTORS.find((d) => d.id === 'mac-address');
  const engines = new Map([true, false].map((wasm) => [wasm, createDlpEngine({ builtins: { include: ['mac-address'] }, wasm, minConfidence: 0 })]));
  const spans = (wasm: boolean, text: string): [number, number][] =>
    (engines.get(wasm) as ReturnType<typeof createDlpEngine>).scan(text, { overlaps: 'all', maxFindings: 100_000 }).findings.map((f) => [f.start, f.end]);
  const expected = (text: string): [number, number][] =>
    patternSpans(detector?.pattern as RegExp, text).filter(([s, e]) => detector?.validate?.(text.slice(s, e), { text, start: s, end: e }) !== false);

  it('finds what the pattern finds, with and without WebAssembly, wherever the text ends', () => {
    const next = rng(4848);
    const hex = (): string => '0123456789abcdefABCDEF'[Math.floor(next() * 22)] as string;
    const group = (n: number): string => Array.from({ length: n }, hex).join('');
    // Addresses in the three notations, some with a unit changed, among noise that shares their characters.
    const address = (): string => {
      const form = Math.floor(next() * 3);
      const text = form === 2 ? [group(4), group(4), group(4)].join('.') : Array.from({ length: 6 }, () => group(2)).join(form === 0 ? ':' : '-');
      if (next() < 0.3) {
        const at = Math.floor(next() * text.length);
        return text.slice(0, at) + [':', '-', '.', 'g', '0', ' '][Math.floor(next() * 6)] + text.slice(at + 1);
      }
      return text;
    };
    const noise = ['3c', ':', '-', '.', ' ', '\n', 'x', '_', '9e:', 'a4-'];
    let found = 0;
    for (let round = 0; round < 1500; round++) {
      let text = '';
      const parts = 1 + Math.floor(next() * 6);
      for (let k = 0; k < parts; k++) text += next() < 0.5 ? address() : (noise[Math.floor(next() * noise.length)] as string);
      const want = expected(text);
      found += want.length;
      expect({ text, found: spans(true, text) }).toEqual({ text, found: want });
      expect({ text, found: spans(false, text) }).toEqual({ text, found: want });
    }
    expect(found).toBeGreaterThan(200);
  });

  it('hands candidates over in rounds when a text has more than fit at once', () => {
    const text = '3c:22:fb:10:a4:9e '.repeat(12_000);
    const found = spans(true, text);
    expect(found).toHaveLength(12_000);
    expect(found).toEqual(spans(false, text));
  });
});

describe('URL passwords next to e-mail addresses', () => {
  it('report the password of user:password@host as a URL password, not its password@host as an address', () => {
    const engine = createDlpEngine();
    for (const text of ['git clone git+https://developer:C4FSHpor42bkSumYEZuD@gitlab.example-corp.tech/app.git', 'https://deploy:Xq7vLm2pRt9w@git.acme-corp.io/repo']) {
      const findings = engine.scan(text).findings.map((f) => [f.detector, text.slice(f.start, f.end)]);
      expect(findings).toContainEqual(['url-password', text.slice(text.lastIndexOf(':') + 1, text.indexOf('@'))]);
      expect(findings.map(([d]) => d)).not.toContain('email-address');
    }
    // A colon before an address is not always a URL's: mailto: and "Contact:" keep theirs.
    for (const text of ['mailto:jane.doe@acme-corp.io', 'Contact:jane.doe@acme-corp.io', 'a://b/c:jane.doe@acme-corp.io']) {
      expect(engine.scan(text).findings.map((f) => f.detector)).toContain('email-address');
    }
  });
});

describe('token boundaries', () => {
  it('find prefixed tokens after a percent-escape (a URL-encoded query string) but not glued to a letter', () => {
    const engine = createDlpEngine();
    const token = 'glpat-R8x2LmQ9vT4nB7kP1wZ6';
    const found = (text: string): string[] => engine.scan(text).findings.map((f) => text.slice(f.start, f.end));
    expect(found(`GET /cb?next=https%3A%2F%2Fgit.example.com%3Ftoken%3D${token}%26x%3D1 HTTP/1.1`)).toContain(token);
    expect(found(`token=${token}`)).toContain(token);
    expect(found(`Xglpat-R8x2LmQ9vT4nB7kP1wZ6`)).toEqual([]);
    expect(found(`%3Xglpat-R8x2LmQ9vT4nB7kP1wZ6`)).toEqual([]);
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
