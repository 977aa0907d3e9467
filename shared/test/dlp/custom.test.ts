import { describe, expect, it } from 'vitest';
import { compileCustomDetectors, compileUserPattern, createDlpEngine, MAX_PATTERN_PROGRAM_SIZE } from '../../src/index.js';

describe('user patterns', () => {
  it('compile with RE2 and reject what cannot run in linear time, with codes', () => {
    expect(compileUserPattern('PRJ-[0-9]{4}').ok).toBe(true);
    const cases: [string, string][] = [
      ['(a)\\1', 'E_DLP_PATTERN_UNSUPPORTED'],
      ['foo(?=bar)', 'E_DLP_PATTERN_UNSUPPORTED'],
      ['(?<!x)y', 'E_DLP_PATTERN_UNSUPPORTED'],
      ['a++', 'E_DLP_PATTERN_UNSUPPORTED'],
      ['(unclosed', 'E_DLP_PATTERN_INVALID'],
      ['a{2000}', 'E_DLP_PATTERN_INVALID'],
      ['(?:[a-z]{1,1000}){1,1000}', 'E_DLP_PATTERN_INVALID'],
    ];
    for (const [pattern, code] of cases) {
      const r = compileUserPattern(pattern);
      expect(r.ok, pattern).toBe(false);
      if (!r.ok) expect(r.error.code, pattern).toBe(code);
    }
    const big = compileUserPattern(Array.from({ length: 400 }, (_, i) => `word${i}[a-z]{1,50}`).join('|'));
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.code).toBe('E_DLP_PATTERN_TOO_COMPLEX');
    expect(MAX_PATTERN_PROGRAM_SIZE).toBeGreaterThan(1000);
  });

  it('a pattern written to backtrack catastrophically still runs in linear time', () => {
    const custom = compileCustomDetectors([{ id: 'evil', pattern: '(a+)+$' }]);
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    const engine = createDlpEngine({ builtins: false, custom: custom.value });
    // 200k characters that make a backtracking engine explore 2^n paths.
    const r = engine.scan(`${'a'.repeat(200_000)}!`);
    expect(r.findings).toEqual([]);
  });
});

describe('custom detectors', () => {
  it('validate their definitions and report the first problem with a code', () => {
    const bad = compileCustomDetectors([{ id: 'Not Kebab', pattern: 'x' }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('E_DLP_DETECTOR_INVALID');
    const empty = compileCustomDetectors([{ id: 'empty' }]);
    expect(empty.ok).toBe(false);
    const reserved = compileCustomDetectors([{ id: 'edm-customers-email', keywords: ['x'] }]);
    expect(!reserved.ok && reserved.error.code).toBe('E_DLP_DETECTOR_INVALID');
    expect(!reserved.ok && reserved.error.message).toContain('edm-');
    const dup = compileCustomDetectors([{ id: 'a', keywords: ['x'] }, { id: 'a', keywords: ['y'] }]);
    expect(!dup.ok && dup.error.code).toBe('E_DLP_DUPLICATE_ID');
    const badPattern = compileCustomDetectors([{ id: 'p', pattern: '(x' }]);
    expect(!badPattern.ok && badPattern.error.code).toBe('E_DLP_PATTERN_INVALID');
    expect(!badPattern.ok && badPattern.error.message).toContain('"p"');
    const unknownValidator = compileCustomDetectors([{ id: 'v', pattern: '\\d+', validator: 'nope' }]);
    expect(unknownValidator.ok).toBe(false);
  });

  it('find pattern matches near keywords, with a named validator, context and an allowlist', () => {
    const custom = compileCustomDetectors([
      {
        id: 'employee-card',
        category: 'pii',
        entity: 'EMPLOYEE_CARD',
        pattern: 'EMP-([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4})',
        group: 1,
        keywords: ['emp-'],
        validator: 'luhn',
        confidence: 0.6,
        context: ['badge'],
        allow: ['4000000000000002'],
      },
    ]);
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    const engine = createDlpEngine({ builtins: false, custom: custom.value });
    const hit = engine.scan('badge EMP-4940-1842-0360-3003 issued').findings;
    expect(hit).toHaveLength(1);
    expect(hit[0]?.entity).toBe('EMPLOYEE_CARD');
    expect(hit[0]?.label).toBe('EMPLOYEE_CARD');
    expect(hit[0]?.confidence).toBe(0.9);
    expect(hit[0]?.signals).toEqual(['checksum', 'context']);
    expect(engine.scan('EMP-4940-1842-0360-3004').findings).toEqual([]); // Luhn fails
    expect(engine.scan('EMP-4000-0000-0000-0002').findings).toEqual([]); // allowed
  });

  it('keyword dictionaries match whole words, in the case asked for', () => {
    const custom = compileCustomDetectors([
      { id: 'project-names', category: 'confidential', keywords: ['Falcon', 'Blue Heron'], ignoreCase: true },
      { id: 'exact-terms', keywords: ['ZETA'] },
    ]);
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    const engine = createDlpEngine({ builtins: false, custom: custom.value });
    const r = engine.scan('the falcon roadmap and BLUE HERON; falconry; zeta ZETA').findings;
    expect(r.map((f) => [f.detector, f.start, f.end])).toEqual([
      ['project-names', 4, 10],
      ['project-names', 23, 33],
      ['exact-terms', 50, 54],
    ]);
  });

  it('run over the whole text when they have no keywords', () => {
    const custom = compileCustomDetectors([{ id: 'ticket', pattern: '\\bTKT-[0-9]{6}\\b' }]);
    if (!custom.ok) throw custom.error;
    const engine = createDlpEngine({ builtins: false, custom: custom.value });
    expect(engine.scan('see TKT-123456 and TKT-12345').findings.map((f) => f.start)).toEqual([4]);
  });

  it('cannot take a built-in id', () => {
    const custom = compileCustomDetectors([{ id: 'github-pat', keywords: ['x'] }]);
    if (!custom.ok) throw custom.error;
    expect(() => createDlpEngine({ custom: custom.value })).toThrowError(/E_DLP_DUPLICATE_ID|twice/);
  });
});
