import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentError, controlSocketPath, LOCK_FILE, startControlServer, writeStatus, type ClipboardSource } from '@sluice/agent-core';
import { createLogger } from '@sluice/shared-node';
import { StatusViewSchema } from '../src/common/ipc.js';
import { startHost } from '../src/main/host.js';
import { statusReport } from './fixtures.js';

/**
 * The host without Electron: an agent that cannot start (not enrolled), and an agent service that
 * already runs for the data folder, reached through its real status file and control socket.
 */

const clipboard: ClipboardSource = {
  check: async () => ({ available: true }),
  watch: async () => undefined,
  read: async () => ({ kind: 'empty' }),
  writeText: async () => undefined,
  clear: async () => undefined,
  close: () => undefined,
};

let dir: string | undefined;
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('agent host', () => {
  it('reports a device that is not enrolled plainly, and still explains the monitoring', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-app-'));
    const host = await startHost({ dataDir: dir, agentVersion: '0.1.0', env: { PATH: process.env.PATH }, clipboard, notify: () => undefined });
    const status = StatusViewSchema.parse(host.status());
    expect(status).toMatchObject({ agent: 'not_enrolled', connection: 'unknown', policy: null, pending: false });
    expect(status.message).toMatch(/enroll/i);
    expect(await host.pending()).toBeNull();
    expect(await host.justify('because')).toMatchObject({ ok: false, code: 'E_CONTROL_UNAVAILABLE' });
    expect(host.about().sections.length).toBeGreaterThan(3);
    await host.stop();
  });

  it('talks to an agent service that already runs for the folder: its status file and its control socket', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-app-'));
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    writeFileSync(join(dir, LOCK_FILE), `${child.pid}\n`);
    const report = statusReport({ pid: child.pid ?? 0, policy: { version: 4, id: 'engineering', mode: 'enforce' } });
    writeStatus(dir, report);
    const server = await startControlServer(controlSocketPath(dir), createLogger('test', 'silent'));
    const reasons: unknown[] = [];
    let waiting = true;
    server.register('paste-pending', () => (waiting ? { destination: 'ChatGPT', found: 'an AWS access key id' } : null));
    server.register('justify', (request) => {
      if (!waiting) throw agentError('E_NOTHING_TO_JUSTIFY');
      reasons.push(request);
      waiting = false;
      return { pasteEventId: 'e1', destination: 'ChatGPT' };
    });
    try {
      const host = await startHost({ dataDir: dir, agentVersion: '0.1.0', env: { PATH: process.env.PATH }, clipboard, notify: () => undefined });
      expect(host.status()).toMatchObject({ agent: 'external', connection: 'connected', policy: { name: 'engineering', version: 4 }, pasteGuard: { state: 'on' } });
      expect(await host.pending()).toEqual({ destination: 'ChatGPT', found: 'an AWS access key id' });
      expect(await host.justify('ticket 4711')).toEqual({ ok: true, destination: 'ChatGPT' });
      expect(reasons).toEqual([{ type: 'justify', reason: 'ticket 4711', via: 'dialog' }]);
      expect(await host.justify('again')).toMatchObject({ ok: false, code: 'E_NOTHING_TO_JUSTIFY' });
      await host.stop();
    } finally {
      await server.close();
    }
  });
});
