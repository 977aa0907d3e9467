import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCommand } from './run-cli.js';
import { boundedLines, idFromHead, MAX_FINGERPRINT_LINE_BYTES } from '../src/commands/fingerprint.js';

interface Run {
  code: number;
  lines: Record<string, unknown>[];
  stderr: string;
}

async function run(argv: string[], input: string | Buffer | Readable = ''): Promise<Run> {
  const { code, stdout, stderr } = await runCommand(argv, { input });
  const lines = stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, stderr };
}

const jsonl = (...rows: unknown[]): string => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
type Match = { app: string | null; vendor: string; kind: string; confidence: string; evidence: { signal: string }[] } | null;
const matchOf = (line: Record<string, unknown> | undefined): Match => (line?.match ?? null) as Match;

describe('sluice fingerprint --jsonl', () => {
  it('answers one line per input line, in order, with app, vendor, kind, confidence and evidence', async () => {
    const r = await run(
      ['fingerprint', '--jsonl'],
      jsonl(
        { id: 'p1', name: 'xq7-helper', listenPorts: [41999], probe: { status: 200, body: '{"version":"0.12.3"}', path: '/api/version' } },
        { id: 2, name: 'node', cmdline: 'node /usr/lib/node_modules/@openai/codex/bin/codex.js' },
        { id: 'w', name: 'chrome', title: 'ChatGPT - Google Chrome' },
        { id: 'u', url: 'https://claude.ai/new' },
        { id: 'nothing', name: 'vim', exe: '/usr/bin/vim' },
      ),
    );
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.id)).toEqual(['p1', 2, 'w', 'u', 'nothing']);
    expect(matchOf(r.lines[0])).toMatchObject({ app: 'ollama', vendor: 'Ollama', kind: 'local_runtime', confidence: 'high' });
    expect(matchOf(r.lines[1])).toMatchObject({ app: 'codex-cli', confidence: 'high' });
    expect(matchOf(r.lines[2])).toMatchObject({ app: 'chatgpt', kind: 'web_app', confidence: 'medium' });
    expect(matchOf(r.lines[3])).toMatchObject({ app: 'claude', confidence: 'high' });
    expect(r.lines[4]).toEqual({ id: 'nothing', match: null });
    expect(matchOf(r.lines[0])?.evidence.map((e) => e.signal)).toContain('probe');
  });

  it('reports a look-alike name as low confidence', async () => {
    const r = await run(['fingerprint', '--jsonl'], jsonl({ id: 1, name: 'ollama', exe: '/opt/tools/ollama' }));
    expect(matchOf(r.lines[0])).toMatchObject({ app: 'ollama', confidence: 'low' });
  });

  it('recognises a renamed copy by the hash it learned earlier in the batch', async () => {
    const sha = '0f'.repeat(32);
    const r = await run(
      ['fingerprint', '--jsonl'],
      jsonl(
        { id: 'orig', name: 'Claude', exe: '/Applications/Claude.app/Contents/MacOS/Claude', teamId: 'Q6L2SF6YDW', bundleId: 'com.anthropic.claudefordesktop', sha256: sha },
        { id: 'copy', name: 'notes', exe: '/Users/a/tmp/notes', sha256: sha },
      ),
    );
    expect(matchOf(r.lines[1])).toMatchObject({ app: 'claude-desktop', confidence: 'high' });
    expect(matchOf(r.lines[1])?.evidence.map((e) => e.signal)).toEqual(['sha256']);
    const noLearn = await run(['fingerprint', '--jsonl', '--no-learn'], jsonl({ id: 'orig', teamId: 'Q6L2SF6YDW', bundleId: 'com.anthropic.claudefordesktop', sha256: sha }, { id: 'copy', sha256: sha }));
    expect(noLearn.lines[1]).toEqual({ id: 'copy', match: null });
  });

  it('links a child to its parent through ppid', async () => {
    const r = await run(
      ['fingerprint', '--jsonl'],
      jsonl(
        { id: 'a', pid: 100, name: 'Cursor', exe: '/Applications/Cursor.app/Contents/MacOS/Cursor' },
        { id: 'b', pid: 101, ppid: 100, name: 'Cursor Helper (GPU)' },
      ),
    );
    expect(matchOf(r.lines[1])).toMatchObject({ app: 'cursor' });
    expect(matchOf(r.lines[1])?.evidence.map((e) => e.signal)).toContain('parent');
  });

  it('answers bad lines with a coded error and keeps going', async () => {
    const r = await run(
      ['fingerprint', '--jsonl'],
      jsonl(
        '{"id": "broken", "name": ',
        'not json at all',
        { id: 'types', name: 42, listenPorts: ['x'] },
        { name: 'no id' },
        { id: 'big', title: 't'.repeat(20_000) },
        { id: { nested: true } },
        '',
        { id: 'ok', url: 'https://chat.mistral.ai/chat' },
      ),
    );
    expect(r.code).toBe(0);
    const codes = r.lines.map((l) => [l.id, (l.error as { code?: string } | undefined)?.code ?? null]);
    expect(codes).toEqual([
      ['broken', 'E_BAD_JSON'],
      [null, 'E_BAD_JSON'],
      ['types', 'E_BAD_DESCRIPTOR'],
      [null, 'E_BAD_DESCRIPTOR'],
      ['big', 'E_BAD_DESCRIPTOR'],
      [null, 'E_BAD_DESCRIPTOR'],
      ['ok', null],
    ]);
    for (const l of r.lines.slice(0, 6)) expect(l.match).toBeNull();
    expect(JSON.stringify(r.lines[4])).not.toContain('tttt');
  });

  it('skips a line of megabytes with E_LINE_TOO_LARGE, keeping its id, and survives invalid UTF-8', async () => {
    const huge = `{"id":"huge","cmdline":"${'a'.repeat(MAX_FINGERPRINT_LINE_BYTES + 10)}"}\n`;
    const badUtf8 = Buffer.concat([Buffer.from('{"id":"bytes","name":"claude'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n')]);
    const input = Buffer.concat([Buffer.from(huge), badUtf8, Buffer.from(jsonl({ id: 'after', name: 'ollama' }))]);
    const r = await run(['fingerprint', '--jsonl'], input);
    expect(r.lines.map((l) => l.id)).toEqual(['huge', 'bytes', 'after']);
    expect((r.lines[0]?.error as { code: string }).code).toBe('E_LINE_TOO_LARGE');
    expect(r.lines[1]?.error).toBeUndefined();
    expect(matchOf(r.lines[2])?.app).toBe('ollama');
  });

  it('reads a file argument, and a final line without a newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-fp-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, '{"id":1,"bundleId":"com.exafunction.windsurf"}\r\n{"id":2,"extensionId":"continue.continue"}');
    const r = await run(['fingerprint', '--jsonl', file]);
    expect(r.lines.map((l) => matchOf(l)?.app)).toEqual(['windsurf', 'continue']);
  });

  it('requires --jsonl', async () => {
    const r = await run(['fingerprint']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jsonl');
  });
});

describe('line reading helpers', () => {
  it('splits chunks at newlines regardless of chunk boundaries', async () => {
    const lines: string[] = [];
    for await (const l of boundedLines(Readable.from([Buffer.from('ab'), Buffer.from('c\nd'), Buffer.from('\n\ne')]), 100)) lines.push(l.text);
    expect(lines).toEqual(['abc', 'd', '', 'e']);
  });

  it('recovers ids from the head of a broken line', () => {
    expect(idFromHead('{"id": "x-1", "name": ')).toBe('x-1');
    expect(idFromHead('{ "id" : 42 , ')).toBe(42);
    expect(idFromHead('{"name":"a","id":1}')).toBeNull();
    expect(idFromHead('garbage')).toBeNull();
  });
});
