import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Token formats. A recognizable prefix lets secret scanners (ours included) find a leaked token, and
 * 32 random bytes make a plain SHA-256 a sufficient hash at rest: there is nothing to brute-force.
 */
export const TOKEN_PREFIX = {
  admin: 'slc_admin_',
  enrollment: 'slc_enroll_',
  device: 'slc_dev_',
} as const;

export type TokenKind = keyof typeof TOKEN_PREFIX;

export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function newId(): string {
  return randomUUID();
}
