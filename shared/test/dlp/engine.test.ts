import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { comparableLength, normalizeForCompare } from '../../src/dlp/runtime.js';
import { base62Encode, crc32 } from '../../src/dlp/validators/checksums.js';
import { BUILTIN_DETECTORS, compileDefinition, createDlpEngine, DEFAULT_MAX_INPUT_CHARS, SluiceError } from '../../src/index.js';

const engine = createDlpEngine();

function ghToken(seed: string): string {
  const body = seed.repeat(30).slice(0, 30);
  return `ghp_${body}${base62Encode(crc32(body), 6)}`;
}

const TOKEN = ghToken('Zq8xPw3LmN');

describe('createDlpEngine', () => {
  it('rejects invalid options with coded errors', () => {
    expect(() => createDlpEngine({ maxInputChars: 0 })).toThrow(SluiceError);
    expect(() => createDlpEngine({ minConfidence: 2 })).toThrowError(/E_DLP_OPTIONS_INVALID|between 0 and 1/);
    try {
      createDlpEngine({ builtins: { include: ['no-such-detector'] } });
      expect.unreachable();
    } catch (e) {
      expect((e as SluiceError).code).toBe('E_DLP_OPTIONS_INVALID');
    }
  });

  it('selects built-ins by id and category', () => {
    const only = createDlpEngine({ builtins: { include: ['github-pat'] } });
    expect(only.detectors.map((d) => d.id)).toEqual(['github-pat']);
    const pii = createDlpEngine({ builtins: { categories: ['pii'] } });
    expect(pii.detectors.every((d) => d.category === 'pii')).toBe(true);
    const none = createDlpEngine({ builtins: false });
    expect(none.scan(`token ${TOKEN}`).findings).toEqual([]);
  });
});

