// A deterministic mixed corpus for the DLP benchmarks: source code and prose taken from installed
// packages (so it is real text, not generated words), plus generated logs and CSV with a little
// sensitive data sprinkled in, the way real pastes carry it (about one value per 4 KB).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A small seeded generator (xorshift32): the same corpus on every run and machine. */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

function filesUnder(dir, exts, out, limit) {
  let entries;
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of entries) {
    if (out.bytes >= limit) return;
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) filesUnder(path, exts, out, limit);
    else if (exts.some((e) => name.endsWith(e)) && st.size > 512 && st.size < 300_000) {
      const text = readFileSync(path, 'utf8');
      out.parts.push(text);
      out.bytes += text.length;
    }
  }
}

function collect(dirs, exts, limit) {
  const out = { parts: [], bytes: 0 };
  for (const dir of dirs) filesUnder(dir, exts, out, limit);
  return out.parts.join('\n');
}

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eve', 'Farah', 'Gustavo', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lena'];
const LAST = ['Silva', 'Okafor', 'Nguyen', 'Schmidt', 'Rossi', 'Kowalski', 'Haddad', 'Tanaka', 'Dubois', 'Larsen'];

function logs(bytes, r) {
  const lines = [];
  let size = 0;
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
  while (size < bytes) {
    const t = `2025-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}T${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}.${Math.floor(r() * 1000)}Z`;
    const ip = `10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
    const line = `${t} ${levels[Math.floor(r() * levels.length)]} [worker-${Math.floor(r() * 16)}] req=${Math.floor(r() * 1e12).toString(16)} method=GET path=/api/v2/orders/${Math.floor(r() * 1e6)}/items status=${r() < 0.9 ? 200 : 503} bytes=${Math.floor(r() * 1e5)} latency_ms=${(r() * 800).toFixed(1)} client=${ip} ua="Mozilla/5.0 (X11; Linux x86_64)"`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function csv(bytes, r) {
  const lines = ['id,first_name,last_name,email,city,amount,currency,created_at,notes'];
  let size = 0;
  while (size < bytes) {
    const f = FIRST[Math.floor(r() * FIRST.length)];
    const l = LAST[Math.floor(r() * LAST.length)];
    const line = `${Math.floor(r() * 1e7)},${f},${l},${f.toLowerCase()}.${l.toLowerCase()}${Math.floor(r() * 100)}@example.net,Lisbon,${(r() * 5000).toFixed(2)},EUR,2024-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')},"order ${Math.floor(r() * 1e5)} shipped"`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** Sensitive values inserted into the corpus: formats the catalog knows, generated per run seed. */
function sensitive(r) {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const pick = (n) => Array.from({ length: n }, () => alnum[Math.floor(r() * alnum.length)]).join('');
  const choices = [
    () => `export OPENAI_API_KEY=sk-proj-${pick(74)}T3BlbkFJ${pick(74)}`,
    () => `aws_access_key_id = AKIA${pick(16).toUpperCase().replace(/[018 9]/g, 'Q')}`,
    () => `Authorization: Bearer ${pick(40)}`,
    () => `DATABASE_URL=postgres://app:${pick(16)}@db.internal:5432/app`,
    () => `contact ${FIRST[Math.floor(r() * FIRST.length)].toLowerCase()}@acme-corp.io or call (415) 555-2671`,
    () => `card 4940 1842 0360 3003 exp 11/27`,
    () => `IBAN NL02 RABO 9888 6494 02`,
    () => `SSN: 536-90-4410`,
    () => `slack xoxb-${Math.floor(r() * 1e12)}-${Math.floor(r() * 1e12)}-${pick(24)}`,
  ];
  return choices[Math.floor(r() * choices.length)]();
}

/** The four kinds of text in the corpus. */
export const CORPUS_KINDS = ['code', 'prose', 'logs', 'csv'];

/**
 * Builds the corpus: roughly a quarter each of code, prose, logs and CSV, interleaved in 16 KB
 * blocks, with sensitive values inserted about every 4 KB. `sizeChars` is approximate. `only`
 * restricts it to some kinds (for per-kind throughput).
 */
export function mixedCorpus(repoRoot, sizeChars = 16 * 1024 * 1024, seed = 42, only = CORPUS_KINDS) {
  const r = rng(seed);
  const share = Math.ceil(sizeChars / only.length);
  const nm = resolve(repoRoot, 'node_modules');
  const sources = {
    code: () => collect([join(nm, 'zod'), join(nm, 'typescript/lib'), join(nm, 'vitest'), join(nm, '@noble')], ['.js', '.ts', '.mjs'], share),
    prose: () => collect([nm], ['.md'], share),
    logs: () => logs(share, r),
    csv: () => csv(share, r),
  };
  const kinds = only.map((k) => sources[k]());
  const block = 16 * 1024;
  const parts = [];
  let total = 0;
  for (let i = 0; total < sizeChars; i++) {
    const src = kinds[i % kinds.length];
    const at = Math.floor(r() * Math.max(1, src.length - block));
    let chunk = src.slice(at, at + block);
    // One sensitive value per ~4 KB, on its own line.
    const pieces = [];
    for (let j = 0; j < chunk.length; j += 4096) pieces.push(chunk.slice(j, j + 4096), `\n${sensitive(r)}\n`);
    chunk = pieces.join('');
    parts.push(chunk);
    total += chunk.length;
  }
  return parts.join('\n');
}
