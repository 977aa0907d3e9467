// Hostile inputs for the DLP engine: the worst 100 KB texts we could construct for the built-in
// catalog (target: every one within 50 ms), then malformed and oversized inputs and a user
// pattern written to backtrack catastrophically (target: a result or a clear error, in bounded
// time and memory).
//
//   npm run build -w @sluice/shared && npm run dlp-adversarial -w @sluice/bench [-- --cold | --warmup-rounds N] [--idle-ms N]
//
// Each 100 KB case is timed on its first scan (cold JIT for its code paths), then 5 times after
// every case was scanned 10 times (warm); the worst line takes the larger of first and slowest.
import { cpus, loadavg } from 'node:os';
import { compileCustomDetectors, createDlpEngine } from '@sluice/shared';

const KB100 = 100 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(KB100 / unit.length)).slice(0, KB100);
let seed = 99;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const cases = {
  // Near-misses of prefixed tokens: every prefix, one character short.
  'github prefixes, 35 chars': fill(`ghp_${'a1B2'.repeat(9).slice(0, 35)} `),
  'anthropic prefix, short body': fill('sk-ant-api03-abcdef-'),
  'slack near-misses': fill('xoxb-123456789012-123-'),
  'AWS AKIA run': fill('AKIA'),
  'keyword soup (every prefix)': fill('ghp_ xoxb- sk-ant- AIza glpat- sk_live_ hf_ SG. eyJ AKIA pypi- npm_ dapi ya29. -----BEGIN '),
  // Assignments: every generic detector fires on every line.
  'password= lines': fill(`password=${'Xy9!'.repeat(8)}\n`),
  'secret= lines': fill(`api_secret: "${pick(ALNUM, 40)}"\n`),
  'keyed provider names': fill('twilio_token = "abcdef0123456789abcdef0123456789" mistral_key: '),
  'nested assignment operators': fill('token:=:=:=:=:=:=:=:=:=:=:=:=:=:='),
  // Command lines: a tool name in every few words, on one 100 KB line, and distinct passwords on lines.
  'tool names with password options': fill('mongo -p mongo -p sshpass -p mysql -pX '),
  'cookie headers': fill(`Cookie: sessionid=${pick(ALNUM, 24)}1; `),
  'command-line passwords': Array.from({ length: 3000 }, (_, i) => `mysql -u app -p${pick(ALNUM, 12)}${i} db`).join('\n').slice(0, KB100),
  // Value-dense text: thousands of real findings.
  'emails back to back': fill('jane.doe@acme-corp.io '),
  '@ soup': fill('a@'),
  'long local parts': fill(`${'x'.repeat(64)}@`),
  'cards back to back': fill('4940 1842 0360 3003 '),
  'one digit per word': fill('1 '),
  'digits only': fill('1234567890'),
  'phone-shaped numbers': fill('(415) 555-2671 '),
  'distinct phone numbers': Array.from({ length: 8000 }, (_, i) => `+1 415 ${String(2000000 + i * 37).slice(0, 3)} ${String(1000 + (i % 9000)).padStart(4, '0')}`).join(' ').slice(0, KB100),
  'IBAN-shaped runs': fill('GB82 WEST 1234 5698 7654 32 '),
  'upper-case id shapes': fill('ABCDE1234F RSSMRA85T10A562S '),
  // Separators and structure.
  'colon soup': fill('a:'),
  'hex colon runs': fill('ab:cd:ef:01:23:'),
  'dash soup': fill('a-'),
  'dots and digits': fill('1.2.3.4.5.6.7.8.'),
  ':// soup': fill('a://a:'),
  'URL user info': fill('https://u:p@h '),
  'deep nesting ()': `${'('.repeat(KB100 / 2)}${')'.repeat(KB100 / 2)}`,
  'deep nesting {}[]': fill('{['),
  'JSON nesting': fill('{"a":['),
  'PEM headers without END': fill('-----BEGIN RSA PRIVATE KEY-----\n'),
  'PEM with huge body': `-----BEGIN PRIVATE KEY-----\n${pick(B64, KB100 - 60)}`,
  'base64 megablob': pick(B64, KB100),
  'JWT-shaped runs': fill(`eyJ${'a'.repeat(30)}.eyJ${'b'.repeat(30)}.`),
  'one 100 KB line of a': 'a'.repeat(KB100),
  'code, one line': fill('if(a){b=c(d)};'),
  'code lines': fill('    const x = f(y) => z && w || q;\n'),
  'classification words': fill('CONFIDENTIAL '),
  'birth keywords': fill('born 1/1/1990 '),
  'random printable': pick(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''), KB100),
  'random BMP code units': String.fromCharCode(...Array.from({ length: KB100 }, () => Math.floor(rnd() * 0xffff))),
};

