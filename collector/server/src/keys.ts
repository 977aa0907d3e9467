import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  decodeKey,
  encodeKey,
  generatePolicyKeyPair,
  policyKeyId,
  publicKeyFromSecret,
  type PolicyKeyPair,
} from '@sluice/shared';
import { collectorError } from './errors.js';
import { isExposed, readIfExists, writePrivateFile } from '@sluice/shared-node';

export const POLICY_KEY_FILE = 'policy-signing.key';

export interface PolicyKeys extends PolicyKeyPair {
  readonly keyId: string;
  readonly publicKeyHex: string;
}

/**
 * Loads the Ed25519 key that signs policies, creating it on first start. The secret stays in one
 * 0600 file in the data folder; agents learn the public key at enrollment and trust only it.
 */
export function loadOrCreatePolicyKeys(dataDir: string, warn: (message: string) => void): PolicyKeys {
  const file = join(dataDir, POLICY_KEY_FILE);
  let text = readIfExists(file);
  if (text === undefined) {
    const fresh = generatePolicyKeyPair();
    writePrivateFile(file, `${encodeKey(fresh.secretKey)}\n`);
    text = readIfExists(file) ?? '';
  } else if (isExposed(file)) {
    warn(`${file} is readable by other users; run chmod 600 on it.`);
  }
  let secretKey: Uint8Array;
  try {
    secretKey = decodeKey(text.trim());
  } catch (error) {
    throw collectorError('E_KEY_FILE', `${file}: ${(error as Error).message}`);
  }
  const publicKey = publicKeyFromSecret(secretKey);
  return { secretKey, publicKey, keyId: policyKeyId(publicKey), publicKeyHex: encodeKey(publicKey) };
}

export const EVIDENCE_SALT_FILE = 'evidence-salt.key';

/**
 * The organization's salt for the hashes in DLP evidence, created on first start. Agents receive it
 * at enrollment; it is never served to analysts, so the hashes of low-entropy values (a national id)
 * cannot be reversed by trying every value.
 */
export function loadOrCreateEvidenceSalt(dataDir: string, warn: (message: string) => void): string {
  const file = join(dataDir, EVIDENCE_SALT_FILE);
  let text = readIfExists(file);
  if (text === undefined) {
    writePrivateFile(file, `${randomBytes(32).toString('hex')}\n`);
    text = readIfExists(file) ?? '';
  } else if (isExposed(file)) {
    warn(`${file} is readable by other users; run chmod 600 on it.`);
  }
  const salt = text.trim();
  if (!/^[0-9a-f]{64}$/.test(salt)) throw collectorError('E_KEY_FILE', `${file} must hold 64 hex characters.`);
  return salt;
}
