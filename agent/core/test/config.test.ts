import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig, loadCredentials, saveCredentials } from '../src/index.js';
import { DEVICE_ID, tempDir } from './helpers.js';

describe('agent configuration', () => {
  it('defaults to a million events or 512 MB of outbox', () => {
    const config = loadAgentConfig({ dataDir: tempDir(), env: {} });
    expect(config.outbox).toEqual({ maxEvents: 1_000_000, maxBytes: 512 * 1024 * 1024 });
  });

  it('reads agent.json in the data folder, then the environment', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agent.json'), JSON.stringify({ outbox: { maxEvents: 10 }, logLevel: 'debug' }));
    const config = loadAgentConfig({ dataDir: dir, env: { SLUICE_OUTBOX_MAX_BYTES: '2048', SLUICE_COLLECTOR_URL: 'https://collector.example:8470' } });
    expect(config).toMatchObject({ logLevel: 'debug', outbox: { maxEvents: 10, maxBytes: 2048 }, collectorUrl: 'https://collector.example:8470' });
  });

  it('explains invalid values with the key', () => {
    const dir = tempDir();
    expect(() => loadAgentConfig({ dataDir: dir, env: { SLUICE_OUTBOX_MAX_EVENTS: '-5' } })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG_INVALID', message: expect.stringContaining('outbox.maxEvents') }),
    );
    expect(() => loadAgentConfig({ dataDir: dir, env: { SLUICE_COLLECTOR_URL: 'ftp://x' } })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('collectorUrl') }),
    );
    writeFileSync(join(dir, 'agent.json'), JSON.stringify({ outbx: {} }));
    expect(() => loadAgentConfig({ dataDir: dir, env: {} })).toThrow(expect.objectContaining({ message: expect.stringContaining('outbx') }));
  });
});

describe('credentials', () => {
  const credentials = {
    deviceId: DEVICE_ID,
    deviceSecret: 'slc_dev_abc',
    collectorUrl: 'http://127.0.0.1:8470',
    policyPublicKey: 'a'.repeat(64),
    evidenceSalt: 'b'.repeat(64),
    enrolledAt: 1,
  };

  it('round-trips through a 0600 file', () => {
    const dir = tempDir();
    saveCredentials(dir, credentials);
    expect(loadCredentials(dir)).toEqual(credentials);
  });

  it('tells a missing identity from a damaged one', () => {
    const dir = tempDir();
    expect(() => loadCredentials(dir)).toThrow(expect.objectContaining({ code: 'E_NOT_ENROLLED' }));
    writeFileSync(join(dir, 'credentials.json'), '{');
    expect(() => loadCredentials(dir)).toThrow(expect.objectContaining({ code: 'E_CREDENTIALS_FILE' }));
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ ...credentials, deviceId: 'x' }));
    expect(() => loadCredentials(dir)).toThrow(expect.objectContaining({ code: 'E_CREDENTIALS_FILE' }));
  });
});
