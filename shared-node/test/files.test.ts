import { mkdtempSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExposed, readIfExists, writePrivateFile } from '../src/index.js';

describe('private files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-files-'));

  it('creates files and their folder readable only by the owner, replacing atomically', () => {
    const file = join(dir, 'nested', 'secret.json');
    writePrivateFile(file, 'one');
    writePrivateFile(file, 'two');
    expect(readIfExists(file)).toBe('two');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
    expect(isExposed(file)).toBe(false);
  });

  it('tells exposed and missing files apart', () => {
    const file = join(dir, 'open.txt');
    writeFileSync(file, 'x');
    chmodSync(file, 0o644);
    expect(isExposed(file)).toBe(true);
    expect(readIfExists(join(dir, 'missing'))).toBeUndefined();
  });
});
