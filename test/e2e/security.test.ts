import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Stack } from '../support/stack.js';
import { sleep, sluice, until } from '../support/processes.js';
import { makePki } from '../support/tls.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

interface Probe {
  messages: any[];
  closeCode?: number;
  ws: WebSocket;
}

/** A second device speaking the raw protocol, to send what a real agent never would. */
async function rawDevice(s: Stack): Promise<Probe & { deviceId: string }> {
  const token = await s.enrollmentToken();
  const res = await fetch(`${s.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const { deviceId, deviceSecret } = (await res.json()) as { deviceId: string; deviceSecret: string };
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}/v1/agent`, { headers: { authorization: `Bearer ${deviceSecret}`, 'x-sluice-device': deviceId } });
  const probe: Probe & { deviceId: string } = { messages: [], ws, deviceId };
  ws.on('message', (d) => probe.messages.push(JSON.parse(String(d))));
  ws.on('close', (code) => (probe.closeCode = code));
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  return probe;
}

describe('hostile input and credentials against real processes', () => {
  it('answers bad frames with coded errors while other agents keep delivering', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    await stack.startAgent();
    const bad = await rawDevice(stack);
    bad.ws.send(JSON.stringify({ type: 'hello', protocol: 1, deviceId: bad.deviceId, agentVersion: 'evil', os: { platform: 'linux', release: '', arch: '', hostname: '' }, policyVersion: null }));
    await until(() => bad.messages.some((m) => m.type === 'welcome'), 5_000, 'welcome');
    const victim = stack.deviceId;
    const now = Date.now();
    const frames = [
      '{"type":"events"',
      JSON.stringify({ type: 'self-destruct' }),
      JSON.stringify({ type: 'events', batch: 1, events: 'all of them' }),
      JSON.stringify({ type: 'events', batch: 2, events: [{ seq: 1, event: { id: '01890a5d-ac96-7000-8000-000000000001', deviceId: victim, user: 'x', time: now, type: 'agent.test', payload: { index: 0, count: 1, note: 'spoofed' } } }] }),
      JSON.stringify({ type: 'events', batch: 3, events: [{ seq: 1, event: {} }] }),
    ];
    for (const f of frames) bad.ws.send(f);
    await until(() => bad.messages.filter((m) => m.type === 'error').length >= 4, 5_000, 'coded errors');
    const codes = bad.messages.filter((m) => m.type === 'error').map((m) => m.code);
    expect(codes).toEqual(expect.arrayContaining(['E_BAD_JSON', 'E_UNKNOWN_MESSAGE_TYPE', 'E_BAD_MESSAGE', 'E_DEVICE_MISMATCH']));
    // The replayed sequence number 1 is refused as a replay, not stored.
    expect(codes).toContain('E_SEQ_REPLAY');
    bad.ws.send('x'.repeat(2 * 1024 * 1024));
    await until(() => bad.closeCode !== undefined, 5_000, 'oversized frame closes');
    expect(bad.closeCode).toBe(1009);

    await stack.queueTestEvents(100, 'bystander');
    await until(async () => (await stack!.events({ type: 'agent.test' })).length === 100, 10_000, 'real agent unaffected');
    expect((await stack.events({ text: 'spoofed' })).length).toBe(0);
    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
  });

  it('disconnects a revoked device at once; it keeps running and buffering', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).connection?.state === 'connected', 10_000, 'connected');
    const revoked = await sluice(['devices', 'revoke', stack.deviceId, '--url', stack.url], stack.adminEnv);
    expect(revoked.stdout).toContain('disconnected');
    await until(async () => (await stack!.agentStatus()).connection?.state !== 'connected', 5_000, 'disconnected');
    await stack.queueTestEvents(5, 'after revocation');
    await sleep(1_500);
    const status = await stack.agentStatus();
    expect(status.running).toBe(true);
    expect(status.outbox.pending).toBeGreaterThanOrEqual(5);
    expect(status.connection.lastError).toMatch(/403|revoked/i);
    expect((await stack.events({ text: 'revocation' })).length).toBe(0);
  });

  it('refuses a device whose secret is wrong, without affecting the collector', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    const file = join(stack.agentDir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...credentials, deviceSecret: 'slc_dev_forged' }), { mode: 0o600 });
    await stack.startAgent();
    await until(async () => /401/.test((await stack!.agentStatus()).connection?.lastError ?? ''), 10_000, 'refused with 401');
    expect(stack.agent!.running).toBe(true);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('serves HTTPS and WSS with a certificate; the agent pins the CA and refuses another', async () => {
    stack = await Stack.create();
    const pki = makePki(stack.root, 'good');
    const other = makePki(stack.root, 'other');
    stack.scheme = 'https';
    await stack.startCollector({ SLUICE_TLS_CERT: pki.serverCert, SLUICE_TLS_KEY: pki.serverKey });
    const env = { SLUICE_CA_FILE: pki.caCert };
    const wrong = await sluice(['agent', 'enroll', '--url', stack.url, '--token', await stack.enrollmentToken(env), '--data', join(stack.root, 'wrong'), '--ca', other.caCert]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/E_COLLECTOR_UNREACHABLE/);
    await stack.enroll(['--ca', pki.caCert], env);
    writeFileSync(join(stack.agentDir, 'agent.json'), JSON.stringify({ caFile: pki.caCert, reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 } }));
    await stack.startAgent();
    await stack.queueTestEvents(10, 'over tls');
    const res = await sluice(['events', 'search', '--url', stack.url, '--text', 'tls', '--json'], { ...stack.adminEnv, ...env });
    await until(async () => {
      const again = await sluice(['events', 'search', '--url', stack!.url, '--text', 'tls', '--json'], { ...stack!.adminEnv, ...env });
      return again.stdout.trim().split('\n').filter(Boolean).length === 10;
    }, 15_000, 'events over TLS');
    expect(res.code).toBe(0);
  });
});
