import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '@sluice/shared-node';

/** Folder of the agent's data folder where verified indexes are kept, one `<sha256>.json` each. */
export const EDM_CACHE_DIR = 'edm';

const CACHE_FILE = /^[0-9a-f]{64}\.json$/;

export function edmCacheDir(dataDir: string): string {
  return join(dataDir, EDM_CACHE_DIR);
}

/**
 * The cached bytes of an index, or undefined when it is not cached, cannot be read, or is not a
 * regular file of `size` bytes (checked before reading: a file grown on disk is never read whole).
 */
export function readCachedIndex(dir: string, sha256: string, size: number): Buffer | undefined {
  const path = join(dir, `${sha256}.json`);
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size !== size) return undefined;
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Stores verified bytes, readable only by this user (0600, in a 0700 folder), atomically. */
export function writeCachedIndex(dir: string, sha256: string, bytes: Buffer): void {
  ensurePrivateDir(dir);
  writePrivateFile(join(dir, `${sha256}.json`), bytes);
}

/** Deletes cached indexes whose digest is not in `keep`; returns how many. Other files are left alone. */
export function removeUnreferenced(dir: string, keep: ReadonlySet<string>): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!CACHE_FILE.test(name) || keep.has(name.slice(0, 64))) continue;
    try {
      unlinkSync(join(dir, name));
      removed += 1;
    } catch {
      // Gone already, or not ours to delete: the next sync tries again.
    }
  }
  return removed;
}

/** Deletes one cached index (one that failed its check). */
export function removeCachedIndex(dir: string, sha256: string): void {
  try {
    unlinkSync(join(dir, `${sha256}.json`));
  } catch {
    // Already gone.
  }
}
