// Paste guard latency under Xvfb with openbox and the real X11 clipboard: from a clipboard change
// (a copy while an AI window has focus) or a focus change (an AI window brought to the front with a
// secret on the clipboard) to the guard's action on the clipboard. The real agent process runs with
// its defaults (discovery and paste guard) against a real collector. Both moments are observed from
// outside through the X server's own events (XFixes for the clipboard owner, PropertyNotify for the
// active window), so the figure includes everything the user would wait for. Afterwards, the agent's
// idle CPU is measured with the paste guard on.
//
//   npm run paste-latency -w @sluice/bench               # 200 of each trigger, 60 s idle
//   node bench/paste-latency.mjs --iterations 50 --idle 30
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { linux } from '@sluice/agent-platform';
import { api, cpuSeconds, freePort, machine, percentile, rssMiB, startSluice } from './lib/process.mjs';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200' },
    idle: { type: 'string', default: '60' },
  },
});
const ITERATIONS = Number(values.iterations);
const IDLE_S = Number(values.idle);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const root = mkdtempSync(join(tmpdir(), 'sluice-bench-paste-'));
const children = [];
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  spawnSync('pkill', ['-f', 'xclip -i -selection clipboard'], { stdio: 'ignore' });
});

async function until(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

// --- a private desktop -------------------------------------------------------------------------
const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
children.push(xvfb);
let xout = '';
xvfb.stdout.on('data', (c) => (xout += c));
const display = `:${await until(() => /^(\d+)\n/.exec(xout)?.[1], 10_000, 'Xvfb')}`;
const env = { ...process.env, DISPLAY: display };
children.push(spawn('openbox', ['--sm-disable'], { env, stdio: 'ignore' }));
const x = (file, args) => spawnSync(file, args, { env, encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
/**
 * The same, without blocking: while a synchronous child runs, the observer's X events would wait
 * in its socket and get late timestamps, so everything timed goes through this one.
 */
const xAsync = (file, args, input) =>
  new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', () => resolve(out));
    if (input !== undefined) child.stdin.end(input);
  });
await until(() => x('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK']).includes('window id'), 10_000, 'openbox');
async function openWindow(title) {
  const child = spawn('xmessage', ['-title', title, 'bench window'], { env, stdio: 'ignore' });
  children.push(child);
  const id = await until(() => x('xdotool', ['search', '--name', `^${title}$`]).split('\n')[0]?.trim(), 10_000, title);
  x('xprop', ['-id', id, '-f', '_NET_WM_PID', '32c', '-set', '_NET_WM_PID', String(child.pid)]);
  return id;
}
const aiWindow = await openWindow('ChatGPT - Google Chrome');
const editorWindow = await openWindow('main.py - project - Visual Studio Code');
/** A user's copy. xclip forks to serve the selection, so only its stdin is a pipe. */
const copy = (text) =>
  new Promise((resolve) => {
    const child = spawn('xclip', ['-i', '-selection', 'clipboard'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('close', resolve);
    child.stdin.end(text);
  });
const clipboardText = () => xAsync('xclip', ['-o', '-selection', 'clipboard']);

// --- the product: collector and agent ----------------------------------------------------------
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const collector = startSluice(['collector', 'start', '--data', join(root, 'collector'), '--port', String(port)], { SLUICE_LOG_LEVEL: 'warn' });
children.push(collector);
await collector.waitFor(/listening on/);
const token = readFileSync(join(root, 'collector', 'admin.token'), 'utf8').trim();
const enrollment = (await api(url, token, '/v1/enrollment-tokens', { method: 'POST', body: '{}' })).body.token;
const enrolled = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'cli', 'dist', 'bin.js'), 'agent', 'enroll', '--url', url, '--token', enrollment, '--data', join(root, 'agent')], { encoding: 'utf8' });
if (enrolled.status !== 0) throw new Error(enrolled.stderr);
const agent = startSluice(['agent', 'run', '--data', join(root, 'agent')], { ...env, SLUICE_LOG_LEVEL: 'warn' });
children.push(agent);
await agent.waitFor(/agent running as device/);
await sleep(3_000);

