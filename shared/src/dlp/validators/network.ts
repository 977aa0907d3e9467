import type { ValidatorResult } from '../types.js';

/** Four dot-separated decimal parts, 0-255, without leading zeros; one pass over the characters. */
function ipv4Valid(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  let leadingZero = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || (leadingZero && digits > 1) || ++parts > 4) return false;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 0) leadingZero = c === 48;
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
    } else return false;
  }
  return parts === 4;
}

export function ipv4AddressValid(value: string): boolean {
  return ipv4Valid(value);
}

/**
 * An IPv6 address (RFC 4291 text forms, RFC 5952 compression, an embedded IPv4 tail, an optional
 * zone id). The candidate may carry a trailing colon or dot from the sentence; the validator
 * returns the span of the address itself.
 */
export function validateIpv6(value: string): ValidatorResult {
  let end = value.length;
  // Trailing punctuation belongs to the sentence, not the address ("::1." or "fe80::1:").
  while (end > 2 && (value[end - 1] === '.' || (value[end - 1] === ':' && value[end - 2] !== ':'))) end--;
  const candidate = value.slice(0, end);
  const zoneAt = candidate.indexOf('%');
  const address = zoneAt >= 0 ? candidate.slice(0, zoneAt) : candidate;
  if (!ipv6Valid(address)) return false;
  return end === value.length ? true : { start: 0, end };
}

function ipv6Valid(address: string): boolean {
  if (address.length < 2) return false;
  const doubleAt = address.indexOf('::');
  if (doubleAt >= 0 && address.indexOf('::', doubleAt + 1) >= 0) return false;
  let head: string[];
  let tail: string[];
  if (doubleAt >= 0) {
    const left = address.slice(0, doubleAt);
    const right = address.slice(doubleAt + 2);
    head = left === '' ? [] : left.split(':');
    tail = right === '' ? [] : right.split(':');
  } else {
    head = address.split(':');
    tail = [];
  }
  const groups = [...head, ...tail];
  let slots = groups.length;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!ipv4Valid(last)) return false;
    groups.pop();
    slots += 1; // an IPv4 tail fills two 16-bit groups
  }
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return doubleAt >= 0 ? slots <= 7 : slots === 8;
}

/** A MAC address that is not all zeros or the broadcast address (those identify nobody). */
export function macAddressValid(value: string): boolean {
  const hex = value.replace(/[:.-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return false;
  return hex !== '000000000000' && hex !== 'ffffffffffff';
}
