import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Creates a folder readable only by this user (0700) if it does not exist. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Atomically replaces a file with content readable only by this user (0600), synced to disk. */
export function writePrivateFile(file: string, content: string | Buffer): void {
  ensurePrivateDir(dirname(file));
  writeFileAtomic.sync(file, content, { mode: 0o600, fsync: true });
}

export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** True when group or others can read the file. */
export function isExposed(file: string): boolean {
  return (statSync(file).mode & 0o077) !== 0;
}
