import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadLayeredConfig } from '../src/index.js';

const Schema = z.strictObject({
  port: z.number().int().min(1).max(65_535).default(8470),
  host: z.string().default('127.0.0.1'),
  limits: z.strictObject({ maxFrameBytes: z.number().int().positive().default(1024) }).prefault({}),
});

const bindings = {
  SLUICE_PORT: { key: 'port', kind: 'integer' },
  SLUICE_MAX_FRAME_BYTES: { key: 'limits.maxFrameBytes', kind: 'integer' },
} as const;

describe('loadLayeredConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-config-'));

  it('applies defaults, then file, then environment, then overrides', () => {
    const file = join(dir, 'a.json');
    writeFileSync(file, JSON.stringify({ port: 9000, host: 'file-host', limits: { maxFrameBytes: 10 } }));
    expect(loadLayeredConfig(Schema, {})).toEqual({ port: 8470, host: '127.0.0.1', limits: { maxFrameBytes: 1024 } });
    expect(loadLayeredConfig(Schema, { file })).toEqual({ port: 9000, host: 'file-host', limits: { maxFrameBytes: 10 } });
    const env = { SLUICE_PORT: '9100', SLUICE_MAX_FRAME_BYTES: '2048' };
    expect(loadLayeredConfig(Schema, { file, env, bindings })).toMatchObject({ port: 9100, limits: { maxFrameBytes: 2048 } });
    expect(loadLayeredConfig(Schema, { file, env, bindings, overrides: { port: 1234 } }).port).toBe(1234);
  });

  it('names the bad key and its sources in a coded error', () => {
    expect(() => loadLayeredConfig(Schema, { env: { SLUICE_PORT: 'eighty' }, bindings })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG_INVALID', message: expect.stringContaining('port') }),
    );
    const file = join(dir, 'b.json');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadLayeredConfig(Schema, { file })).toThrow(expect.objectContaining({ message: expect.stringContaining('prot') }));
  });

  it('reports unreadable and malformed files', () => {
    const bad = join(dir, 'c.json');
    writeFileSync(bad, '{"port":');
    expect(() => loadLayeredConfig(Schema, { file: bad })).toThrow(expect.objectContaining({ code: 'E_CONFIG_FILE' }));
    writeFileSync(bad, '[1]');
    expect(() => loadLayeredConfig(Schema, { file: bad })).toThrow(expect.objectContaining({ code: 'E_CONFIG_FILE' }));
    expect(loadLayeredConfig(Schema, { file: join(dir, 'missing.json') }).port).toBe(8470);
    expect(() => loadLayeredConfig(Schema, { file: join(dir, 'missing.json'), fileRequired: true })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG_FILE' }),
    );
  });
});
