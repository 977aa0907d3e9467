import { randomBytes } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, sluice, SluiceProcess, tempDir, until } from '../support/processes.js';
import { Stack } from '../support/stack.js';

let stack: Stack | undefined;
let server: ChildProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGKILL');
    await exited;
  }
  server = undefined;
  await stack?.stop();
  stack = undefined;
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Answers Ollama's version endpoint, as `ollama serve` does, on a port the OS picks. */
const OLLAMA_LIKE = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  if (req.url === '/api/version') { res.setHeader('content-type', 'application/json'); res.end('{"version":"0.9.6"}'); return; }
  res.statusCode = 404; res.end();
});
s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port));
`;

describe.runIf(process.platform === 'linux')('AI discovery end to end', () => {
  it('a renamed local model server reaches the collector timeline as a runtime, started and stopped; no display is reported once', async () => {
    const dir = tempDir('sluice-e2e-discovery-');
    dirs.push(dir);
    const exe = join(dir, `srv${randomBytes(4).toString('hex')}`);
    copyFileSync(process.execPath, exe);
    writeFileSync(join(dir, 'serve.cjs'), OLLAMA_LIKE);
    server = spawn(exe, [join(dir, 'serve.cjs')], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    server.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const port = Number(await until(() => /PORT (\d+)/.exec(out)?.[1], 10_000, 'server port'));

    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    // The agent runs outside any graphical session, as a service does.
    stack.agent = new SluiceProcess(['agent', 'run', '--data', stack.agentDir], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    await stack.agent.waitFor(/agent running as device/);

    const listening = await until(
      async () => (await stack!.events({ type: 'ai.runtime_listening' })).find((e) => e.payload.pid === server!.pid),
      30_000,
      'ai.runtime_listening in the timeline',
    );
    expect(listening.payload).toMatchObject({ app: 'ollama', port, protocol: 'ollama-api', exposure: 'loopback', exe, classification: 'unknown' });
    expect(listening.deviceId).toBe(stack.deviceId);
    const started = (await stack.events({ type: 'ai.app_started' })).find((e) => e.payload.pid === server!.pid);
    expect(started?.payload).toMatchObject({ app: 'ollama', exe });
    const firstSeen = await stack.events({ type: 'ai.app_first_seen' });
    expect(firstSeen.filter((e) => e.payload.app === 'ollama')).toHaveLength(1);

    // The analyst finds it by text too.
    expect((await stack.events({ text: 'ollama' })).some((e) => e.type === 'ai.runtime_listening')).toBe(true);

    const killed = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await killed;
    const stopped = await until(
      async () => (await stack!.events({ type: 'ai.app_stopped' })).find((e) => e.payload.pid === started!.payload.pid),
      20_000,
      'ai.app_stopped in the timeline',
    );
    expect(stopped.payload.runtimeMs).toBeGreaterThan(0);

    const errors = (await stack.events({ type: 'agent.error' })).filter((e) => e.payload.component === 'discovery.window');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.payload).toMatchObject({ code: 'E_DISCOVERY_NO_DISPLAY' });
    expect((await stack.agentStatus()).unavailable).toEqual(expect.arrayContaining([expect.objectContaining({ component: 'discovery.window', code: 'E_DISCOVERY_NO_DISPLAY' })]));
  });

  it('sluice discover --json shows a running local runtime with its evidence', async () => {
    const dir = tempDir('sluice-e2e-discover-');
    dirs.push(dir);
    const exe = join(dir, `srv${randomBytes(4).toString('hex')}`);
    copyFileSync(process.execPath, exe);
    writeFileSync(join(dir, 'serve.cjs'), OLLAMA_LIKE);
    server = spawn(exe, [join(dir, 'serve.cjs')], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    server.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const port = Number(await until(() => /PORT (\d+)/.exec(out)?.[1], 10_000, 'server port'));
    const result = await sluice(['discover', '--json'], { DISPLAY: '' });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.listening).toContainEqual(expect.objectContaining({ pid: server.pid, port, protocol: 'ollama-api', match: expect.objectContaining({ app: 'ollama' }) }));
    expect(report.processes).toContainEqual(expect.objectContaining({ pid: server.pid, exe, match: expect.objectContaining({ app: 'ollama' }) }));
    expect(report.unavailable).toContainEqual(expect.objectContaining({ source: 'window' }));
  });
});