// --- the observer: the X server's own events ----------------------------------------------------
const observer = await linux.X11Desktop.connect(display);
const clipboardEvents = [];
const focusEvents = [];
observer.onClipboardChange(() => clipboardEvents.push(performance.now()));
observer.onFocusChange(() => focusEvents.push(performance.now()));

/** Time of the first clipboard owner change after `since`, once the clipboard satisfies `done`. */
async function actionAfter(since, done) {
  await until(async () => done(await clipboardText()), 5_000, 'the guard to act');
  const t = clipboardEvents.find((e) => e > since);
  if (t === undefined) throw new Error('no clipboard event seen');
  return t;
}

const onCopy = [];
const onFocus = [];
const onRestore = [];
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A distinct, well-formed AWS access key id per iteration (AKIA and 16 base-32 characters). */
const key = (i) => {
  let tail = '';
  for (let n = i, k = 0; k < 6; k++, n = Math.floor(n / 32)) tail += BASE32[n % 32];
  return `AKIAQ3EGUHLO${tail}KX`.slice(0, 20);
};
for (let i = 0; i < ITERATIONS; i++) {
  // Clipboard trigger: the AI window has focus, the user copies a secret.
  await xAsync('xdotool', ['windowactivate', '--sync', aiWindow]);
  await sleep(30);
  const secret = `aws_access_key_id = ${key(i)}\n`;
  const copied = clipboardEvents.length;
  await copy(secret);
  await until(() => clipboardEvents.length > copied, 2_000, 'copy event');
  const t0 = clipboardEvents[copied];
  const t1 = await actionAfter(t0, (text) => text.includes('[REDACTED:'));
  onCopy.push(t1 - t0);

  // Focus trigger: the secret is copied in the editor, then the AI window comes to the front.
  await xAsync('xdotool', ['windowactivate', '--sync', editorWindow]);
  await until(async () => (await clipboardText()) === secret, 2_000, 'restore on leaving');
  const secret2 = `token ${key(i + 100_000)} for the build\n`;
  await copy(secret2);
  await sleep(30);
  const focused = focusEvents.length;
  await xAsync('xdotool', ['windowactivate', aiWindow]);
  await until(() => focusEvents.length > focused, 2_000, 'focus event');
  const f0 = focusEvents[focused];
  const f1 = await actionAfter(f0, (text) => text.startsWith('token [REDACTED:'));
  onFocus.push(f1 - f0);

  // And back: the original returns when the AI window loses focus.
  const restored = focusEvents.length;
  await xAsync('xdotool', ['windowactivate', editorWindow]);
  await until(() => focusEvents.length > restored, 2_000, 'focus event');
  const r0 = focusEvents[restored];
  const r1 = await actionAfter(r0, (text) => text === secret2);
  onRestore.push(r1 - r0);
}
observer.close();

const summary = (list) => {
  const s = [...list].sort((a, b) => a - b);
  return { n: s.length, p50Ms: +percentile(s, 50).toFixed(1), p99Ms: +percentile(s, 99).toFixed(1), maxMs: +s[s.length - 1].toFixed(1) };
};

// --- idle CPU with the paste guard on -----------------------------------------------------------
x('xdotool', ['windowactivate', '--sync', editorWindow]);
await sleep(5_000);
const cpu0 = cpuSeconds(agent.pid);
const t0 = performance.now();
await sleep(IDLE_S * 1000);
const idleCpu = ((cpuSeconds(agent.pid) - cpu0) / ((performance.now() - t0) / 1000)) * 100;

const events = (await api(url, token, '/v1/events?type=paste.to_ai&limit=1000')).body.events;
const agentReported = summary(events.map((e) => e.payload.latencyMs));
const result = {
  iterations: ITERATIONS,
  clipboardChangeToRedaction: summary(onCopy),
  focusChangeToRedaction: summary(onFocus),
  focusLossToRestore: summary(onRestore),
  agentReportedLatency: agentReported,
  pasteEventsInTimeline: events.length,
  agentIdleCpuPercentOfOneCore: +idleCpu.toFixed(2),
  agentRssMiB: +rssMiB(agent.pid).toFixed(1),
  idleSeconds: IDLE_S,
  machine: machine(),
};
console.log(JSON.stringify(result, null, 2));
agent.kill('SIGTERM');
collector.kill('SIGTERM');
await sleep(1_000);
rmSync(root, { recursive: true, force: true });
process.exit(0);
