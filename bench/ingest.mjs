// Ingest benchmark: N simulated agents over real WebSockets against a real collector process with
// durable SQLite. Prints sustained events/s, send-to-ack latency and the collector's CPU and RSS.
//
//   npm run bench                       # 200 agents, 30,000 events/s offered, 60 s
//   node bench/ingest.mjs --agents 200 --rate 30000 --seconds 60 --batch 100 --interval 100
//   node bench/ingest.mjs --rate 0      # unthrottled: every agent keeps its window full
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { api, cpuSeconds, freePort, machine, percentile, rssMiB, startSluice } from './lib/process.mjs';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '200' },
    rate: { type: 'string', default: '30000' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    batch: { type: 'string', default: '100' },
    window: { type: 'string', default: '4' },
    interval: { type: 'string', default: '100' },
    synchronous: { type: 'string', default: 'full' },
  },
});
const AGENTS = Number(values.agents);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const BATCH = Number(values.batch);
const WINDOW = Number(values.window);
const INTERVAL_MS = Number(values.interval);

const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-ingest-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const collector = startSluice(['collector', 'start', '--data', dataDir, '--port', String(port)], {
  SLUICE_LOG_LEVEL: 'warn',
  SLUICE_SQLITE_SYNCHRONOUS: values.synchronous,
});
await collector.waitFor(/listening on/);
const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();

// Enroll the simulated devices through the real API.
const enrollment = (await api(url, token, '/v1/enrollment-tokens', { method: 'POST', body: JSON.stringify({ maxUses: AGENTS }) })).body.token;
const devices = [];
for (let i = 0; i < AGENTS; i++) {
  const res = await fetch(`${url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: enrollment, hostname: `bench-${i}` }) });
  devices.push(await res.json());
}

/** Cumulative bucket counts of the collector's receive-to-ack histogram. */
async function ackHistogram() {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = [];
  for (const m of text.matchAll(/^sluice_ack_latency_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)) buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])]);
  return buckets;
}

/** Percentiles over the window between two histogram snapshots, as the upper bound of the bucket. */
function histogramPercentiles(before, after, ps) {
  const counts = after.map(([le, n], i) => [le, n - (before[i]?.[1] ?? 0)]);
  const total = counts[counts.length - 1]?.[1] ?? 0;
  const out = {};
  for (const p of ps) {
    const target = (p / 100) * total;
    const bucket = counts.find(([, n]) => n >= target);
    out[`p${p}AtMost`] = bucket ? bucket[0] * 1000 : null;
  }
  return out;
}

let idCounter = 0;
/** A UUIDv7 built from the time and a process-wide counter: unique without crypto per event. */
function eventId(now) {
  idCounter += 1;
  const t = now.toString(16).padStart(12, '0');
  const c = idCounter.toString(16).padStart(15, '0');
  return `${t.slice(0, 8)}-${t.slice(8)}-7${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6, 15).padStart(12, 'a')}`;
}

const latencies = [];
let acked = 0;
let measuring = false;
let measuredAcked = 0;

class SimAgent {
  constructor(device) {
    this.device = device;
    this.seq = 0;
    this.batch = 0;
    this.inFlight = new Map();
    // Agents are not synchronized in a real fleet: start each at a random point of its cycle.
    this.tokens = Math.random() * BATCH;
    this.lastSend = performance.now() - Math.random() * INTERVAL_MS;
    this.ready = false;
    this.paused = false;
  }
  connect() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(`${url.replace('http', 'ws')}/v1/agent`, {
        headers: { authorization: `Bearer ${this.device.deviceSecret}`, 'x-sluice-device': this.device.deviceId },
        perMessageDeflate: false,
      });
      this.ws.on('open', () => {
        this.ws.send(JSON.stringify({ type: 'hello', protocol: 1, deviceId: this.device.deviceId, agentVersion: 'bench', os: { platform: 'linux', release: '6', arch: 'x64', hostname: 'bench' }, policyVersion: 1 }));
      });
      this.ws.on('message', (data) => {
        const m = JSON.parse(data);
        if (m.type === 'welcome') {
          this.ready = true;
          resolve();
        } else if (m.type === 'ack') {
          const sent = this.inFlight.get(m.batch);
          if (sent) {
            this.inFlight.delete(m.batch);
            acked += sent.count;
            if (measuring) {
              measuredAcked += sent.count;
              latencies.push(performance.now() - sent.at);
            }
          }
        } else if (m.type === 'flow') {
          this.paused = m.action === 'pause';
        } else if (m.type === 'error') {
          console.error(`collector error for ${this.device.deviceId}: ${m.code} ${m.message}`);
        }
      });
      this.ws.on('error', reject);
    });
  }
  sendBatch(count) {
    const now = Date.now();
    const items = [];
    for (let i = 0; i < count; i++) {
      this.seq += 1;
      items.push(`{"seq":${this.seq},"event":{"id":"${eventId(now)}","deviceId":"${this.device.deviceId}","user":"user${this.seq % 50}","time":${now},"type":"agent.test","payload":{"index":${this.seq},"count":1,"note":"bench run ${this.seq % 97}"}}}`);
    }
    this.batch += 1;
    this.inFlight.set(this.batch, { at: performance.now(), count });
    this.ws.send(`{"type":"events","batch":${this.batch},"events":[${items.join(',')}]}`);
  }
  /** Like the real agent: a full batch goes at once, a partial one after the batching interval. */
  tick(budget, now) {
    if (!this.ready || this.paused) return;
    this.tokens += budget;
    while (this.inFlight.size < WINDOW && (RATE === 0 || this.tokens >= BATCH)) {
      this.sendBatch(BATCH);
      this.tokens -= BATCH;
      this.lastSend = now;
    }
    if (RATE !== 0 && this.tokens >= 1 && this.inFlight.size < WINDOW && now - this.lastSend >= INTERVAL_MS) {
      const count = Math.floor(this.tokens);
      this.sendBatch(count);
      this.tokens -= count;
      this.lastSend = now;
    }
    if (RATE !== 0) this.tokens = Math.min(this.tokens, BATCH * WINDOW);
  }
}

const agents = devices.map((d) => new SimAgent(d));
await Promise.all(agents.map((a) => a.connect()));

const TICK_MS = 10;
let lastTick = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  // Tokens follow elapsed time, not the nominal tick, so the offered rate is what was asked for.
  const budget = RATE === 0 ? 0 : (RATE / AGENTS) * ((now - lastTick) / 1000);
  lastTick = now;
  for (const a of agents) a.tick(budget, now);
}, TICK_MS);

await new Promise((r) => setTimeout(r, WARMUP * 1000));
measuring = true;
const cpuStart = cpuSeconds(collector.pid);
const selfCpuStart = process.cpuUsage();
const histogramStart = await ackHistogram();
const t0 = performance.now();
let peakRss = rssMiB(collector.pid);
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(collector.pid))), 1000);
await new Promise((r) => setTimeout(r, SECONDS * 1000));
measuring = false;
const elapsed = (performance.now() - t0) / 1000;
const cpuUsed = cpuSeconds(collector.pid) - cpuStart;
const selfCpu = process.cpuUsage(selfCpuStart);
const histogramEnd = await ackHistogram();
clearInterval(sampler);
clearInterval(ticker);

// Let everything in flight be acknowledged, then check that storage holds exactly what was acked.
await new Promise((r) => setTimeout(r, 2_000));
const metrics = await (await fetch(`${url}/metrics`)).text();
const ingested = Number(/^sluice_events_ingested_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
/** Cumulative counts of one histogram of the collector's metrics, by upper bound. */
const histogram = (name) =>
  Object.fromEntries([...metrics.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)`, 'gm'))].map((m) => [m[1], Number(m[2])]));
