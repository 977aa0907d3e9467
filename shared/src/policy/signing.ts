import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { SluiceError, err, ok, wireError, type Result } from '../errors.js';
import { describeIssues } from '../validation.js';
import { PolicySchema, type Policy } from './policy.js';

export const SIGNED_POLICY_FORMAT = 'sluice.signed-policy/v1';
/** The signature covers this prefix and the payload, so it cannot be replayed in another protocol. */
const SIGNING_CONTEXT = `${SIGNED_POLICY_FORMAT}\n`;
export const MAX_POLICY_PAYLOAD_CHARS = 512 * 1024;

/**
 * A policy as it travels: the exact JSON text that was signed, so verification never depends on
 * how a JSON library orders keys or formats numbers.
 */
export const SignedPolicySchema = z.strictObject({
  format: z.literal(SIGNED_POLICY_FORMAT),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  payload: z.string().max(MAX_POLICY_PAYLOAD_CHARS),
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});
export type SignedPolicy = z.infer<typeof SignedPolicySchema>;

export interface PolicyKeyPair {
  /** 32-byte Ed25519 secret key (seed). */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function generatePolicyKeyPair(): PolicyKeyPair {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey, publicKey };
}

export function publicKeyFromSecret(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

/** First 8 bytes of SHA-256 of the raw public key, in hex. */
export function policyKeyId(publicKey: Uint8Array): string {
  return bytesToHex(sha256(publicKey)).slice(0, 16);
}

export function encodeKey(key: Uint8Array): string {
  return bytesToHex(key);
}

export function decodeKey(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new SluiceError('E_POLICY_KEY_UNKNOWN', 'A policy key must be 64 lowercase hex characters.');
  return hexToBytes(hex);
}

function signingMessage(payload: string): Uint8Array {
  return utf8ToBytes(SIGNING_CONTEXT + payload);
}

export function signPolicy(policy: Policy, keys: PolicyKeyPair): SignedPolicy {
  const payload = JSON.stringify(PolicySchema.parse(policy));
  const signature = ed25519.sign(signingMessage(payload), keys.secretKey);
  return { format: SIGNED_POLICY_FORMAT, keyId: policyKeyId(keys.publicKey), payload, signature: bytesToHex(signature) };
}

/**
 * Verifies a signed policy against the trusted public key and parses it. The signature is checked
 * before the payload is parsed, so unauthenticated JSON is never interpreted.
 */
export function verifySignedPolicy(signed: unknown, trustedPublicKey: Uint8Array): Result<Policy, SluiceError> {
  if (typeof signed !== 'object' || signed === null || !('signature' in signed) || !signed.signature) {
    return err(wireError('E_POLICY_UNSIGNED'));
  }
  const envelope = SignedPolicySchema.safeParse(signed);
  if (!envelope.success) return err(wireError('E_POLICY_INVALID', describeIssues(envelope.error)));
  const { keyId, payload, signature } = envelope.data;
  if (keyId !== policyKeyId(trustedPublicKey)) {
    return err(wireError('E_POLICY_KEY_UNKNOWN', `Signed by key ${keyId}.`));
  }
  let valid = false;
  try {
    valid = ed25519.verify(hexToBytes(signature), signingMessage(payload), trustedPublicKey);
  } catch {
    valid = false;
  }
  if (!valid) return err(wireError('E_POLICY_SIGNATURE'));
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return err(wireError('E_POLICY_INVALID', 'The signed payload is not JSON.'));
  }
  const policy = PolicySchema.safeParse(json);
  if (!policy.success) return err(wireError('E_POLICY_INVALID', describeIssues(policy.error)));
  return ok(policy.data);
}
