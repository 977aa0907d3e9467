import { describe, expect, it } from 'vitest';
import { createDlpEngine, createEdmDetectors, createEdmIndex, importGitleaksToml, normalizeEdmValue } from '../../src/index.js';

const TOML = String.raw`
title = "acme secrets"

[allowlist]
description = "global"
stopwords = ["notasecret"]

[[rules]]
id = "acme-api-key"
description = "ACME API key"
regex = '''(?i)acme[_-]?key\s*[:=]\s*["']?(acme_[a-z0-9]{24})'''
keywords = ["acme"]
entropy = 3.0

[[rules]]
id = "acme_internal token"
regex = '''\b(AIT)-([0-9A-F]{16})\b'''
secretGroup = 2
  [[rules.allowlists]]
  regexTarget = "line"
  regexes = ['''example''']

[[rules]]
id = "strict-allow"
regex = '''zz-[a-z]{8}'''
  [[rules.allowlists]]
  condition = "AND"
  regexes = ['''zz-test''']
  stopwords = ["aaaa"]

[[rules]]
id = "pkcs12"
path = '''\.p12$'''

[[rules]]
id = "bad-regex"
regex = '''(unclosed'''

[[rules]]
id = "needs-backtracking"
regex = '''(a)\1'''
`;

describe('gitleaks import', () => {
  const imported = importGitleaksToml(TOML);
  if (!imported.ok) throw imported.error;
  const engine = createDlpEngine({ builtins: false, custom: imported.value.detectors });

  it('imports rules as detectors and reports what it skipped, with codes', () => {
    expect(imported.value.detectors.map((d) => d.info.id)).toEqual(['gitleaks-acme-api-key', 'gitleaks-acme-internal-token', 'gitleaks-strict-allow']);
    expect(imported.value.detectors.every((d) => d.info.source === 'gitleaks' && d.info.category === 'credential')).toBe(true);
    expect(imported.value.skipped.map((s) => [s.rule, s.code])).toEqual([
      ['pkcs12', 'E_DLP_GITLEAKS_RULE'],
      ['bad-regex', 'E_DLP_PATTERN_INVALID'],
      ['needs-backtracking', 'E_DLP_PATTERN_UNSUPPORTED'],
    ]);
  });

  it('uses the first non-empty group (or secretGroup) as the secret, with keywords and entropy', () => {
    const r = engine.scan('ACME_KEY = "acme_4k9x2m7q1z8w3v6b5n0p2r4t"').findings;
    expect(r.map((f) => f.detector)).toEqual(['gitleaks-acme-api-key']);
    expect((r[0]?.end ?? 0) - (r[0]?.start ?? 0)).toBe('acme_4k9x2m7q1z8w3v6b5n0p2r4t'.length);
    expect(engine.scan('acme_key: acme_aaaaaaaaaaaaaaaaaaaaaaaa').findings).toEqual([]); // entropy
    const t = engine.scan('token AIT-0123456789ABCDEF here').findings;
    expect((t[0]?.end ?? 0) - (t[0]?.start ?? 0)).toBe(16);
  });

  it('applies allowlists: line regexes, global stopwords, AND conditions', () => {
    expect(engine.scan('example: AIT-0123456789ABCDEF').findings).toEqual([]);
    expect(engine.scan('acme_key=acme_notasecret1234567890abcde').findings).toEqual([]);
    expect(engine.scan('zz-testabcd').findings).toHaveLength(1); // only one of the two AND criteria
    expect(engine.scan('zz-qrstuvwx').findings).toHaveLength(1);
  });

  it('rejects a document that is not TOML', () => {
    const r = importGitleaksToml('[[rules]\nid = ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('E_DLP_GITLEAKS_TOML');
    const wrong = importGitleaksToml('rules = 3');
    expect(!wrong.ok && wrong.error.code).toBe('E_DLP_GITLEAKS_TOML');
  });
});

describe('exact data match', () => {
  const SALT = '00112233445566778899aabbccddeeff';
  const index = createEdmIndex(
    [
      { name: 'account', kind: 'digits', values: ['4421-9987-1200', '99001234'] },
      { name: 'email', kind: 'email', values: ['Jane.Roe@Example-Corp.com'] },
      { name: 'customer', kind: 'alnum', values: ['CU-88213-X'] },
      { name: 'full-name', kind: 'text', values: ['Ana Maria Silva'] },
    ],
    SALT,
  );
  if (!index.ok) throw index.error;

  it('distributes hashes, never values', () => {
    const json = JSON.stringify(index.value);
    for (const v of ['4421', '99001234', 'jane', 'CU-88213', 'silva']) expect(json.toLowerCase()).not.toContain(v.toLowerCase());
    expect(index.value.columns[0]?.lengths).toEqual([8, 12]);
  });

  it('finds the table values in text however they are written', () => {
    const edm = createEdmDetectors(index.value);
    if (!edm.ok) throw edm.error;
    const engine = createDlpEngine({ builtins: false, custom: edm.value });
    const text = 'acct 442199871200, mail jane.roe@example-corp.com, id cu88213x, name ana maria  silva; other 442199871201';
    const r = engine.scan(text).findings.map((f) => [f.detector, text.slice(f.start, f.end)]);
    expect(r).toEqual([
      ['edm-account', '442199871200'],
      ['edm-email', 'jane.roe@example-corp.com'],
      ['edm-customer', 'cu88213x'],
      ['edm-full-name', 'ana maria  silva'],
    ]);
    expect(normalizeEdmValue(' Ana  MARIA Silva ', 'text')).toBe('ana maria silva');
  });

  it('rejects a malformed index or a short salt', () => {
    expect(createEdmDetectors({ format: 'x' }).ok).toBe(false);
    const short = createEdmIndex([{ name: 'a', kind: 'digits', values: ['123456'] }], 'abcd');
    expect(!short.ok && short.error.code).toBe('E_DLP_SALT_REQUIRED');
  });
});
