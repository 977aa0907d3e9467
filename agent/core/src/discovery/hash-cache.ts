import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Largest executable hashed; bigger files are matched on their other signals. */
export const MAX_HASH_FILE_BYTES = 512 * 1024 * 1024;
/** Entries kept (memory and state file); the least recently used are forgotten first. */
export const MAX_HASH_CACHE_ENTRIES = 4_096;

export interface HashCacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  /** null when the file could not be hashed (too large, unreadable): not retried until it changes. */
  readonly sha256: string | null;
}

export interface HashCacheOptions {
  readonly maxFileBytes?: number;
  readonly maxEntries?: number;
}

/**
 * SHA-256 of executables, remembered by path, size and modification time, so an executable is read
 * once however many processes run it and again only after it changes. Hashes are computed one at a
 * time by streaming, so a burst of new executables never holds several large files in memory.
 */
export class HashCache {
  private readonly entries = new Map<string, HashCacheEntry>();
  private readonly maxFileBytes: number;
  private readonly maxEntries: number;
  private queue: Promise<unknown> = Promise.resolve();
  /** Bytes read so far, for footprint diagnostics and tests. */
  bytesHashed = 0;

  constructor(options: HashCacheOptions = {}, initial?: Iterable<readonly [string, HashCacheEntry]>) {
    this.maxFileBytes = options.maxFileBytes ?? MAX_HASH_FILE_BYTES;
    this.maxEntries = options.maxEntries ?? MAX_HASH_CACHE_ENTRIES;
    for (const [path, entry] of initial ?? []) this.remember(path, entry);
  }

  /** The hash of a file, computed if its path, size or mtime is new. Never throws. */
  async hash(path: string): Promise<string | undefined> {
    let info: { size: number; mtimeMs: number };
    try {
      const s = await stat(path);
      if (!s.isFile()) return undefined;
      info = { size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
    } catch {
      return undefined;
    }
    const known = this.entries.get(path);
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) {
      this.remember(path, known);
      return known.sha256 ?? undefined;
    }
    if (info.size > this.maxFileBytes) {
      this.remember(path, { ...info, sha256: null });
      return undefined;
    }
    const run = this.queue.then(() => this.digest(path));
    this.queue = run.catch(() => undefined);
    const sha256 = await run.catch(() => null);
    this.remember(path, { ...info, sha256 });
    return sha256 ?? undefined;
  }

  /** The cached hash without reading anything; undefined when not known or stale is not checked. */
  peek(path: string): string | undefined {
    return this.entries.get(path)?.sha256 ?? undefined;
  }

  snapshot(): [string, HashCacheEntry][] {
    return [...this.entries];
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(path: string, entry: HashCacheEntry): void {
    this.entries.delete(path);
    this.entries.set(path, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  private digest(path: string): Promise<string | null> {
    return new Promise((resolve) => {
      const hash = createHash('sha256');
      let read = 0;
      const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
      stream.on('data', (chunk) => {
        read += chunk.length;
        if (read > this.maxFileBytes) {
          stream.destroy();
          resolve(null);
          return;
        }
        hash.update(chunk);
      });
      stream.on('error', () => resolve(null));
      stream.on('end', () => {
        this.bytesHashed += read;
        resolve(hash.digest('hex'));
      });
    });
  }
}
