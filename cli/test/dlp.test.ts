import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli, type CommandIO } from '../src/index.js';
import { runCommand, type CliRun } from './run-cli.js';


function run(argv: string[], input: string | Buffer = '', cwd = process.cwd()): Promise<CliRun> {
  return runCommand(argv, { input, cwd });
}

const lines = (s: string): Record<string, unknown>[] =>
  s
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const KEY = 'sk-ant-api03-Wq3Lr8Vt2Yb6Nc1Md5Fh9Jk4Pz7Xs0Gu2Ie8Ta6Ro1Ky3Bv5Cn9Dm4El7Fw2Gx6Hy0Iz3Ja8Kb1Lc5Md9Ne2Of6Pg0Qh4Ri8Sj3Tk7Ul1Vm5Wn9Xo2YpAA';
const TEXT = `😀 key ${KEY}\nmail jane.doe@acme-corp.io`;

describe('sluice dlp scan', () => {
  it('--json prints one finding per line with UTF-16 offsets into the input', async () => {
    const r = await run(['dlp', 'scan', '--json'], TEXT);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((l) => l.detector)).toEqual(['anthropic-api-key', 'email-address']);
    for (const l of out) expect(Object.keys(l)).toEqual(['detector', 'category', 'entity', 'start', 'end', 'confidence', 'preview']);
    expect(TEXT.slice(out[0]?.start as number, out[0]?.end as number)).toBe(KEY);
    expect(r.stdout).not.toContain(KEY);
  });

  it('prints a readable table without --json, and reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-dlp-'));
    writeFileSync(join(dir, 'in.txt'), TEXT);
    const r = await run(['dlp', 'scan', 'in.txt'], '', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('anthropic-api-key');
    expect(r.stderr).toContain('2 findings');
  });

  it('--jsonl answers each record in order, and errors per line', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: `token ${KEY}` }),
      JSON.stringify({ id: 2, text: 'nothing here' }),
      'not json {"id": "c"',
      JSON.stringify({ id: 'd' }),
      JSON.stringify({ id: 'e', text: 'SSN 536-90-4410' }),
    ].join('\n');
    const r = await run(['dlp', 'scan', '--jsonl'], `${input}\n`);
    const out = lines(r.stdout);
    expect(out.map((l) => l.id)).toEqual(['a', 2, 'c', 'd', 'e']);
    expect((out[0]?.findings as unknown[]).length).toBe(1);
    expect(out[1]?.findings).toEqual([]);
    expect((out[2]?.error as { code: string }).code).toBe('E_DLP_INPUT_INVALID');
    expect((out[3]?.error as { code: string }).code).toBe('E_DLP_INPUT_INVALID');
    expect((out[4]?.findings as { entity: string }[])[0]?.entity).toBe('US_SSN');
    expect(r.code).toBe(1);
  });

  it('takes custom detectors and gitleaks rules from files, and reports bad ones with codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-dlp-'));
    writeFileSync(join(dir, 'custom.json'), JSON.stringify([{ id: 'project-code', pattern: 'PRJ-[0-9]{5}', category: 'confidential' }]));
    writeFileSync(join(dir, 'gitleaks.toml'), "[[rules]]\nid = 'acme'\nregex = '''acme_[a-z0-9]{12}'''\nkeywords = ['acme_']\n[[rules]]\nid = 'files'\npath = '''\\.pem$'''\n");
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ id: 'bad', pattern: '(a)\\1' }]));
    const r = await run(['dlp', 'scan', '--json', '--custom', 'custom.json', '--gitleaks', 'gitleaks.toml'], 'see PRJ-12345 and acme_k3j9x0p2m7q1', dir);
    expect(lines(r.stdout).map((l) => l.detector)).toEqual(['project-code', 'gitleaks-acme']);
    expect(r.stderr).toContain('skipped gitleaks rule "files"');
    const bad = await run(['dlp', 'scan', '--custom', 'bad.json'], 'x', dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('E_DLP_PATTERN_UNSUPPORTED');

    // --detectors, --exclude and --categories select among them as among built-ins.
    const text = 'see PRJ-12345 and acme_k3j9x0p2m7q1, mail jane.doe@acme-corp.io';
    const detectorsOf = async (...flags: string[]) =>
      lines((await run(['dlp', 'scan', '--json', '--custom', 'custom.json', '--gitleaks', 'gitleaks.toml', ...flags], text, dir)).stdout).map((l) => l.detector);
    expect(await detectorsOf('--detectors', 'project-code,email-address')).toEqual(['project-code', 'email-address']);
    expect(await detectorsOf('--exclude', 'gitleaks-acme')).toEqual(['project-code', 'email-address']);
    expect(await detectorsOf('--categories', 'pii')).toEqual(['email-address']);
    const unknown = await run(['dlp', 'scan', '--detectors', 'no-such-detector'], 'x', dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('E_DLP_OPTIONS_INVALID');
  });

  it('rejects bad flags with usage errors', async () => {
    expect((await run(['dlp', 'scan', '--min-confidence', '7'], 'x')).code).toBe(2);
    expect((await run(['dlp', 'scan', '--categories', 'nope'], 'x')).code).toBe(2);
    expect((await run(['dlp', 'scan', 'a', 'b'], 'x')).code).toBe(2);
  });

  it('handles binary input, NUL bytes and lone surrogates', async () => {
    const r = await run(['dlp', 'scan', '--json'], Buffer.from([0, 255, 254, 0xed, 0xa0, 0x80, 10, 0x41]));
    expect(r.code).toBe(0);
    const j = await run(['dlp', 'scan', '--jsonl'], `${JSON.stringify({ id: 1, text: '\uD800x\u0000y' })}\n`);
    expect(lines(j.stdout)[0]?.findings).toEqual([]);
  });
});

