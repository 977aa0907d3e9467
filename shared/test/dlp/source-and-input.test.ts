import { describe, expect, it } from 'vitest';
import { createDlpEngine, guessLanguage, KeywordAutomaton } from '../../src/index.js';
import { HitBuffer } from '../../src/dlp/keyword-automaton.js';

const engine = createDlpEngine();
const code = (text: string) => engine.scan(text).findings.filter((f) => f.detector === 'source-code');

describe('source code', () => {
  const samples: [string, string][] = [
    ['python', 'import json\n\ndef load(path):\n    with open(path) as f:\n        data = json.load(f)\n    return [r for r in data if r["ok"]]\n'],
    ['go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tx := 42\n\tif err != nil {\n\t\tfmt.Println(x)\n\t}\n}\n'],
    ['java', 'public class Hello {\n    @Override\n    public String toString() {\n        System.out.println("hi");\n        return "x";\n    }\n}\n'],
    ['sql', 'SELECT id, email\nFROM users u\nJOIN orders o ON o.user_id = u.id\nWHERE o.total > 100\nGROUP BY id;\n'],
    ['rust', 'fn main() {\n    let mut v = Vec::new();\n    v.push(1);\n    println!("{:?}", v);\n}\n'],
  ];
  it.each(samples)('recognises %s', (language, text) => {
    const [region] = code(text);
    expect(region?.region).toBe(true);
    expect(region?.language).toBe(language);
    expect(region?.confidence).toBeGreaterThanOrEqual(0.3);
  });

  it('does not call prose, lists or a short snippet code', () => {
    const prose = 'We met on Tuesday to review the plan.\nThe team agreed to ship in March, pending legal review.\nNext steps: finalize the budget and hire two engineers.\n';
    expect(code(prose)).toEqual([]);
    expect(code('- milk\n- eggs\n- bread\n')).toEqual([]);
    expect(code('x = 1;\n')).toEqual([]);
  });

  it('finds the code region inside a message', () => {
    const text = 'Hi Sam,\nhere is the fix we discussed this morning with the whole team.\n\nconst total = items.reduce((a, b) => a + b.price, 0);\nif (total > limit) {\n  throw new Error("over");\n}\n\nThanks for looking at it, I will be around all afternoon.\n';
    const [region] = code(text);
    expect(text.slice(region?.start, region?.end)).toMatch(/^const total[\s\S]*\}$/);
  });

  it('guesses unknown for too little evidence', () => {
    expect(guessLanguage('a = b')).toBe('unknown');
  });

  it('guesses from case-sensitive signatures in the first 400 characters of the range', () => {
    const py = 'def load(self):\n    return None\n';
    expect(guessLanguage(py)).toBe('python');
    // Case matters: "NONE" and "DEF " are not Python.
    expect(guessLanguage('DEF LOAD(SELF):\n    RETURN NONE\n')).toBe('unknown');
    // Only the given range counts, and only its first 400 characters.
    const text = `${'x'.repeat(50)}${py}`;
    expect(guessLanguage(text, 50)).toBe('python');
    expect(guessLanguage(text, 0, 50)).toBe('unknown');
    expect(guessLanguage(`${' '.repeat(400)}${py}`)).toBe('unknown');
  });
});

describe('hostile and malformed input', () => {
  it('handles lone surrogates, NUL bytes and binary data without throwing', () => {
    const inputs = [
      '\uD800 lone high \uDFFF lone low \uD83D',
      'nul\u0000in\u0000the\u0000middle ghp_\u0000',
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 65536)),
    ];
    for (const input of inputs) {
      const r = engine.scan(input);
      expect(Array.isArray(r.findings)).toBe(true);
      expect(JSON.stringify(r)).toBeTypeOf('string');
    }
  });

  it('scans a line longer than the limit up to the limit', () => {
    const small = createDlpEngine({ maxInputChars: 100_000 });
    const r = small.scan('a'.repeat(300_000));
    expect(r.truncated).toBe(true);
    expect(r.scannedLength).toBe(100_000);
  });

  it('keeps deep nesting and near-matches harmless', () => {
    for (const text of ['('.repeat(20_000) + ')'.repeat(20_000), 'ghp_'.repeat(5_000), '1 '.repeat(10_000), 'a@'.repeat(10_000), '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(500)]) {
      expect(engine.scan(text).findings.length).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('keyword automaton', () => {
  it('finds every occurrence of every keyword, case-insensitively, like a naive search', () => {
    const keywords = ['ghp_', 'sk-ant-', 'he', 'she', 'his', 'hers', 'akia', '@', 'a'];
    const ac = new KeywordAutomaton(keywords);
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const alphabet = 'aAhHeEsSrRiIgGpP_kK-nNtT@ ';
    for (let round = 0; round < 50; round++) {
      const text = Array.from({ length: 300 }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const hits = new HitBuffer();
      ac.scan(text, 0, text.length, hits);
      const got: string[] = [];
      for (let i = 0; i < hits.length; i += 2) got.push(`${hits.data[i]}@${hits.data[i + 1]}`);
      const want: string[] = [];
      const lower = text.toLowerCase();
      for (let end = 1; end <= text.length; end++) {
        keywords.forEach((k, id) => {
          if (end >= k.length && lower.slice(end - k.length, end) === k) want.push(`${id}@${end}`);
        });
      }
      expect(got.sort()).toEqual(want.sort());
    }
  });

  it('emits numeric tokens with digits, groups and separators', () => {
    const ac = new KeywordAutomaton(['x']);
    const hits = new HitBuffer();
    const tokens = new HitBuffer();
    const text = 'call (415) 555-2671, id 12345, ip 10.0.0.1 and 2024-05-13';
    ac.scanWithNumbers(text, 0, text.length, hits, tokens, 5);
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i += 4) out.push(`${text.slice(tokens.data[i], tokens.data[i + 1])}|${tokens.data[i + 2]}|${(tokens.data[i + 3] ?? 0) >> 8}`);
    expect(out).toEqual(['415) 555-2671|10|3', '12345|5|1', '10.0.0.1|5|4', '2024-05-13|8|3']);
  });
});
