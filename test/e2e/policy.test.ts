import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_INPUT } from '@sluice/shared';
import { Stack } from '../support/stack.js';
import { sluice, until, writeJson } from '../support/processes.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function device(s: Stack) {
  return (await s.api(`/v1/devices/${s.deviceId}`)).body;
}

describe('signed policy distribution between real processes', () => {
  it('reaches an online agent within a second, applied and acknowledged', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    await stack.startAgent();
    await until(async () => (await device(stack!)).policyVersion === 1, 10_000, 'initial policy applied');

    const started = Date.now();
    const pushed = await stack.api('/v1/policies', {
      method: 'POST',
      body: JSON.stringify({ ...DEFAULT_POLICY_INPUT, id: 'pilot', name: 'Pilot in monitor mode', mode: 'monitor' }),
    });
    expect(pushed.status).toBe(201);
    const { version, pushedTo } = pushed.body as { version: number; pushedTo: number };
    expect(pushedTo).toBe(1);
    await until(async () => (await device(stack!)).policyVersion === version, 5_000, 'policy acknowledged');
    const applied = (await stack.events({ type: 'policy.applied' })).find((e) => e.payload.version === version);
    // The agent stamps policy.applied when it has verified, persisted and applied the policy.
    expect(applied!.time - started).toBeLessThan(1_000);
    expect((await stack.agentStatus()).policy).toMatchObject({ version, id: 'pilot', mode: 'monitor' });
  });

  it('reaches an offline agent when it reconnects, and survives an agent restart', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    const file = join(stack.root, 'p.json');
    writeJson(file, { ...DEFAULT_POLICY_INPUT, id: 'offline' });
    const pushed = await sluice(['policy', 'push', file, '--url', stack.url, '--json'], stack.adminEnv);
    expect(JSON.parse(pushed.stdout).pushedTo).toBe(0);
    await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).policy?.id === 'offline', 10_000, 'policy on reconnect');
    await stack.agent!.kill('SIGTERM');
    await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).policy?.id === 'offline', 10_000, 'policy after restart');
    expect((await stack.events({ type: 'policy.rejected' })).length).toBe(0);
  });

  it('rejects a forged and a replayed older policy and reports both as events', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    await stack.startAgent();
    await until(async () => (await device(stack!)).policyVersion === 1, 10_000, 'initial policy');
    const file = join(stack.root, 'p.json');
    writeJson(file, { ...DEFAULT_POLICY_INPUT, id: 'current' });
    await sluice(['policy', 'push', file, '--url', stack.url], stack.adminEnv);
    await until(async () => (await device(stack!)).policyVersion === 2, 10_000, 'version 2');
    await stack.agent!.kill('SIGTERM');

    // An attacker with write access to the collector's database: a policy whose text was changed
    // after signing, then an old genuine policy replayed under a new version number.
    const db = new Database(join(stack.collectorDir, 'collector.db'));
    const v1 = db.prepare('SELECT signed FROM policies WHERE version = 1').get() as { signed: string };
    const signed = JSON.parse(v1.signed);
    const forged = { ...signed, payload: signed.payload.replace('"enforce"', '"monitor"').replace('"version":1', '"version":50') };
    const insert = db.prepare("INSERT INTO policies (version, policy_id, scope, signed, created_at) VALUES (?, 'x', '{\"kind\":\"all\"}', ?, 0)");
    insert.run(50, JSON.stringify(forged));
    db.close();
    await stack.startAgent();
    await until(async () => (await stack!.events({ type: 'policy.rejected' })).length === 1, 10_000, 'forged policy rejected');

    await stack.agent!.kill('SIGTERM');
    const db2 = new Database(join(stack.collectorDir, 'collector.db'));
    db2.prepare("INSERT INTO policies (version, policy_id, scope, signed, created_at) VALUES (60, 'x', '{\"kind\":\"all\"}', ?, 0)").run(v1.signed);
    db2.close();
    await stack.startAgent();
    await until(async () => (await stack!.events({ type: 'policy.rejected' })).length === 2, 10_000, 'replayed policy rejected');

    const codes = (await stack.events({ type: 'policy.rejected' })).map((e) => e.payload.code).sort();
    expect(codes).toEqual(['E_POLICY_SIGNATURE', 'E_POLICY_STALE']);
    expect((await stack.agentStatus()).policy).toMatchObject({ version: 2, id: 'current', mode: 'enforce' });
  });
});