describe('sluice dlp redact, evidence, detectors', () => {
  it('redacts with typed masks by default and hashes with a salt', async () => {
    const r = await run(['dlp', 'redact'], TEXT);
    expect(r.stdout).toBe('😀 key [REDACTED:ANTHROPIC_API_KEY]\nmail [REDACTED:EMAIL_ADDRESS]');
    const h = await run(['dlp', 'redact', '--style', 'hash', '--salt', 'an-organization-salt'], TEXT);
    expect(h.stdout).toMatch(/^😀 key \[HASH:[0-9a-f]{16}\]\nmail \[HASH:[0-9a-f]{16}\]$/);
    expect((await run(['dlp', 'redact', '--style', 'hash'], TEXT)).code).toBe(2);
  });

  it('prints evidence without the values', async () => {
    const r = await run(['dlp', 'evidence', '--salt', 'an-organization-salt'], TEXT);
    const ev = JSON.parse(r.stdout) as { items: { detector: string; hashes: string[] }[] };
    expect(ev.items.map((i) => i.detector)).toEqual(['anthropic-api-key', 'email-address']);
    expect(r.stdout).not.toContain(KEY);
    expect(r.stdout).not.toContain('jane.doe');
  });

  it('lists the catalog', async () => {
    const r = await run(['dlp', 'detectors', '--json']);
    const all = lines(r.stdout);
    expect(all.length).toBeGreaterThan(300);
    expect(all.find((d) => d.id === 'github-pat')).toMatchObject({ category: 'credential', entity: 'SECRET', source: 'builtin' });
    const text = await run(['dlp', 'detectors', '--categories', 'financial']);
    expect(text.stdout).toContain('credit-card');
    expect(text.stdout).not.toContain('github-pat');
  });
});

describe('sluice dlp output', () => {
  it('stops quietly when the reader goes away (EPIPE), without hanging or throwing', async () => {
    let writes = 0;
    const stdout = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, callback) {
        writes++;
        const e = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        setImmediate(() => callback(e));
      },
    });
    const records = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: i, text: `mail user${i}@acme-corp.io` })).join('\n');
    const io: CommandIO = { stdin: Readable.from([Buffer.from(records)]), stdout, stderr: new PassThrough(), env: {}, cwd: process.cwd() };
    const code = await runCli(['dlp', 'scan', '--jsonl'], io);
    expect(code).toBe(0);
    expect(writes).toBeLessThan(10);
  });
});

describe('sluice dlp edm build', () => {
  const SALT = '8f2c1d9a7b3e5f60a1b2c3d4e5f60718';
  const CSV = ['Account No,Email,Full Name', '"4412 7789 01",ana.silva@example.org,Ana Silva', '5521-0098-77,"ben.okafor@example.org",Ben Okafor', ''].join('\r\n');

  it('builds an index of salted hashes that `dlp scan --edm` uses, without the values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-edm-'));
    writeFileSync(join(dir, 'customers.csv'), `\uFEFF${CSV}`);
    const built = await run(['dlp', 'edm', 'build', '--columns', 'Account No:digits,Email:email', '--salt', SALT, 'customers.csv'], '', dir);
    expect(built.code).toBe(0);
    expect(built.stderr).toContain('edm-account-no: 2 distinct values (digits).');
    for (const value of ['4412', '7789', 'ana.silva', 'ben.okafor', 'Silva']) expect(built.stdout).not.toContain(value);
    const index = JSON.parse(built.stdout) as { columns: { name: string; hashes: string[] }[] };
    expect(index.columns.map((c) => [c.name, c.hashes.length])).toEqual([
      ['account-no', 2],
      ['email', 2],
    ]);
    writeFileSync(join(dir, 'index.json'), built.stdout);
    const text = 'wire to 552100 9877 for BEN.OKAFOR@example.org, not 5521009878 or ana.silva@example.com';
    const scan = await run(['dlp', 'scan', '--json', '--edm', 'index.json'], text, dir);
    expect(scan.code).toBe(0);
    const edm = lines(scan.stdout).filter((f) => String(f.detector).startsWith('edm-'));
    expect(edm.map((f) => [f.detector, text.slice(f.start as number, f.end as number)])).toEqual([
      ['edm-account-no', '552100 9877'],
      ['edm-email', 'BEN.OKAFOR@example.org'],
    ]);
  });

  it('refuses a missing column, a bad kind, no salt and broken CSV with clear errors', async () => {
    const missing = await run(['dlp', 'edm', 'build', '--columns', 'IBAN:alnum', '--salt', SALT], CSV);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No column "IBAN" in the header row (Account No, Email, Full Name)');
    const kind = await run(['dlp', 'edm', 'build', '--columns', 'Email:mail', '--salt', SALT], CSV);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('KIND one of digits, alnum, email, text');
    expect((await run(['dlp', 'edm', 'build', '--columns', 'Email:email'], CSV)).code).toBe(2);
    const broken = await run(['dlp', 'edm', 'build', '--columns', 'a:text', '--salt', SALT], 'a,b\n"unterminated,x\n');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('E_DLP_EDM_INVALID');
    const badSalt = await run(['dlp', 'edm', 'build', '--columns', 'Email:email', '--salt', 'not-hex'], CSV);
    expect(badSalt.code).toBe(1);
    expect(badSalt.stderr).toContain('E_DLP_SALT_REQUIRED');
  });
});
