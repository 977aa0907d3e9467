import { createHash } from 'node:crypto';

/**
 * Device and user filters go through the full-text index instead of per-device and per-user B-tree
 * indexes. Each commit inserted into those B-trees at one place per device and per user, which made
 * them most of the cost of ingest (docs/benchmarks.md); the full-text index writes a transaction's
 * entries as one new segment instead. Each event's `keys` column holds one token for its device and
 * one for its user: a hash, so that any id or user name is one token the tokenizer keeps whole.
 * Queries still compare the stored columns exactly; the token only narrows the rows read.
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 10_000;

function token(prefix: 'd' | 'u', value: string): string {
  const cacheKey = prefix + value;
  let t = cache.get(cacheKey);
  if (t === undefined) {
    // 96 bits: a collision only means a few more rows read before the exact comparison.
    t = prefix + createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 24);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cacheKey, t);
  }
  return t;
}

export const deviceToken = (deviceId: string): string => token('d', deviceId);
export const userToken = (user: string): string => token('u', user);

/** The `keys` column of an event's full-text row. */
export function filterKeys(deviceId: string, user: string): string {
  return `${deviceToken(deviceId)} ${userToken(user)}`;
}
