import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Decodes Base58 (Bitcoin alphabet) into bytes; undefined on a character outside the alphabet. */
export function base58Decode(s: string): Uint8Array | undefined {
  const bytes: number[] = [0];
  for (let i = 0; i < s.length; i++) {
    let carry = BASE58.indexOf(s[i] ?? '');
    if (carry < 0) return undefined;
    for (let j = 0; j < bytes.length; j++) {
      carry += (bytes[j] ?? 0) * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  let zeros = 0;
  while (zeros < s.length && s[zeros] === '1') zeros++;
  const out = new Uint8Array(zeros + bytes.length);
  // bytes is little-endian and carries one leading zero byte for the empty number.
  let k = zeros;
  let started = false;
  for (let j = bytes.length - 1; j >= 0; j--) {
    const b = bytes[j] ?? 0;
    if (!started && b === 0) continue;
    started = true;
    out[k++] = b;
  }
  return out.slice(0, k);
}

/** Base58Check (Bitcoin P2PKH/P2SH, version 0x00 or 0x05): 25 bytes, double-SHA-256 checksum. */
export function bitcoinBase58Valid(address: string): boolean {
  const bytes = base58Decode(address);
  if (!bytes || bytes.length !== 25) return false;
  if (bytes[0] !== 0x00 && bytes[0] !== 0x05) return false;
  const payload = bytes.subarray(0, 21);
  const check = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (check[i] !== bytes[21 + i]) return false;
  return true;
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function bech32Polymod(values: readonly number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i] ?? 0;
  }
  return chk >>> 0;
}

/**
 * BIP-173 (bech32) and BIP-350 (bech32m) checksum of `hrp1data`. Returns which variant verified,
 * or undefined. Mixed case is invalid by the specification.
 */
export function bech32Variant(s: string): 'bech32' | 'bech32m' | undefined {
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) return undefined;
  const v = s.toLowerCase();
  const sep = v.lastIndexOf('1');
  if (sep < 1 || sep + 7 > v.length || v.length > 90) return undefined;
  const hrp = v.slice(0, sep);
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  for (let i = sep + 1; i < v.length; i++) {
    const d = BECH32_CHARSET.indexOf(v[i] ?? '');
    if (d < 0) return undefined;
    values.push(d);
  }
  const mod = bech32Polymod(values);
  if (mod === 1) return 'bech32';
  if (mod === 0x2bc830a3) return 'bech32m';
  return undefined;
}

/** A segwit address: witness v0 uses bech32, v1+ (taproot) bech32m (BIP-350). */
export function segwitAddressValid(address: string): boolean {
  const variant = bech32Variant(address);
  if (!variant) return false;
  const v = address.toLowerCase();
  const witnessVersion = BECH32_CHARSET.indexOf(v[v.lastIndexOf('1') + 1] ?? '');
  return witnessVersion === 0 ? variant === 'bech32' : variant === 'bech32m';
}

/**
 * Ethereum address: 0x and 40 hex digits. All-lower or all-upper addresses carry no checksum;
 * mixed case must follow EIP-55 (upper where the keccak-256 nibble of the lowercase address >= 8).
 */
export function ethereumChecksum(address: string): 'valid' | 'none' | 'invalid' {
  const hex = address.slice(2);
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) return 'invalid';
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return 'none';
  const lower = hex.toLowerCase();
  const hash = keccak_256(utf8ToBytes(lower));
  for (let i = 0; i < 40; i++) {
    const ch = hex[i] ?? '';
    if (ch >= '0' && ch <= '9') continue;
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const shouldUpper = nibble >= 8;
    if (shouldUpper !== (ch !== ch.toLowerCase())) return 'invalid';
  }
  return 'valid';
}
