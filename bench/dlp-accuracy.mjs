// Accuracy of the DLP engine on the external development sets in ../shared/eval (outside the
// repository; read, never copied): gitleaks' own rule tests and Presidio's recognizer tests.
//
//   npm run build -w @sluice/shared && npm run dlp-accuracy -w @sluice/bench [-- --misses] [-- --json]
//
// Definitions (issue 3):
// - gitleaks: a rule is covered when dlp-eval-maps.mjs maps it to Sluice detectors. Recall is over
//   the covered positives whose value is literal (`literal`, `literal_in_sample_template`): a row
//   counts when one of the mapped detectors reports a finding in its text. False positives are the
//   covered negatives on which a mapped detector fires. Three gitleaks rules mean "a secret of any
//   kind" (generic-api-key, curl-auth-header, curl-auth-user): any credential detector finds their
//   positives; on their negatives, only the generic detectors mapped to them count. `random_from_regex` rows are reported
//   apart: they are values generated from gitleaks' own regexes and test format coverage only.
// - Presidio: recall per expected span of the entity types the issue names, a span counting when a
//   finding of the same entity overlaps it; false positives are negative cases with a finding of
//   the recognizer's entity. The engine runs with its default settings (minimum confidence 0.3).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDlpEngine, DEFAULT_MIN_CONFIDENCE } from '@sluice/shared';
import { GITLEAKS_TO_SLUICE, PRESIDIO_TO_SLUICE } from './dlp-eval-maps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const evalDir = resolve(here, '../../shared/eval');
const gitleaksPath = resolve(evalDir, 'secrets/gitleaks_rule_tests.jsonl');
const presidioPath = resolve(evalDir, 'pii/presidio_recognizer_tests.jsonl');
const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const asJson = args.includes('--json');

if (!existsSync(gitleaksPath) || !existsSync(presidioPath)) {
  console.error(`dlp-accuracy: the evaluation sets are not there (${evalDir}).`);
  console.error('They live outside the repository, in ../shared/eval; nothing was measured.');
  process.exit(2);
}

const readJsonl = (path) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));

const engine = createDlpEngine();
const credentialIds = engine.detectors.filter((d) => d.category === 'credential').map((d) => d.id);
// Rules that mean "some secret is here" rather than one provider's credential: any credential
// detector finds their positives; on their negatives only the generic detectors mapped to them
// count (a negative may hold a secret of another kind, README of ../shared/eval).
const GENERIC_RULES = new Set(['generic-api-key', 'curl-auth-header', 'curl-auth-user']);
const mappedFor = (rule, label) => (GENERIC_RULES.has(rule) && label === 'secret' ? credentialIds : GITLEAKS_TO_SLUICE[rule]);
const known = new Set(engine.detectors.map((d) => d.id));
for (const [rule, ids] of Object.entries(GITLEAKS_TO_SLUICE)) {
  for (const id of ids) if (!known.has(id)) throw new Error(`map names unknown detector ${id} (rule ${rule})`);
}
const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
const short = (s, n = 110) => JSON.stringify(s.length > n ? `${s.slice(0, n)}…` : s);

// ---------------------------------------------------------------- gitleaks
const gl = readJsonl(gitleaksPath);
const perRule = new Map();
const glMisses = [];
const glFalse = [];
let litPos = 0;
let litHit = 0;
let litHitAny = 0;
let negTotal = 0;
let negFp = 0;
let negAny = 0;
let randPos = 0;
let randHit = 0;
let uncoveredLit = 0;
const uncoveredRules = new Set();
for (const row of gl) {
  const mapped = mappedFor(row.rule_id, row.label);
  const findings = engine.scan(row.text).findings;
  const hit = mapped ? findings.some((f) => mapped.includes(f.detector)) : false;
  const anyCredential = findings.some((f) => f.category === 'credential');
  const literal = row.value_origin !== 'random_from_regex';
  const stats = perRule.get(row.rule_id) ?? { covered: !!mapped, litPos: 0, litHit: 0, randPos: 0, randHit: 0, neg: 0, fp: 0 };
  perRule.set(row.rule_id, stats);
  if (!mapped) {
    uncoveredRules.add(row.rule_id);
    if (row.label === 'secret' && literal) uncoveredLit++;
    continue;
  }
  if (row.label === 'secret') {
    if (literal) {
      litPos++;
      stats.litPos++;
      if (hit) {
        litHit++;
        stats.litHit++;
      } else glMisses.push({ rule: row.rule_id, text: row.text, found: findings.map((f) => f.detector) });
      if (hit || anyCredential) litHitAny++;
    } else {
      randPos++;
      stats.randPos++;
      if (hit) {
        randHit++;
        stats.randHit++;
      }
    }
  } else {
    negTotal++;
    stats.neg++;
    if (hit) {
      negFp++;
      stats.fp++;
      glFalse.push({ rule: row.rule_id, text: row.text, found: findings.filter((f) => mapped.includes(f.detector)).map((f) => f.detector) });
    }
    if (anyCredential) negAny++;
  }
}

