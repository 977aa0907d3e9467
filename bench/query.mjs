// Timeline query benchmark: seeds a collector database with one million events (a seeded,
// repeatable generator), starts the real collector on it and measures HTTP query latency.
//
//   npm run query -w @sluice/bench
//   node bench/query.mjs --events 1000000 --queries 300 --seed 7
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSqliteStore } from '@sluice/collector';
import { api, freePort, machine, percentile, startSluice } from './lib/process.mjs';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    devices: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '300' },
    seed: { type: 'string', default: '7' },
    days: { type: 'string', default: '30' },
  },
});
const EVENTS = Number(values.events);
const DEVICES = Number(values.devices);
const QUERIES = Number(values.queries);
const DAYS = Number(values.days);

/** mulberry32: a small seeded PRNG, so every run stores the same data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(values.seed));
const pick = (list) => list[Math.floor(random() * list.length)];

// A vocabulary with a Zipf-like frequency: a few words are everywhere, most are rare.
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 'an', 'el', 'or', 'ux', 'ven', 'dar', 'qui', 'zen'];
const VOCABULARY = Array.from({ length: 5_000 }, (_, i) => {
  let w = '';
  let n = i + 7;
  while (n > 0) {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return w;
});
const zipfWeights = VOCABULARY.map((_, i) => 1 / (i + 1));
const zipfTotal = zipfWeights.reduce((a, b) => a + b, 0);
const zipfCumulative = [];
zipfWeights.reduce((acc, w, i) => ((zipfCumulative[i] = acc + w / zipfTotal), acc + w / zipfTotal), 0);
function zipfWord() {
  const r = random();
  let lo = 0;
  let hi = zipfCumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (zipfCumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo];
}

const hex = (n, w) => n.toString(16).padStart(w, '0');
const deviceIds = Array.from({ length: DEVICES }, (_, i) => `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`);
const users = Array.from({ length: 200 }, (_, i) => `user${i}`);
const COMPONENTS = ['clipboard', 'windows', 'processes', 'inventory', 'history', 'transport'];
const end = Date.UTC(2026, 10, 1);
const start = end - DAYS * 86_400_000;

const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-query-'));
const seedStarted = performance.now();
const store = createSqliteStore({ file: join(dataDir, 'collector.db'), synchronous: 'normal' });
for (const id of deviceIds) {
  store.db.prepare('INSERT INTO devices (id, secret_hash, hostname, platform, enrolled_at) VALUES (?, ?, ?, ?, ?)').run(id, 'x', `host-${id.slice(0, 8)}`, 'linux', start);
}
const seqs = new Map();
let made = 0;
while (made < EVENTS) {
  const batches = new Map();
  for (let i = 0; i < 10_000 && made < EVENTS; i++, made++) {
    const deviceId = pick(deviceIds);
    const seq = (seqs.get(deviceId) ?? 0) + 1;
    seqs.set(deviceId, seq);
    const time = Math.floor(start + random() * (end - start));
    const user = pick(users);
    const words = Array.from({ length: 6 }, zipfWord).join(' ');
    const error = random() < 0.2;
    const type = error ? 'agent.error' : 'agent.test';
    const payload = error ? { component: pick(COMPONENTS), code: 'E_BENCH', message: words } : { index: made, count: EVENTS, note: words };
    const id = `${hex(time, 12).slice(0, 8)}-${hex(time, 12).slice(8)}-7000-8000-${hex(made, 12)}`;
    const row = { id, seq, user, type, time, payload: JSON.stringify(payload), searchText: `${type} ${user} ${error ? `${payload.component} E_BENCH ` : ''}${words}` };
    if (!batches.has(deviceId)) batches.set(deviceId, { deviceId, events: [], rejected: [], lastSeq: 0, receivedAt: end });
    const b = batches.get(deviceId);
    b.events.push(row);
    b.lastSeq = seq;
  }
  await store.appendBatches([...batches.values()]);
}
store.db.pragma('optimize');
await store.close();
const seedSeconds = (performance.now() - seedStarted) / 1000;

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const collector = startSluice(['collector', 'start', '--data', dataDir, '--port', String(port)], { SLUICE_LOG_LEVEL: 'warn' });
await collector.waitFor(/listening on/);
const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();

async function measure(name, makePath) {
  const times = [];
  let rows = 0;
  for (let i = 0; i < 20; i++) await api(url, token, makePath()); // warm the page cache
  for (let i = 0; i < QUERIES; i++) {
    const path = makePath();
    const t0 = performance.now();
    const res = await api(url, token, path);
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    rows += res.body.events.length;
  }
  times.sort((a, b) => a - b);
  return { query: name, p50Ms: +percentile(times, 50).toFixed(1), p95Ms: +percentile(times, 95).toFixed(1), maxMs: +times[times.length - 1].toFixed(1), avgRows: +(rows / QUERIES).toFixed(1) };
}

const day = 86_400_000;
const window = () => {
  const since = Math.floor(start + random() * (end - start - 3 * day));
  return { since, until: since + day };
};
const results = [
  await measure('device + 1-day range, 100 rows', () => {
    const { since, until } = window();
    return `/v1/events?device=${pick(deviceIds)}&since=${since}&until=${until}&limit=100`;
  }),
  await measure('device, newest 100', () => `/v1/events?device=${pick(deviceIds)}&limit=100`),
  await measure('all devices, 1-day range, 100 rows', () => {
    const { since, until } = window();
    return `/v1/events?since=${since}&until=${until}&limit=100`;
  }),
  await measure('type + user, 100 rows', () => `/v1/events?type=agent.error&user=${pick(users)}&limit=100`),
  await measure('full text, Zipf-distributed word, 100 rows', () => `/v1/events?text=${zipfWord()}&limit=100`),
  await measure('full text, two words, 100 rows', () => `/v1/events?text=${encodeURIComponent(`${zipfWord()} ${zipfWord()}`)}&limit=100`),
  await measure('full text + device, 100 rows', () => `/v1/events?text=${zipfWord()}&device=${pick(deviceIds)}&limit=100`),
  await measure(`full text, most common word ("${VOCABULARY[0]}", ~${Math.round((1 - (1 - 1 / zipfTotal) ** 6) * 100)}% of events)`, () => `/v1/events?text=${VOCABULARY[0]}&limit=100`),
];
console.log(JSON.stringify({ events: EVENTS, devices: DEVICES, queriesEach: QUERIES, seedSeconds: +seedSeconds.toFixed(1), results, machine: machine() }, null, 2));
collector.kill('SIGTERM');
await new Promise((r) => collector.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