const engine = createDlpEngine();
// First scan of each case, in order, after engine.warmUp() (the agent warms its engine after
// start): a case's own code paths may still be unoptimized, as on a rare paste. With --cold, no
// warm-up: the first cases then also pay for compiling the engine and its regular expressions.
const cold = process.argv.includes('--cold');
const roundsAt = process.argv.indexOf('--warmup-rounds');
const warmUpRounds = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : undefined;
const warmUpMs = cold ? 0 : engine.warmUp(warmUpRounds);
// With --idle-ms N, the event loop idles N ms before the first scans, as an agent's does between
// its warm-up at start and the first paste (V8 finishes compiling in the background meanwhile).
const idleAt = process.argv.indexOf('--idle-ms');
const idleMs = idleAt >= 0 ? Number(process.argv[idleAt + 1]) : 0;
if (idleMs > 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
const first = new Map();
for (const [name, text] of Object.entries(cases)) {
  const t = performance.now();
  engine.scan(text);
  first.set(name, performance.now() - t);
}
// Then warm: 10 scans of every case, and 5 timed scans each.
for (let i = 0; i < 10; i++) for (const text of Object.values(cases)) engine.scan(text);
const results = [];
for (const [name, text] of Object.entries(cases)) {
  let findings = 0;
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    findings = engine.scan(text).findings.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  results.push({ name, ms: Math.max(times[4], first.get(name) ?? 0), first: first.get(name) ?? 0, slowest: times[4], median: times[2], findings, chars: text.length });
}
results.sort((a, b) => b.ms - a.ms);

console.log(`DLP adversarial inputs — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (${cpus().length} logical CPUs), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(
  `100 KB inputs, full catalog (${engine.detectors.length} detectors), ${cold ? 'no warm-up (--cold)' : `after engine.warmUp(${warmUpRounds ?? ''}) (${warmUpMs.toFixed(0)} ms)${idleMs > 0 ? ` and ${idleMs} ms idle` : ''}`}: first scan, then slowest and median of 5 warm scans (ms)`,
);
const col = (ms) => ms.toFixed(1).padStart(7);
for (const r of results) console.log(`  ${col(r.first)} ${col(r.slowest)} ${col(r.median)}  ${String(r.findings).padStart(6)} findings  ${r.name}`);
console.log(`worst: ${results[0]?.name} at ${results[0]?.ms.toFixed(1)} ms (target 50 ms)`);

// ---------------------------------------------------------------- malformed and oversized input
console.log('\nbad input (one scan each; heap growth measured after a forced collection when --expose-gc is given):');
const gc = globalThis.gc ?? (() => {});
/** Builds the input first (not timed), then times one call of `fn` on it. */
function measure(label, build, fn) {
  const input = build();
  gc();
  const before = process.memoryUsage().heapUsed;
  const t = performance.now();
  let outcome;
  try {
    outcome = fn(input);
  } catch (e) {
    outcome = `error ${e.code ?? ''} ${e.message}`;
  }
  const ms = performance.now() - t;
  const heap = (process.memoryUsage().heapUsed - before) / 1e6;
  console.log(`  ${ms.toFixed(1).padStart(8)} ms  heap ${heap >= 0 ? '+' : ''}${heap.toFixed(1)} MB  ${label}: ${outcome}`);
}
const summary = (r) => `${r.findings.length} findings, truncated=${r.truncated}, scanned ${r.scannedLength} chars`;
const scan = (text) => summary(engine.scan(text));
measure('invalid UTF-16 (lone surrogates) 1 MB', () => fill('\uD800a\uDC00b\uDBFF').repeat(10), scan);
measure('NUL bytes 1 MB', () => '\u0000'.repeat(1024 * 1024), scan);
measure('binary data 1 MB (bytes decoded as UTF-8)', () => Buffer.from(Array.from({ length: 1024 * 1024 }, () => Math.floor(rnd() * 256))).toString('utf8'), scan);
measure('10 MB single line (default 2 MB limit)', () => 'x'.repeat(10 * 1024 * 1024), scan);
const large = createDlpEngine({ maxInputChars: 10 * 1024 * 1024 });
measure('10 MB single line of "1 " with the limit raised to 10 MB', () => '1 '.repeat(5 * 1024 * 1024), (text) => summary(large.scan(text)));
const evil = compileCustomDetectors([{ id: 'evil', pattern: '(a+)+$' }, { id: 'evil-2', pattern: '(a|aa)*c' }, { id: 'evil-3', pattern: '(x+x+)+y' }]);
if (!evil.ok) throw evil.error;
const evilEngine = createDlpEngine({ builtins: false, custom: evil.value });
measure('user patterns (a+)+$, (a|aa)*c, (x+x+)+y on 2 MB of a/x', () => `${'a'.repeat(1024 * 1024)}${'x'.repeat(1024 * 1024)}!`, (text) => summary(evilEngine.scan(text)));
measure('user pattern with a backreference', () => undefined, () => {
  const rejected = compileCustomDetectors([{ id: 'backref', pattern: '(a+)\\1+$' }]);
  return rejected.ok ? 'accepted' : `rejected ${rejected.error.code}: ${rejected.error.message}`;
});
