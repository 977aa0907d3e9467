import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_INPUT, PolicyInputSchema, PolicySchema, signPolicy, type PolicyInput, type PolicyKeyPair } from '@sluice/shared';
import { createLogger } from '@sluice/shared-node';
import { createEventFactory } from '../src/index.js';

export const DEVICE_ID = '0192f0c4-8c1e-4b7a-9d2e-3f4a5b6c7d8e';
export const silentLog = createLogger('test', 'silent');

export function tempDir(prefix = 'sluice-agent-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const makeEvent = createEventFactory(DEVICE_ID, () => 'alice');

export function testEvents(count: number, note = 'n') {
  return Array.from({ length: count }, (_, i) => makeEvent('agent.test', { index: i, count, note }));
}

export async function until(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The recommended default policy with `patch` applied, at `version`, signed with `keys`. */
export function signedTestPolicy(version: number, patch: Partial<PolicyInput>, keys: PolicyKeyPair) {
  const policy = PolicySchema.parse({ ...PolicyInputSchema.parse({ ...DEFAULT_POLICY_INPUT, ...patch }), version, issuedAt: 1 });
  return signPolicy(policy, keys);
}
