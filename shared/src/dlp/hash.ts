import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { DataCategory } from '../policy/policy.js';
import { dlpError } from './errors.js';
import { alnumUpper, digitsOf } from './text.js';

/** Shortest organization salt accepted: 128 bits. */
export const MIN_SALT_BYTES = 16;

/**
 * A keyed hasher for one organization salt. The salt is the HMAC-SHA-256 key, so hashes from
 * different organizations never correlate and a leaked hash cannot be reversed by a precomputed
 * table. The keyed state is computed once and cloned per value (one compression per short value).
 */
export interface SaltedHasher {
  /** Lowercase hex HMAC-SHA-256 of the UTF-8 bytes of `normalized`. */
  hash(normalized: string): string;
}

export function saltBytes(salt: string | Uint8Array): Uint8Array {
  const bytes = typeof salt === 'string' ? utf8ToBytes(salt) : salt;
  if (bytes.length < MIN_SALT_BYTES) throw dlpError('E_DLP_SALT_REQUIRED');
  return bytes;
}

export function createSaltedHasher(salt: string | Uint8Array): SaltedHasher {
  const keyed = hmac.create(sha256, saltBytes(salt));
  return {
    hash(normalized: string): string {
      const h = keyed.clone();
      h.update(utf8ToBytes(normalized));
      return bytesToHex(h.digest());
    },
  };
}

/**
 * The canonical form of a value before hashing, so that "4111 1111 1111 1111" and
 * "4111-1111-1111-1111" hash alike on every device and in the collector's exact-data-match
 * tables: digits only for numeric identifiers, upper-case alphanumerics for mixed identifiers,
 * lower-case for e-mail and network addresses, the exact text for credentials.
 */
export function normalizeValue(value: string, category: DataCategory, entity?: string): string {
  if (entity === 'EMAIL_ADDRESS' || category === 'network') return value.trim().toLowerCase();
  if (category === 'credential' || category === 'source_code' || category === 'confidential') return value;
  const digits = digitsOf(value);
  const alnum = alnumUpper(value);
  if (digits.length > 0 && digits.length === alnum.length) return digits;
  if (alnum.length > 0) return alnum;
  return value.trim().toLowerCase();
}
