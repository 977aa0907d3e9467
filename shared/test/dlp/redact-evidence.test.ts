import { describe, expect, it } from 'vitest';
import { createDlpEngine, createEvidence, DlpEvidenceSchema, maskValue, previewValue, redactText, type DlpFinding } from '../../src/index.js';

const engine = createDlpEngine();
const SALT = 'org-salt-0123456789abcdef';
const SECRET = 'sk-ant-api03-Wq3Lr8Vt2Yb6Nc1Md5Fh9Jk4Pz7Xs0Gu2Ie8Ta6Ro1Ky3Bv5Cn9Dm4El7Fw2Gx6Hy0Iz3Ja8Kb1Lc5Md9Ne2Of6Pg0Qh4Ri8Sj3Tk7Ul1Vm5Wn9Xo2YpAA';
const TEXT = `key=${SECRET}\ncard 4940 1842 0360 3003 and mail jane.doe@acme-corp.io`;

describe('redaction', () => {
  it('replaces findings with typed masks and reports where they went', () => {
    const findings = engine.scan(TEXT).findings;
    const r = engine.redact(TEXT, findings);
    expect(r.text).not.toContain(SECRET);
    expect(r.text).toContain('[REDACTED:ANTHROPIC_API_KEY]');
    expect(r.text).toContain('[REDACTED:CREDIT_CARD]');
    expect(r.text).toContain('[REDACTED:EMAIL_ADDRESS]');
    for (const rep of r.replacements) expect(r.text.slice(rep.outputStart, rep.outputEnd)).toMatch(/^\[REDACTED:/);
    // Offsets are deterministic: text between replacements is untouched.
    expect(r.text.startsWith('key=[REDACTED:')).toBe(true);
  });

  it('keeps the last four digits of a card in partial style, per category', () => {
    const findings = engine.scan(TEXT).findings;
    const r = redactText(TEXT, findings, { style: { financial: 'partial' } });
    expect(r.text).toContain('**** **** **** 3003');
    expect(r.text).toContain('[REDACTED:EMAIL_ADDRESS]');
  });

  it('hash style gives the same token for the same value and needs a salt', () => {
    const text = 'a jane.doe@acme-corp.io b JANE.DOE@acme-corp.io';
    const findings = engine.scan(text).findings;
    const r = redactText(text, findings, { style: 'hash', salt: SALT });
    const hashes = r.text.match(/\[HASH:[0-9a-f]{16}\]/g);
    expect(hashes).toHaveLength(2);
    expect(hashes?.[0]).toBe(hashes?.[1]);
    expect(() => redactText(text, findings, { style: 'hash' })).toThrowError(/salt/);
  });

  it('resolves overlapping findings it is given', () => {
    const f = (detector: string, start: number, end: number, confidence: number): DlpFinding => ({
      detector, category: 'credential', entity: 'SECRET', label: detector.toUpperCase(), start, end, confidence, preview: '***', signals: [],
    });
    const r = redactText('0123456789', [f('a', 0, 6, 0.5), f('b', 4, 9, 0.9), f('c', 0, 2, 0.4)]);
    expect(r.text).toBe('0[REDACTED:C]23[REDACTED:B]9'.replace('0[REDACTED:C]', '[REDACTED:C]'));
  });

  it('leaves source-code regions alone unless asked', () => {
    const code = 'function f() {\n  const a = 1;\n  return a + 2;\n}\n';
    const findings = engine.scan(code).findings;
    expect(redactText(code, findings).text).toBe(code);
    expect(redactText(code, findings, { includeRegions: true }).text).toBe('[REDACTED:SOURCE_CODE]\n');
  });
});

describe('masks', () => {
  it('never reveal more than a quarter of a value', () => {
    for (const style of ['secret', 'last4', 'email', 'partial', 'full'] as const) {
      const v = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
      const m = maskValue(v, style);
      expect(m).toHaveLength(v.length);
      const shown = [...m].filter((c, i) => c === v[i]).length;
      expect(shown, style).toBeLessThanOrEqual(v.length / 4);
    }
    expect(maskValue('jane.doe@acme-corp.io', 'email')).toBe('j*******@acme-corp.io');
    expect(previewValue('x'.repeat(200), 'secret').length).toBeLessThanOrEqual(32);
  });
});

describe('evidence', () => {
  it('carries detector, counts, positions, salted hashes and previews, never the value', () => {
    const text = `${TEXT}\nagain ${SECRET}`;
    const findings = engine.scan(text).findings;
    const ev = createEvidence(text, findings, { salt: SALT });
    expect(DlpEvidenceSchema.safeParse(ev).success).toBe(true);
    const json = JSON.stringify(ev);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(SECRET.slice(13, 40));
    expect(json).not.toContain('4940 1842 0360 3003');
    expect(json).not.toContain('jane.doe');
    const item = ev.items.find((i) => i.detector === 'anthropic-api-key');
    expect(item?.count).toBe(2);
    expect(item?.hashes).toHaveLength(1); // the same secret twice
    expect(item?.positions).toHaveLength(2);
    expect(ev.findings).toBe(findings.length);
  });

  it('hashes depend on the organization salt, and equal values hash alike', () => {
    const findings = engine.scan(TEXT).findings;
    const a = createEvidence(TEXT, findings, { salt: SALT });
    const b = createEvidence(TEXT, findings, { salt: `${SALT}-other` });
    const c = createEvidence(TEXT.replace('4940 1842 0360 3003', '4940-1842-0360-3003'), engine.scan(TEXT.replace('4940 1842 0360 3003', '4940-1842-0360-3003')).findings, { salt: SALT });
    const card = (e: typeof a) => e.items.find((i) => i.detector === 'credit-card')?.hashes[0];
    expect(card(a)).not.toBe(card(b));
    expect(card(a)).toBe(card(c)); // normalized: separators do not matter
  });

  it('refuses a short salt and bounds its lists', () => {
    expect(() => createEvidence(TEXT, [], { salt: 'short' })).toThrowError(/E_DLP_SALT_REQUIRED|salt/);
    const text = Array.from({ length: 30 }, (_, i) => `u${i}@acme-corp.io`).join(' ');
    const ev = createEvidence(text, engine.scan(text).findings, { salt: SALT, maxPositions: 5, maxHashes: 3 });
    expect(ev.items[0]?.positions).toHaveLength(5);
    expect(ev.items[0]?.hashes).toHaveLength(3);
    expect(ev.truncated).toBe(true);
  });
});
