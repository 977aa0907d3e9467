import { base62Crc32TokenValid } from './checksums.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;
// base64url shares the table.
B64_INDEX[45] = 62; // '-'
B64_INDEX[95] = 63; // '_'

/**
 * Decodes standard or URL-safe base64 (padding optional) into a Latin-1 string, at most
 * `maxChars` input characters; undefined when a character is outside the alphabet.
 */
export function base64ToLatin1(input: string, maxChars = 4096): string | undefined {
  const s = input.length > maxChars ? input.slice(0, maxChars - (maxChars % 4)) : input;
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break; // '=' padding
    const v = c < 128 ? (B64_INDEX[c] ?? -1) : -1;
    if (v < 0) return undefined;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}

/** The JOSE header of a JWT is a JSON object (RFC 7515/7519); which members it has varies. */
export function jwtHeaderValid(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  const json = base64ToLatin1(header, 8192);
  if (!json) return false;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** A JWT that was itself base64-encoded (seen in Kubernetes secrets and CI variables). */
export function base64JwtValid(value: string): boolean {
  const decoded = base64ToLatin1(value, 8192);
  if (!decoded) return false;
  // The decoded text having the eyJ….eyJ shape is the evidence; the header may be damaged.
  return /^eyJ[A-Za-z0-9_-]{2,}\.eyJ/.test(decoded);
}

/** GitHub classic/OAuth/app tokens: `gh?_` plus 30 random characters and a CRC-32 checksum. */
export function githubTokenChecksumValid(token: string): boolean {
  return token.length === 40 && base62Crc32TokenValid(token, 4);
}

/** npm granular and automation tokens share GitHub's checksum scheme after `npm_`. */
export function npmTokenChecksumValid(token: string): boolean {
  return token.length === 40 && base62Crc32TokenValid(token, 4);
}

/** Slack, Discord and similar tokens embed numeric ids; a base64-encoded Discord id decodes to digits. */
export function discordBotTokenValid(token: string): boolean {
  const idPart = token.slice(0, token.indexOf('.'));
  const decoded = base64ToLatin1(idPart, 64);
  return decoded !== undefined && /^\d{17,20}$/.test(decoded);
}
