import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_INPUT, generatePolicyKeyPair, type PolicyInput } from '@sluice/shared';
import { POLICY_FILE, PolicyState } from '../src/index.js';
import { DEVICE_ID, signedTestPolicy, silentLog, tempDir } from './helpers.js';

const keys = generatePolicyKeyPair();

const signed = (version: number, patch: Partial<PolicyInput> = {}, signer = keys) => signedTestPolicy(version, patch, signer);

describe('PolicyState', () => {
  it('starts from the built-in recommended default', () => {
    const state = new PolicyState(tempDir(), DEVICE_ID, keys.publicKey, silentLog);
    expect(state.version).toBeNull();
    expect(state.current.document.dlp.rules).toContainEqual({ category: 'credential', destination: '*', action: 'redact' });
  });

  it('applies a newer signed policy, persists it privately and keeps it across restarts', () => {
    const dir = tempDir();
    const state = new PolicyState(dir, DEVICE_ID, keys.publicKey, silentLog);
    const changes: (number | null)[] = [];
    state.onChange((p) => changes.push(p.version));
    const decision = state.receive(signed(3, { mode: 'monitor' }));
    expect(decision).toMatchObject({ status: 'applied', previousVersion: null });
    expect(state.current.document.mode).toBe('monitor');
    expect(changes).toEqual([3]);
    expect(statSync(join(dir, POLICY_FILE)).mode & 0o777).toBe(0o600);

    const restarted = new PolicyState(dir, DEVICE_ID, keys.publicKey, silentLog);
    expect(restarted.load()).toBeUndefined();
    expect(restarted.version).toBe(3);
  });

  it.each([
    ['an older version', () => signed(2), 'E_POLICY_STALE'],
    ['the same version', () => signed(5), 'E_POLICY_STALE'],
    ['a forged signature', () => ({ ...signed(9), payload: signed(9).payload.replace('enforce', 'monitor') }), 'E_POLICY_SIGNATURE'],
    ['another signer', () => signed(9, {}, generatePolicyKeyPair()), 'E_POLICY_KEY_UNKNOWN'],
    ['no signature', () => ({ ...signed(9), signature: undefined }), 'E_POLICY_UNSIGNED'],
    ['a policy for other devices', () => signed(9, { scope: { kind: 'devices', devices: ['00000000-0000-4000-8000-000000000001'] } }), 'E_POLICY_SCOPE'],
    ['garbage', () => 'not a policy', 'E_POLICY_UNSIGNED'],
    [
      'a custom detector that cannot compile',
      () => signed(9, { dlp: { ...DEFAULT_POLICY_INPUT.dlp, customDetectors: [{ id: 'bad', pattern: '(?=x)y' }] } } as never),
      'E_POLICY_INVALID',
    ],
  ])('rejects %s and keeps the applied policy', (_name, make, code) => {
    const dir = tempDir();
    const state = new PolicyState(dir, DEVICE_ID, keys.publicKey, silentLog);
    state.receive(signed(5));
    const before = readFileSync(join(dir, POLICY_FILE), 'utf8');
    const decision = state.receive(make());
    expect(decision).toMatchObject({ status: 'rejected', code });
    expect(state.version).toBe(5);
    expect(readFileSync(join(dir, POLICY_FILE), 'utf8')).toBe(before);
  });

  it('refuses a policy file edited on disk and falls back to the default', () => {
    const dir = tempDir();
    new PolicyState(dir, DEVICE_ID, keys.publicKey, silentLog).receive(signed(4));
    const file = join(dir, POLICY_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('\\"enforce\\"', '\\"monitor\\"'));
    const state = new PolicyState(dir, DEVICE_ID, keys.publicKey, silentLog);
    expect(state.load()).toMatchObject({ status: 'rejected', code: 'E_POLICY_SIGNATURE' });
    expect(state.version).toBeNull();
    writeFileSync(file, '{not json');
    expect(new PolicyState(dir, DEVICE_ID, keys.publicKey, silentLog).load()).toMatchObject({ code: 'E_POLICY_INVALID' });
  });
});
