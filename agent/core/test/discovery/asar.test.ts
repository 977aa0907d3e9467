import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAsarReader, readAsarPackageName } from '../../src/index.js';
import { tempDir } from '../helpers.js';

/** Builds an asar archive the way @electron/asar lays it out: size pickle, header pickle, files. */
export function writeAsar(file: string, files: Record<string, string>): void {
  let offset = 0;
  const entries: Record<string, { size: number; offset: string }> = {};
  const bodies: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.from(content);
    entries[name] = { size: body.length, offset: String(offset) };
    offset += body.length;
    bodies.push(body);
  }
  const json = Buffer.from(JSON.stringify({ files: entries }));
  const padded = Math.ceil(json.length / 4) * 4;
  const header = Buffer.alloc(8 + padded);
  header.writeUInt32LE(4 + padded, 0);
  header.writeUInt32LE(json.length, 4);
  json.copy(header, 8);
  const size = Buffer.alloc(8);
  size.writeUInt32LE(4, 0);
  size.writeUInt32LE(header.length, 4);
  writeFileSync(file, Buffer.concat([size, header, ...bodies]));
}

describe('asar reader', () => {
  it('reads the package name out of resources/app.asar beside a renamed executable', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'resources'));
    writeAsar(join(dir, 'resources', 'app.asar'), { 'main.js': 'x', 'package.json': JSON.stringify({ name: 'CherryStudio', version: '1.0.0' }) });
    expect(await readAsarPackageName(join(dir, 'resources', 'app.asar'))).toBe('CherryStudio');
    expect(await createAsarReader('linux').read(join(dir, 'totally-not-an-ai-app'))).toBe('CherryStudio');
  });

  it('returns nothing for garbage, truncated or absurd headers', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.asar');
    writeFileSync(bad, Buffer.from('not an archive at all'));
    expect(await readAsarPackageName(bad)).toBeUndefined();
    const absurd = Buffer.alloc(16);
    absurd.writeUInt32LE(4, 0);
    absurd.writeUInt32LE(0xffffffff, 4);
    absurd.writeUInt32LE(0xfffffff0, 12);
    writeFileSync(bad, absurd);
    expect(await readAsarPackageName(bad)).toBeUndefined();
    expect(await readAsarPackageName(join(dir, 'missing.asar'))).toBeUndefined();
    expect(await createAsarReader('linux').read(join(dir, 'no-resources'))).toBeUndefined();
  });
});