for (const a of agents) a.ws.close();

latencies.sort((a, b) => a - b);
const result = {
  agents: AGENTS,
  offeredRate: RATE === 0 ? 'unthrottled' : RATE,
  batch: BATCH,
  window: WINDOW,
  batchIntervalMs: INTERVAL_MS,
  synchronous: values.synchronous,
  seconds: Number(elapsed.toFixed(1)),
  sustainedEventsPerSecond: Math.round(measuredAcked / elapsed),
  ackLatencyMs: { p50: Number(percentile(latencies, 50).toFixed(1)), p99: Number(percentile(latencies, 99).toFixed(1)), max: Number((latencies[latencies.length - 1] ?? NaN).toFixed(1)) },
  collectorReceiveToAckMs: histogramPercentiles(histogramStart, histogramEnd, [50, 99]),
  loadGeneratorCpuPercentOfOneCore: Number((((selfCpu.user + selfCpu.system) / 1e6 / elapsed) * 100).toFixed(1)),
  collectorCpuPercentOfOneCore: Number(((cpuUsed / elapsed) * 100).toFixed(1)),
  collectorPeakRssMiB: Number(peakRss.toFixed(1)),
  eventsAckedTotal: acked,
  eventsStoredTotal: ingested,
  groupCommitSecondsHistogram: histogram('sluice_write_duration_seconds'),
  eventsPerCommitHistogram: histogram('sluice_write_batch_events'),
  machine: machine(),
};
console.log(JSON.stringify(result, null, 2));
collector.kill('SIGTERM');
await new Promise((r) => collector.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
if (ingested !== acked) {
  console.error(`MISMATCH: ${acked} acknowledged but ${ingested} stored`);
  process.exitCode = 1;
}
