// Measures how much of an external list of AI domains the Sluice catalog covers: a listed domain is
// covered when it is a catalog domain or a subdomain of one. The list is read from ../shared/eval
// (outside the repository) and never copied; the catalog is not built from it.
//
// Run: npm run build -w @sluice/shared && npm run catalog-coverage -w @sluice/bench
// Options: --list PATH (another CSV with a `value` and optional `match_type` column), --json
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { builtinCatalog, createFingerprinter, matchDomain } from '@sluice/shared';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const listArg = args.indexOf('--list');
const listPath = listArg >= 0 ? resolve(args[listArg + 1] ?? '') : resolve(here, '../../shared/eval/ai_domains/v2fly_category_ai.csv');
const asJson = args.includes('--json');

if (!existsSync(listPath)) {
  console.error(`catalog-coverage: the evaluation list is not there: ${listPath}`);
  console.error('It lives outside the repository (../shared/eval); nothing was measured.');
  process.exit(2);
}

/** Minimal RFC 4180 CSV reader: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const [header = [], ...rows] = parseCsv(readFileSync(listPath, 'utf8'));
const col = (name) => header.indexOf(name);
const valueCol = col('value');
const typeCol = col('match_type');
const vendorCol = col('vendor_list');
if (valueCol < 0) {
  console.error('catalog-coverage: the list has no `value` column.');
  process.exit(2);
}

const domains = new Map();
const skipped = new Map();
for (const r of rows) {
  const value = (r[valueCol] ?? '').trim().toLowerCase();
  if (!value) continue;
  const type = typeCol >= 0 ? (r[typeCol] ?? 'domain') : 'domain';
  const vendor = vendorCol >= 0 ? (r[vendorCol] ?? '') : '';
  if (type === 'domain' || type === 'full') {
    if (!domains.has(value)) domains.set(value, { type, vendor });
  } else skipped.set(value, type);
}

// The first lookup validates and compiles the catalog; time the lookups, not that.
matchDomain('warm-up.example');
const started = performance.now();
const covered = [];
const missed = [];
for (const [domain, info] of domains) {
  const hit = matchDomain(domain);
  (hit ? covered : missed).push({ domain, ...info, by: hit?.domain });
}
const elapsedMs = performance.now() - started;

// Matcher throughput on a fixed mix of process, window, URL and probe descriptors.
const fp = createFingerprinter();
const mix = [
  { name: 'node', cmdline: 'node /usr/lib/node_modules/@anthropic-ai/claude-code/cli.js --print' },
  { name: 'chrome', title: 'Fix the flaky test - Claude - Google Chrome' },
  { url: 'https://chat.deepseek.com/a/chat/s/1' },
  { name: 'xq7', listenPorts: [41999], probe: { status: 200, body: '{"version":"0.12.3"}', path: '/api/version' } },
  { name: 'vim', exe: '/usr/bin/vim', cmdline: 'vim notes.txt' },
  { name: 'Cursor', exe: '/Applications/Cursor.app/Contents/MacOS/Cursor', teamId: 'VDXQ22DGB9' },
];
const ROUNDS = 5000;
const matchStart = performance.now();
for (let i = 0; i < ROUNDS; i += 1) for (const d of mix) fp.match(d);
const matchUsPerDescriptor = ((performance.now() - matchStart) * 1000) / (ROUNDS * mix.length);

const catalog = builtinCatalog();
const catalogDomains = new Set();
for (const g of catalog.domains) for (const d of g.domains) catalogDomains.add(d);
for (const a of catalog.apps) for (const s of a.signals) for (const d of s.domains ?? []) catalogDomains.add(d);

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
} catch {
  // Not a git checkout: the commit stays unknown.
}

const share = domains.size === 0 ? 0 : covered.length / domains.size;
const result = {
  list: listPath,
  listed: domains.size,
  covered: covered.length,
  share: Math.round(share * 1000) / 10,
  skippedPatterns: skipped.size,
  catalogDomains: catalogDomains.size,
  catalogApps: catalog.apps.length,
  lookupMs: Math.round(elapsedMs * 100) / 100,
  matchMicrosPerDescriptor: Math.round(matchUsPerDescriptor * 10) / 10,
  commit,
  node: process.version,
  misses: missed.sort((a, b) => a.vendor.localeCompare(b.vendor) || a.domain.localeCompare(b.domain)),
};

if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log('# AI catalog coverage');
  console.log(`list:      ${listPath}`);
  console.log(`catalog:   ${result.catalogApps} apps, ${result.catalogDomains} domains (commit ${commit}, node ${process.version})`);
  console.log(`covered:   ${covered.length} / ${domains.size} listed domains = ${result.share} %`);
  console.log(`skipped:   ${skipped.size} regexp/keyword patterns (not domains)`);
  console.log(`lookup:    ${result.lookupMs} ms for ${domains.size} lookups`);
  console.log(`matcher:   ${result.matchMicrosPerDescriptor} µs per descriptor (${ROUNDS * mix.length} mixed descriptors)`);
  console.log(`\nmisses (${missed.length}), by vendor in the list:`);
  let last = '';
  for (const m of result.misses) {
    if (m.vendor !== last) {
      console.log(`  ${m.vendor || '(no vendor)'}:`);
      last = m.vendor;
    }
    console.log(`    ${m.domain}${m.type === 'full' ? ' (full)' : ''}`);
  }
}
