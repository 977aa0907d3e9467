import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDiscoveryCapability, type Capability } from '@sluice/agent-core';
import { afterEach, describe, expect, it } from 'vitest';
import { linux } from '../../src/index.js';
import { testContext } from '../context.js';
import { activate, Children, hasTool, openWindow, removeDir, sleep, startX, tempDir, until, x } from '../support.js';

const children = new Children();
const dirs: string[] = [];
const capabilities: Capability[] = [];
const restore: (() => void)[] = [];
afterEach(async () => {
  for (const r of restore.splice(0)) r();
  for (const c of capabilities.splice(0)) await c.stop();
  await children.killAll();
  for (const d of dirs.splice(0)) removeDir(d);
});

const randomName = () => `x${randomBytes(5).toString('hex')}`;

/** A server that speaks the part of Ollama's API the probe asks for, on a port the OS picks. */
const OLLAMA_LIKE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  if (req.url === '/api/version') { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ version: '0.9.6' })); return; }
  if (req.url === '/') { res.end('Ollama is running'); return; }
  res.statusCode = 404; res.end();
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
`;

async function startCapability(t: ReturnType<typeof testContext>, sources: Parameters<typeof createDiscoveryCapability>[0], options = {}) {
  const capability = createDiscoveryCapability(sources, { processIntervalMs: 250, initialDelayMs: 600_000, ...options });
  capabilities.push(capability);
  await capability.start(t.context);
  return capability;
}

describe.runIf(process.platform === 'linux')('discovery with real Linux sources', () => {
  it('recognises a local server speaking Ollama’s API under a random executable name and port by its probe', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const exe = join(dir, randomName());
    copyFileSync(process.execPath, exe);
    writeFileSync(join(dir, 'serve.cjs'), OLLAMA_LIKE);
    const server = children.spawn(exe, [join(dir, 'serve.cjs')]);
    let out = '';
    server.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const port = Number(await until(() => /PORT (\d+)/.exec(out)?.[1], 10_000, 'the server port'));

    const t = testContext();
    const sources = linux.createLinuxSources({ env: { ...process.env, DISPLAY: '' } });
    await startCapability(t, { ...sources, windows: undefined, inventory: undefined, history: undefined, watcher: undefined });
    const listening = await until(() => t.of('ai.runtime_listening').find((e) => e.payload.pid === server.pid), 30_000, 'runtime_listening');
    expect(listening.payload).toMatchObject({ app: 'ollama', port, protocol: 'ollama-api', exposure: 'loopback', confidence: 'high', exe });
    expect(listening.payload.evidence[0]).toMatchObject({ signal: 'probe' });
    const started = t.of('ai.app_started').find((e) => e.payload.pid === server.pid);
    expect(started?.payload).toMatchObject({ app: 'ollama', exe });
    // The probe proves what the program serves, not what the binary is: node's hash is not learned as Ollama.
    expect(t.events.some((e) => e.type === 'ai.app_started' && (e.payload as { evidence: { signal: string }[] }).evidence.some((v) => v.signal === 'sha256'))).toBe(false);
  });

  it('recognises a renamed copy of a catalogued binary by its hash', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // A unique binary: sleep with random trailing bytes (ELF ignores them), so no system binary shares its hash.
    const original = join(dir, 'home', '.lmstudio', 'bin', 'lms');
    mkdirSync(join(dir, 'home', '.lmstudio', 'bin'), { recursive: true });
    copyFileSync('/bin/sleep', original);
    appendFileSync(original, randomBytes(64));
    const t = testContext();
    const sources = linux.createLinuxSources({ env: { ...process.env, DISPLAY: '' } });
    await startCapability(t, { ...sources, windows: undefined, sockets: undefined, inventory: undefined, history: undefined, watcher: undefined });

    const first = children.spawn(original, ['300']);
    const known = await until(() => t.of('ai.app_started').find((e) => e.payload.pid === first.pid), 20_000, 'the original to be recognised');
    expect(known.payload).toMatchObject({ app: 'lm-studio', confidence: 'high' });
    expect(known.payload.evidence.map((e: { signal: string }) => e.signal)).toContain('install_path');

    const renamed = join(dir, 'elsewhere', randomName());
    mkdirSync(join(dir, 'elsewhere'));
    copyFileSync(original, renamed);
    const second = children.spawn(renamed, ['300']);
    const copy = await until(() => t.of('ai.app_started').find((e) => e.payload.pid === second.pid), 20_000, 'the renamed copy to be recognised');
    expect(copy.payload).toMatchObject({ app: 'lm-studio', confidence: 'high', exe: renamed, sha256: known.payload.sha256 });
    expect(copy.payload.evidence).toEqual([expect.objectContaining({ signal: 'sha256', weight: 0.99 })]);
  });

  it.runIf(hasTool('Xvfb') && hasTool('openbox') && hasTool('xdotool') && hasTool('xmessage'))(
    'turns AI-titled windows under Xvfb and openbox into focus sessions with the right durations',
    async () => {
      const { env } = await startX(children);
      // get-windows reads the display from this process's environment, as it does in the agent.
      const previous = process.env.DISPLAY;
      process.env.DISPLAY = env.DISPLAY;
      restore.push(() => {
        if (previous === undefined) delete process.env.DISPLAY;
        else process.env.DISPLAY = previous;
      });
      const chat = await openWindow(children, env, 'ChatGPT - Google Chrome', { setPid: true });
      const notes = await openWindow(children, env, 'Notes');
      // No _NET_WM_PID on this one: get-windows refuses it and the source reads it with xprop itself.
      const perplexity = await openWindow(children, env, 'Perplexity - Mozilla Firefox');
      await activate(env, notes.id);
      const t = testContext({ sanctionedApps: ['chatgpt'] });
      const sources = linux.createLinuxSources({ env });
      await startCapability(t, { ...sources, processes: undefined, sockets: undefined, inventory: undefined, history: undefined, watcher: undefined });
      expect(t.unavailable).toEqual([]);

      await sleep(1_200);
      await activate(env, chat.id);
      const chatFrom = Date.now();
      await sleep(3_000);
      // A tab switch: same window, new title.
      x(env, 'xdotool', ['set_window', '--name', 'Claude - Google Chrome', chat.id]);
      const claudeFrom = Date.now();
      await sleep(2_000);
      await activate(env, perplexity.id);
      const claudeTo = Date.now();
      await sleep(1_500);
      await activate(env, notes.id);
      const perplexityTo = Date.now();
      const focused = await until(() => (t.of('ai.app_focused').length >= 3 ? t.of('ai.app_focused') : undefined), 5_000, 'three focus sessions');

      const [first, second, third] = focused;
      expect(first!.payload).toMatchObject({ app: 'chatgpt', browser: 'Google Chrome', title: 'ChatGPT - Google Chrome', classification: 'sanctioned', policyVersion: 3 });
      expect(Math.abs(first!.payload.durationMs - (claudeFrom - chatFrom))).toBeLessThanOrEqual(1_500);
      expect(Math.abs(first!.payload.startTime - chatFrom)).toBeLessThanOrEqual(1_500);
      expect(second!.payload).toMatchObject({ app: 'claude', title: 'Claude - Google Chrome', classification: 'unknown' });
      expect(Math.abs(second!.payload.durationMs - (claudeTo - claudeFrom))).toBeLessThanOrEqual(1_500);
      expect(third!.payload).toMatchObject({ app: 'perplexity', browser: 'Mozilla Firefox' });
      expect(Math.abs(third!.payload.durationMs - (perplexityTo - claudeTo))).toBeLessThanOrEqual(1_500);
      expect(t.of('ai.app_first_seen').map((e) => [e.payload.app, e.payload.via])).toEqual([
        ['chatgpt', 'window'],
        ['claude', 'window'],
        ['perplexity', 'window'],
      ]);
    },
    40_000,
  );

  it('reports no display once, with the reason, when DISPLAY is not set', async () => {
    const t = testContext();
    const sources = linux.createLinuxSources({ env: { PATH: process.env.PATH } });
    await startCapability(t, { ...sources, processes: undefined, sockets: undefined, inventory: undefined, history: undefined, watcher: undefined });
    expect(t.unavailable).toEqual([{ component: 'discovery.window', code: 'E_DISCOVERY_NO_DISPLAY', reason: expect.stringMatching(/No DISPLAY/) }]);
  });
});
