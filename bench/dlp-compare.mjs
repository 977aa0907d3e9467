// DLP engine speed of this working tree against an earlier commit, on the same corpus, in
// interleaved rounds. The benchmark VM's speed drifts by tens of per cent within minutes (see
// docs/benchmarks.md), so a change is judged here, not by comparing dlp-speed runs taken apart.
//
//   npm run build -w @sluice/shared && npm run dlp-compare -w @sluice/bench -- REF [--rounds N] [--kind code|prose|logs|csv] [--mb N] [--findings]
//
// --findings also compares what the two builds find on the corpus (every finding's JSON, with all
// overlaps and no minimum confidence as well as by default, with and without WebAssembly), and
// prints the first differences: a change meant only to be faster must find the same.
//
// REF's shared/src is compiled once into shared/.compare/<sha>/ (ignored by git; inside the
// repository so that its imports resolve to the installed packages). Each round scans the whole
// corpus once with each build, the order alternating; the first quartile and the best round of
// each are printed, with their ratio (below 1: this tree is faster).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CORPUS_KINDS, mixedCorpus } from './dlp-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
/** Options followed by a value; `--findings` takes none. */
const VALUED = new Set(['--rounds', '--kind', '--mb']);
const ref = args.find((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));
if (!ref) {
  console.error('usage: dlp-compare REF [--rounds N] [--kind code|prose|logs|csv] [--mb N]');
  process.exit(2);
}
const rounds = Number(option('--rounds', '20'));
const kind = option('--kind', undefined);
if (kind !== undefined && !CORPUS_KINDS.includes(kind)) {
  console.error(`dlp-compare: --kind is one of ${CORPUS_KINDS.join(', ')}`);
  process.exit(2);
}
const sizeMb = Number(option('--mb', '16'));
const compareFindings = args.includes('--findings');

const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
const sha = git('rev-parse', '--verify', `${ref}^{commit}`);
const compareDir = join(root, 'shared', '.compare');
const out = join(compareDir, sha);
if (!existsSync(join(out, 'index.js'))) {
  const staging = join(compareDir, `${sha}-src`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} shared/src | tar -x -C "${staging}" --strip-components=1`], { cwd: root });
  writeFileSync(
    join(staging, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: { rootDir: 'src', outDir: out, lib: ['ES2023'], types: [], declaration: false, declarationMap: false, sourceMap: false },
      include: ['src'],
    }),
  );
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(staging, 'tsconfig.json')], { cwd: staging, stdio: 'inherit' });
  rmSync(staging, { recursive: true, force: true });
}

const before = await import(pathToFileURL(join(out, 'index.js')).href);
const after = await import('@sluice/shared');
const corpus = mixedCorpus(root, sizeMb * 1024 * 1024, 42, kind ? [kind] : CORPUS_KINDS);
// Flat 1 MB strings, as dlp-speed scans them.
const inputs = [];
for (let i = 0; i < corpus.length; i += 1024 * 1024) inputs.push(Buffer.from(corpus.slice(i, i + 1024 * 1024), 'utf8').toString('utf8'));
const mb = Buffer.byteLength(corpus, 'utf8') / 1e6;

if (compareFindings) {
  let same = 0;
  const differences = [];
  for (const wasm of [true, false]) {
    const a = before.createDlpEngine({ wasm });
    const b = after.createDlpEngine({ wasm });
    for (const input of inputs) {
      for (const options of [{}, { overlaps: 'all', minConfidence: 0 }]) {
        const fa = a.scan(input, options).findings.map((f) => JSON.stringify(f));
        const fb = b.scan(input, options).findings.map((f) => JSON.stringify(f));
        const inB = new Set(fb);
        const inA = new Set(fa);
        for (const f of fa) if (inB.has(f)) same++; else differences.push(`  only ${ref}: ${f}`);
        for (const f of fb) if (!inA.has(f)) differences.push(`  only tree: ${f}`);
      }
    }
  }
  console.log(`findings: ${same} the same, ${differences.length} different`);
  for (const line of differences.slice(0, 20)) console.log(line);
}

const engines = { before: before.createDlpEngine(), after: after.createDlpEngine() };
const round = (engine) => {
  const t = performance.now();
  for (const input of inputs) engine.scan(input);
  return (performance.now() - t) / mb;
};
for (let i = 0; i < 2; i++) for (const e of Object.values(engines)) round(e);
const times = { before: [], after: [] };
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
  for (const name of order) times[name].push(round(engines[name]));
}
const quartile = (v) => [...v].sort((a, b) => a - b)[v.length >> 2];
const best = (v) => Math.min(...v);
const line = (name) => `p25 ${quartile(times[name]).toFixed(2)} ms/MB (${(1000 / quartile(times[name])).toFixed(0)} MB/s), best ${best(times[name]).toFixed(2)}`;
console.log(`DLP compare — ${kind ?? 'mixed'} corpus ${mb.toFixed(1)} MB, ${rounds} interleaved rounds, node ${process.version}`);
console.log(`  ${ref} (${sha.slice(0, 7)}): ${line('before')}`);
console.log(`  working tree: ${line('after')}`);
console.log(`  ratio (tree / ${ref}) at p25: ${(quartile(times.after) / quartile(times.before)).toFixed(3)}`);