// ---------------------------------------------------------------- Presidio
const pr = readJsonl(presidioPath);
const perRecognizer = new Map();
const prMisses = [];
const prFalse = [];
const totals = { named: { spans: 0, hit: 0, neg: 0, fp: 0 }, other: { spans: 0, hit: 0, neg: 0, fp: 0 } };
let skippedNoSpans = 0;
for (const row of pr) {
  const target = PRESIDIO_TO_SLUICE[row.recognizer_test];
  if (!target) continue;
  const bucket = target.named ? totals.named : totals.other;
  const stats = perRecognizer.get(row.recognizer_test) ?? { entity: target.entity, named: target.named, spans: 0, hit: 0, neg: 0, fp: 0 };
  perRecognizer.set(row.recognizer_test, stats);
  const findings = engine.scan(row.text).findings.filter((f) => f.entity === target.entity);
  if (row.label === 'pii') {
    // Rows without spans (a few recognizer tests only assert a count) count as one unit of the whole text.
    const spans = Array.isArray(row.expected_spans) ? row.expected_spans : [[0, row.text.length]];
    if (spans.length === 0) {
      skippedNoSpans++;
      continue;
    }
    for (const [a, b] of spans) {
      stats.spans++;
      bucket.spans++;
      if (findings.some((f) => f.start < b && a < f.end)) {
        stats.hit++;
        bucket.hit++;
      } else prMisses.push({ recognizer: row.recognizer_test, text: row.text, span: [a, b], found: engine.scan(row.text).findings.map((f) => `${f.detector}@${f.start}-${f.end}:${f.confidence}`) });
    }
  } else {
    stats.neg++;
    bucket.neg++;
    if (findings.length > 0) {
      stats.fp++;
      bucket.fp++;
      prFalse.push({ recognizer: row.recognizer_test, text: row.text, found: findings.map((f) => `${f.detector}:${f.confidence}`) });
    }
  }
}

const summary = {
  minConfidence: DEFAULT_MIN_CONFIDENCE,
  gitleaks: {
    rules: perRule.size,
    coveredRules: perRule.size - uncoveredRules.size,
    uncoveredRules: [...uncoveredRules].sort(),
    literalPositives: litPos,
    literalRecall: litHit / litPos,
    literalRecallAnyCredentialDetector: litHitAny / litPos,
    uncoveredLiteralPositives: uncoveredLit,
    negatives: negTotal,
    falsePositives: negFp,
    falsePositiveRate: negFp / negTotal,
    negativesWithAnyCredentialFinding: negAny,
    generatedPositives: randPos,
    generatedRecall: randHit / randPos,
  },
  presidio: {
    namedEntityTypes: { ...totals.named, recall: totals.named.hit / totals.named.spans, falsePositiveRate: totals.named.fp / totals.named.neg },
    otherCoveredTypes: { ...totals.other, recall: totals.other.hit / totals.other.spans },
    rowsWithEmptySpanList: skippedNoSpans,
  },
};

if (asJson) {
  console.log(JSON.stringify({ summary, perRule: Object.fromEntries(perRule), perRecognizer: Object.fromEntries(perRecognizer), glMisses, glFalse, prMisses, prFalse }, null, 2));
  process.exit(0);
}

console.log(`DLP accuracy on ../shared/eval (node ${process.version}, default engine, min confidence ${DEFAULT_MIN_CONFIDENCE})\n`);
console.log('gitleaks rule tests');
console.log(`  rules: ${summary.gitleaks.rules}, covered: ${summary.gitleaks.coveredRules}, not covered: ${uncoveredRules.size} (${[...uncoveredRules].join(', ')})`);
console.log(`  literal positives of covered rules: ${litPos}, recall ${pct(litHit, litPos)} (${litPos - litHit} missed); by any credential detector ${pct(litHitAny, litPos)}`);
console.log(`  negatives of covered rules: ${negTotal}, false positives ${negFp} = ${pct(negFp, negTotal)}; negatives with any credential finding: ${negAny}`);
console.log(`  generated positives (random_from_regex): ${randPos}, recall ${pct(randHit, randPos)}`);
console.log(`  literal positives of uncovered rules (not scored): ${uncoveredLit}`);
console.log('\n  per rule (covered, with literal positives or negatives): lit hit/pos · generated hit/pos · fp/neg');
for (const [rule, s] of [...perRule.entries()].sort()) {
  if (!s.covered || (s.litPos === 0 && s.neg === 0 && s.randHit === s.randPos)) continue;
  console.log(`    ${rule.padEnd(44)} ${String(s.litHit).padStart(3)}/${String(s.litPos).padEnd(3)} · ${String(s.randHit).padStart(3)}/${String(s.randPos).padEnd(3)} · ${s.fp}/${s.neg}`);
}
console.log('\nPresidio recognizer tests');
const n = summary.presidio.namedEntityTypes;
console.log(`  entity types named in issue 3: ${n.spans} expected spans, recall ${pct(n.hit, n.spans)} (${n.spans - n.hit} missed); negatives ${n.neg}, with a finding ${n.fp} = ${pct(n.fp, n.neg)}`);
const o = summary.presidio.otherCoveredTypes;
console.log(`  other covered types (US_BANK_NUMBER, US_NPI, US_MBI): ${o.spans} spans, recall ${pct(o.hit, o.spans)}; negatives ${o.neg}, with a finding ${o.fp}`);
console.log('  per recognizer: hit/spans · fp/neg');
for (const [name, s] of [...perRecognizer.entries()].sort()) {
  console.log(`    ${name.padEnd(34)} ${s.entity.padEnd(20)} ${String(s.hit).padStart(3)}/${String(s.spans).padEnd(3)} · ${s.fp}/${s.neg}`);
}
if (showMisses) {
  console.log('\ngitleaks literal misses');
  for (const m of glMisses) console.log(`  ${m.rule}: ${short(m.text)} found=[${m.found.join(',')}]`);
  console.log('\ngitleaks false positives');
  for (const m of glFalse) console.log(`  ${m.rule}: ${short(m.text)} by [${m.found.join(',')}]`);
  console.log('\nPresidio misses');
  for (const m of prMisses) console.log(`  ${m.recognizer}: ${short(m.text)} span=${JSON.stringify(m.span)} found=[${m.found.join(',')}]`);
  console.log('\nPresidio false positives');
  for (const m of prFalse) console.log(`  ${m.recognizer}: ${short(m.text)} [${m.found.join(',')}]`);
}
