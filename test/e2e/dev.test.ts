import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, removeDir, sluice, SluiceProcess, tempDir, until } from '../support/processes.js';
import { childPids, isAlive } from '../support/pids.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) removeDir(dir);
});

describe('npm start (sluice dev)', () => {
  it('runs a collector and an enrolled agent, proves the pipeline and stops both on Ctrl-C', async () => {
    dir = tempDir('sluice-dev-');
    const port = await freePort();
    const dev = new SluiceProcess(['dev', '--data', dir, '--port', String(port)]);
    await dev.waitFor(/Press Ctrl-C to stop both/, 60_000);
    const token = /export SLUICE_ADMIN_TOKEN=(slc_admin_\S+)/.exec(dev.stdout)![1]!;
    const url = `http://127.0.0.1:${port}`;
    const queued = await sluice(['agent', 'test-event', '--data', join(dir, 'agent'), '--count', '3', '--note', 'devloop']);
    expect(queued.code).toBe(0);
    const found = await until(async () => {
      const r = await sluice(['events', 'search', '--url', url, '--text', 'devloop', '--json'], { SLUICE_ADMIN_TOKEN: token });
      const lines = r.stdout.trim().split('\n').filter(Boolean);
      return lines.length === 3 ? lines : undefined;
    }, 20_000, 'test events in the timeline');
    expect(found.map((l) => JSON.parse(l).type)).toEqual(['agent.test', 'agent.test', 'agent.test']);

    const pids = childPids(dev.pid);
    expect(pids.length).toBe(2);
    dev.child.kill('SIGINT');
    expect(await dev.exited()).toBe(0);
    await until(() => pids.every((p) => !isAlive(p)), 15_000, 'children stopped');
    expect(dev.stdout).toContain('Stopping the agent and the collector');

    // A second start reuses the data: no new enrollment, the same admin token.
    const again = new SluiceProcess(['dev', '--data', dir, '--port', String(port)]);
    await again.waitFor(/Press Ctrl-C to stop both/, 60_000);
    expect(again.stdout).not.toContain('Enrolled a local agent');
    expect(again.stdout).toContain(token);
    again.child.kill('SIGINT');
    expect(await again.exited()).toBe(0);
  });
});

