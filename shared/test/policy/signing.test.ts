import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_INPUT,
  generatePolicyKeyPair,
  PolicyInputSchema,
  PolicySchema,
  signPolicy,
  verifySignedPolicy,
  type Policy,
} from '../../src/index.js';

function policy(version: number): Policy {
  return PolicySchema.parse({ ...PolicyInputSchema.parse(DEFAULT_POLICY_INPUT), version, issuedAt: 1_700_000_000_000 });
}

describe('policy signing', () => {
  const keys = generatePolicyKeyPair();

  it('round-trips a signed policy', () => {
    const signed = signPolicy(policy(4), keys);
    const result = verifySignedPolicy(signed, keys.publicKey);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.version).toBe(4);
  });

  it('rejects a payload changed after signing', () => {
    const signed = signPolicy(policy(4), keys);
    const forged = { ...signed, payload: signed.payload.replace('"enforce"', '"monitor"') };
    expect(forged.payload).not.toBe(signed.payload);
    const result = verifySignedPolicy(forged, keys.publicKey);
    expect(!result.ok && result.error.code).toBe('E_POLICY_SIGNATURE');
  });

  it('rejects a policy signed by another key that claims the trusted key id', () => {
    const attacker = generatePolicyKeyPair();
    const forged = { ...signPolicy(policy(9), attacker), keyId: signPolicy(policy(9), keys).keyId };
    const result = verifySignedPolicy(forged, keys.publicKey);
    expect(!result.ok && result.error.code).toBe('E_POLICY_SIGNATURE');
  });

  it('reports an unknown key id', () => {
    const result = verifySignedPolicy(signPolicy(policy(2), generatePolicyKeyPair()), keys.publicKey);
    expect(!result.ok && result.error.code).toBe('E_POLICY_KEY_UNKNOWN');
  });

  it('rejects an unsigned policy and malformed envelopes', () => {
    const signed = signPolicy(policy(2), keys);
    const unsigned = verifySignedPolicy({ ...signed, signature: '' }, keys.publicKey);
    expect(!unsigned.ok && unsigned.error.code).toBe('E_POLICY_UNSIGNED');
    const plain = verifySignedPolicy(policy(2), keys.publicKey);
    expect(!plain.ok && plain.error.code).toBe('E_POLICY_UNSIGNED');
    const badHex = verifySignedPolicy({ ...signed, signature: 'zz'.repeat(64) }, keys.publicKey);
    expect(!badHex.ok && badHex.error.code).toBe('E_POLICY_INVALID');
  });

  it('refuses to sign a document that is not a valid policy', () => {
    expect(() => signPolicy({ ...policy(1), mode: 'audit' } as unknown as Policy, keys)).toThrow();
  });
});