describe('scan', () => {
  it('finds the same with its loops in JavaScript as with them in WebAssembly', () => {
    // Every catalog sample, plus code, prose and a table, in one text.
    const samples = BUILTIN_DETECTORS.flatMap((d) => [...d.samples.positive, ...d.samples.negative]);
    const code = 'function total(items) {\n  const sum = items.reduce((a, b) => a + b.price, 0);\n  if (sum > limit) throw new Error("over");\n  return sum;\n}\n';
    const table = 'id,email,ip\n1,ana.silva@acme-corp.io,10.1.2.3\n2,ben.okafor@acme-corp.io,192.168.7.20\n';
    const text = [...samples, code, 'We met on Tuesday to review the plan for the launch next month.', table].join('\n');
    const compiled = createDlpEngine().scan(text);
    const plain = createDlpEngine({ wasm: false }).scan(text);
    expect(compiled.findings.length).toBeGreaterThan(500);
    expect(JSON.stringify(plain.findings)).toBe(JSON.stringify(compiled.findings));
  });

  it('reports a finding with UTF-16 offsets, a masked preview and signals', () => {
    const text = `😀 é export GITHUB_TOKEN=${TOKEN}`;
    const [f] = engine.scan(text).findings;
    expect(f?.detector).toBe('github-pat');
    expect(text.slice(f?.start, f?.end)).toBe(TOKEN);
    expect(f?.category).toBe('credential');
    expect(f?.entity).toBe('SECRET');
    expect(f?.signals).toContain('checksum');
    expect(f?.confidence).toBeGreaterThan(0.9);
    expect(f?.preview).not.toContain(TOKEN.slice(4, 20));
    expect(f?.preview.startsWith('ghp_')).toBe(true);
  });

  it('keeps the value out of what a finding shows: JSON, keys and inspection carry the masked preview only', () => {
    const [f] = engine.scan(`export GITHUB_TOKEN=${TOKEN}`).findings;
    for (const shown of [JSON.stringify(f), inspect(f, { depth: 5, showHidden: true }), Object.keys(f ?? {}).join()]) {
      expect(shown).not.toContain(TOKEN.slice(4, 20));
    }
    const json = JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['detector', 'category', 'entity', 'label', 'start', 'end', 'confidence', 'preview', 'signals']);
    expect(json.preview).toBe(f?.preview);
  });

  it('lowers confidence for a failed checksum instead of dropping the token', () => {
    const broken = `${TOKEN.slice(0, -1)}${TOKEN.endsWith('a') ? 'b' : 'a'}`;
    const [f] = engine.scan(broken).findings;
    expect(f?.detector).toBe('github-pat');
    expect(f?.signals).toContain('checksum-failed');
    expect(f?.confidence).toBeLessThan(0.8);
  });

  it('drops placeholders and down-weights test values', () => {
    expect(engine.scan('GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx').findings).toEqual([]);
    expect(engine.scan('aws_access_key_id=AKIAIOSFODNN7EXAMPLE').findings).toEqual([]);
    const [card] = engine.scan('card 4111 1111 1111 1111').findings;
    expect(card?.detector).toBe('credit-card');
    expect(card?.signals).toContain('test-value');
  });

  it('raises confidence with context words', () => {
    const bare = engine.scan('ref 072451302').findings.find((f) => f.detector === 'aba-routing-number');
    const withContext = engine.scan('routing number 072451302').findings.find((f) => f.detector === 'aba-routing-number');
    expect(withContext?.signals).toContain('context');
    expect(withContext?.confidence ?? 0).toBeGreaterThan(bare?.confidence ?? 0);
  });

  it('respects minConfidence per engine and per scan', () => {
    const text = 'ref 072451302';
    expect(createDlpEngine({ minConfidence: 0.9 }).scan(text).findings).toEqual([]);
    expect(engine.scan(text, { minConfidence: 0.9 }).findings).toEqual([]);
  });

  it('applies the overlap rule: one finding per span, the most confident', () => {
    const text = `DATABASE_URL=postgres://app:Hq7vR2mX9pLw@db.internal/app`;
    const all = engine.scan(text, { overlaps: 'all' }).findings;
    const resolved = engine.scan(text).findings;
    expect(all.length).toBeGreaterThan(resolved.length);
    expect(resolved.map((f) => f.detector)).toEqual(['database-url-password']);
    for (let i = 1; i < resolved.length; i++) expect(resolved[i]?.start).toBeGreaterThanOrEqual(resolved[i - 1]?.end ?? 0);
  });

  it('is deterministic whatever the detector order', () => {
    const text = `ssn 536-90-4410, card 4940 1842 0360 3003, mail jane@acme-corp.io, ${TOKEN}`;
    const a = engine.scan(text).findings;
    const b = createDlpEngine({ builtins: { exclude: [] } }).scan(text).findings;
    expect(b).toEqual(a);
  });

  it('caps findings and says so', () => {
    const text = Array.from({ length: 50 }, (_, i) => `user${i}@acme-corp.io`).join(' ');
    const r = engine.scan(text, { maxFindings: 10 });
    expect(r.findings).toHaveLength(10);
    expect(r.findingsTruncated).toBe(true);
  });

  it('scans long input up to the limit and reports truncation without splitting a surrogate pair', () => {
    const small = createDlpEngine({ maxInputChars: 21 });
    const text = `${'a'.repeat(20)}😀 ${TOKEN}`;
    const r = small.scan(text);
    expect(r.truncated).toBe(true);
    expect(r.scannedLength).toBe(20);
    expect(r.findings).toEqual([]);
    expect(DEFAULT_MAX_INPUT_CHARS).toBe(2 * 1024 * 1024);
  });

  it('matches case-sensitive keywords only in their case', () => {
    const key = 'SK7a3f9c1e5b2d8f40c6e19a2b7d3f5e08';
    expect(engine.scan(`TWILIO_API_KEY=${key}`).findings.map((f) => f.detector)).toContain('twilio-api-key');
    expect(engine.scan(`x=${key.toLowerCase()}`).findings.map((f) => f.detector)).not.toContain('twilio-api-key');
  });

  it('classifies pasted source code as a region and keeps value findings inside it', () => {
    const code = `function connect() {\n  const url = "postgres://app:Hq7vR2mX9pLw@db/app";\n  return open(url);\n}\n`;
    const r = engine.scan(code);
    const region = r.findings.find((f) => f.detector === 'source-code');
    expect(region?.region).toBe(true);
    expect(region?.language).toBe('javascript');
    expect(r.findings.some((f) => f.detector === 'database-url-password')).toBe(true);
  });

  it('warms up on the catalog samples and reports the time spent', () => {
    let t = 0;
    const clocked = createDlpEngine({ builtins: { categories: ['health'] }, clock: () => (t += 1) });
    expect(clocked.warmUp(2)).toBeGreaterThan(0);
    expect(clocked.scan('NHS number 943 476 5919').findings[0]?.detector).toBe('uk-nhs-number');
  });

  it('runs each validator on the values of the samples until V8 has had reason to optimize it', () => {
    let calls = 0;
    const counted = compileDefinition({
      id: 'counted-card-word',
      category: 'custom',
      entity: 'CARD_WORD',
      description: 'The word "card", counting its validator calls.',
      keywords: ['card'],
      pattern: /\bcard\b/,
      validate: () => {
        calls++;
        return true;
      },
      confidence: 0.9,
      samples: { positive: [], negative: [] },
    });
    const warmed = createDlpEngine({ builtins: { include: ['credit-card'] }, custom: [counted] });
    warmed.warmUp(1);
    // The credit-card sample "card: 4940 1842 0360 3003" holds the word: once per scan, then 200 times.
    expect(calls).toBeGreaterThanOrEqual(200);
  });

  it('reports elapsed time when the runtime has a clock', () => {
    expect(typeof engine.scan('hello').elapsedMs).toBe('number');
    let t = 0;
    const clocked = createDlpEngine({ clock: () => (t += 5) });
    expect(clocked.scan('hello').elapsedMs).toBe(5);
  });
});

describe('test-value comparison', () => {
  it('predicts the normalized length without building it, or says it cannot', () => {
    const values = ['4111 1111 1111 1111', '127.0.0.1', 'git@github.com', 'AB12-34cd', '+1 (415) 555-2671', 'déjà', '***', 'ÅÄÖ-12', ''];
    for (const category of ['credential', 'financial', 'network', 'pii'] as const) {
      for (const v of values) {
        const length = comparableLength(v, category);
        if (length >= 0) expect(length, `${category} ${v}`).toBe(normalizeForCompare(v, category).length);
      }
    }
  });

  it('still recognises formatting variants of a test value', () => {
    const [card] = engine.scan('card 4111-1111-1111-1111').findings;
    expect(card?.signals).toContain('test-value');
  });
});
