// AI discovery footprint: the real agent (`sluice agent run`, discovery on with its default sampling:
// window ~1 Hz, processes every 5 s, inventory hourly) idle on this machine with 300 extra processes
// running, connected to a real collector. Prints the agent's average CPU (% of one core) and RSS over
// the measured window, with and without the CPU of the X tools it spawns.
//
//   npm run discovery-footprint -w @sluice/bench                 # 10 minutes, 300 processes
//   node bench/discovery-footprint.mjs --minutes 2 --processes 300
//   node bench/discovery-footprint.mjs --no-display              # no X server: window source off
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds, freePort, machine, rssMiB, startSluice } from './lib/process.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    processes: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    'no-display': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const MINUTES = Number(values.minutes);
const PROCESSES = Number(values.processes);
const WARMUP_S = Number(values.warmup);

const root = mkdtempSync(join(tmpdir(), 'sluice-bench-discovery-'));
const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TICKS = 100;

/** CPU seconds of the children a process has waited for (the X tools the window source runs). */
function childCpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) / TICKS;
}

/** CPU seconds of the agent's children still running (the long-lived `xprop -spy` watchers). */
function liveChildrenCpuSeconds(pid) {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(f[1]) === pid) total += (Number(f[11]) + Number(f[12])) / TICKS;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

function cleanup() {
  for (const child of children.reverse()) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

try {
  // A display with a window manager and a focused window, as on a desktop.
  let display;
  if (!values['no-display'] && spawnSync('sh', ['-c', 'command -v Xvfb && command -v openbox'], { stdio: 'ignore' }).status === 0) {
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(xvfb);
    let out = '';
    xvfb.stdout.on('data', (c) => (out += c));
    for (let i = 0; i < 200 && !/\d+\n/.test(out); i++) await sleep(50);
    display = `:${out.trim()}`;
    children.push(spawn('openbox', ['--sm-disable'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' }));
    await sleep(1_000);
    children.push(spawn('xmessage', ['-title', 'ChatGPT - Google Chrome', 'bench'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' }));
    await sleep(1_000);
    spawnSync('xdotool', ['search', '--name', 'ChatGPT', 'windowactivate'], { env: { ...process.env, DISPLAY: display } });
  }

  for (let i = 0; i < PROCESSES; i++) children.push(spawn('sleep', ['100000'], { stdio: 'ignore' }));

  const port = await freePort();
  const collectorDir = join(root, 'collector');
  const agentDir = join(root, 'agent');
  const collector = startSluice(['collector', 'start', '--data', collectorDir, '--port', String(port)], { SLUICE_LOG_LEVEL: 'warn' });
  children.push(collector);
  await collector.waitFor(/listening on/);
  const token = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'cli', 'dist', 'bin.js'), 'token', 'create', '--url', `http://127.0.0.1:${port}`, '--json'], {
    env: { ...process.env, SLUICE_ADMIN_TOKEN: readFileSync(join(collectorDir, 'admin.token'), 'utf8').trim() },
    encoding: 'utf8',
  });
  const enrollment = JSON.parse(token.stdout).token;
  const enrolled = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'cli', 'dist', 'bin.js'), 'agent', 'enroll', '--url', `http://127.0.0.1:${port}`, '--token', enrollment, '--data', agentDir], { encoding: 'utf8' });
  if (enrolled.status !== 0) throw new Error(`enroll failed: ${enrolled.stderr}`);
  writeFileSync(join(agentDir, 'agent.json'), JSON.stringify({ logLevel: 'warn' }));

  const env = { SLUICE_LOG_LEVEL: 'warn', ...(display ? { DISPLAY: display } : { DISPLAY: '' }) };
  const agent = startSluice(['agent', 'run', '--data', agentDir], env);
  children.push(agent);
  await agent.waitFor(/agent running as device/);
  const load0 = loadavg();
  await sleep(WARMUP_S * 1_000);

  const cpu0 = cpuSeconds(agent.pid);
  const child0 = childCpuSeconds(agent.pid) + liveChildrenCpuSeconds(agent.pid);
  const t0 = process.hrtime.bigint();
  const rss = [];
  const end = Date.now() + MINUTES * 60_000;
  while (Date.now() < end) {
    rss.push(rssMiB(agent.pid));
    await sleep(Math.min(10_000, Math.max(0, end - Date.now())));
  }
  rss.push(rssMiB(agent.pid));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const own = cpuSeconds(agent.pid) - cpu0;
  const spawned = childCpuSeconds(agent.pid) + liveChildrenCpuSeconds(agent.pid) - child0;
  const result = {
    minutes: MINUTES,
    extraProcesses: PROCESSES,
    display: display ?? null,
    seconds: Math.round(seconds),
    cpuPercentOfOneCore: Number(((own / seconds) * 100).toFixed(3)),
    cpuPercentWithChildren: Number((((own + spawned) / seconds) * 100).toFixed(3)),
    rssMiB: { avg: Number((rss.reduce((a, b) => a + b, 0) / rss.length).toFixed(1)), max: Number(Math.max(...rss).toFixed(1)) },
    loadAverageAtStart: load0.map((l) => Number(l.toFixed(2))),
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
    machine: machine(),
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(`AI discovery footprint: ${MINUTES} min idle, ${PROCESSES} extra processes, display ${display ?? 'none'}`);
    console.log(`  agent CPU: ${result.cpuPercentOfOneCore} % of one core (${result.cpuPercentWithChildren} % with the X tools it spawned)`);
    console.log(`  agent RSS: avg ${result.rssMiB.avg} MiB, max ${result.rssMiB.max} MiB`);
    console.log(`  load average at start ${result.loadAverageAtStart.join(' ')}, at end ${result.loadAverageAtEnd.join(' ')}; ${result.machine}`);
  }
} finally {
  cleanup();
}
