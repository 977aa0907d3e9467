import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileWatchEvent } from '@sluice/agent-core';
import { describe, expect, it } from 'vitest';
import { createFileWatcher, createPlatform } from '../src/index.js';
import { tempDir, until } from './support.js';

describe('file watcher (chokidar)', () => {
  it('reports existing and new model files below a folder, ignores the rest, and reports removals', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'blobs', 'deep'), { recursive: true });
    writeFileSync(join(root, 'blobs', 'old.gguf'), 'x'.repeat(10));
    writeFileSync(join(root, 'blobs', 'readme.txt'), 'no');
    const events: FileWatchEvent[] = [];
    const errors: Error[] = [];
    const handle = createFileWatcher().watch([root], { accept: (p) => p.endsWith('.gguf') || p.endsWith('.safetensors'), depth: 4 }, (e) => events.push(e), (e) => errors.push(e));
    try {
      await until(() => events.some((e) => e.path.endsWith('old.gguf')), 5_000, 'the existing file');
      writeFileSync(join(root, 'blobs', 'deep', 'new.safetensors'), 'y'.repeat(20));
      await until(() => events.some((e) => e.path.endsWith('new.safetensors')), 5_000, 'the new file');
      rmSync(join(root, 'blobs', 'old.gguf'));
      await until(() => events.some((e) => e.kind === 'unlink'), 5_000, 'the removal');
      expect(events.find((e) => e.path.endsWith('new.safetensors'))).toMatchObject({ kind: 'add', size: 20 });
      expect(events.some((e) => e.path.endsWith('readme.txt'))).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});

describe('file watcher on configuration parents', () => {
  it('reports folders that exist and folders created later, at depth 0 only', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.ollama'));
    const events: FileWatchEvent[] = [];
    const handle = createFileWatcher().watch([home], { accept: () => false, depth: 0 }, (e) => events.push(e), () => undefined);
    try {
      await until(() => events.some((e) => e.kind === 'addDir' && e.path === join(home, '.ollama')), 5_000, 'the existing folder');
      mkdirSync(join(home, '.claude', 'deep'), { recursive: true });
      writeFileSync(join(home, 'file.txt'), 'x');
      await until(() => events.some((e) => e.kind === 'addDir' && e.path === join(home, '.claude')), 5_000, 'the new folder');
      expect(events.some((e) => e.path.includes('deep'))).toBe(false);
      expect(events.some((e) => e.path.endsWith('file.txt'))).toBe(false);
    } finally {
      await handle.close();
    }
  });
});

describe('createPlatform', () => {
  it('picks the implementation for each OS', () => {
    expect(createPlatform({ os: 'linux', home: '/home/a' }).discovery).toMatchObject({ os: 'linux', home: '/home/a' });
    expect(createPlatform({ os: 'darwin', home: '/Users/a' }).discovery.os).toBe('darwin');
    const win = createPlatform({ os: 'win32', env: { USERPROFILE: 'C:\\Users\\a' } }).discovery;
    expect(win).toMatchObject({ os: 'win32', home: 'C:\\Users\\a' });
    expect(() => createPlatform({ os: 'aix' })).toThrow(/no platform implementation/);
  });
});
