import { createHash } from 'node:crypto';
import { chmodSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashCache } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

describe('HashCache', () => {
  it('hashes a file once and again only when its size or mtime changes', async () => {
    const file = join(tempDir(), 'tool');
    writeFileSync(file, 'one');
    const cache = new HashCache();
    expect(await cache.hash(file)).toBe(sha('one'));
    expect(await cache.hash(file)).toBe(sha('one'));
    expect(cache.bytesHashed).toBe(3);
    writeFileSync(file, 'two!');
    expect(await cache.hash(file)).toBe(sha('two!'));
    writeFileSync(file, 'six!');
    utimesSync(file, new Date(2_000_000_000_000), new Date(2_000_000_000_000));
    expect(await cache.hash(file)).toBe(sha('six!'));
    expect(cache.bytesHashed).toBe(11);
  });

  it('restores from a snapshot without reading the file again', async () => {
    const file = join(tempDir(), 'tool');
    writeFileSync(file, 'abc');
    const first = new HashCache();
    await first.hash(file);
    const second = new HashCache({}, first.snapshot());
    expect(await second.hash(file)).toBe(sha('abc'));
    expect(second.bytesHashed).toBe(0);
  });

  it('skips files over the size limit, missing files, folders and unreadable files', async () => {
    const dir = tempDir();
    const big = join(dir, 'big');
    writeFileSync(big, Buffer.alloc(2_048));
    const cache = new HashCache({ maxFileBytes: 1_024 });
    expect(await cache.hash(big)).toBeUndefined();
    expect(await cache.hash(join(dir, 'missing'))).toBeUndefined();
    expect(await cache.hash(dir)).toBeUndefined();
    const locked = join(dir, 'locked');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    // root reads it anyway; anyone else gets no hash, and neither throws
    const result = await cache.hash(locked);
    expect(result === undefined || result === sha('x')).toBe(true);
  });

  it('keeps at most maxEntries paths', async () => {
    const dir = tempDir();
    const cache = new HashCache({ maxEntries: 3 });
    for (let i = 0; i < 5; i += 1) {
      writeFileSync(join(dir, `f${i}`), String(i));
      await cache.hash(join(dir, `f${i}`));
    }
    expect(cache.size).toBe(3);
  });
});
