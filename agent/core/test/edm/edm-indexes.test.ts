import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDlpEngine, createEdmIndex, type EdmIndexRef, type SluiceError } from '@sluice/shared';
import { downloadEdmIndex, EdmIndexes, edmCacheDir } from '../../src/index.js';
import { DEVICE_ID, silentLog, tempDir } from '../helpers.js';

const SECRET = 'slc_dev_test-secret';
const CUSTOMER = 'ingrid.vasquez-7781@client-mail.example';

function indexBytes(table: string, values: string[]): Buffer {
  const index = createEdmIndex([{ name: `${table}-email`, kind: 'email', values }], 'ab'.repeat(32));
  if (!index.ok) throw index.error;
  return Buffer.from(JSON.stringify(index.value));
}

function refOf(name: string, bytes: Buffer): EdmIndexRef {
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

/** The collector's download route, by digest, for this device only; tests decide what it serves. */
const served = new Map<string, Buffer>();
/** Digests the server starts answering and never finishes. */
const stalled = new Set<string>();
let requests = 0;
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    requests += 1;
    const sha = /^\/v1\/edm-indexes\/([0-9a-f]{64})$/.exec(req.url ?? '')?.[1];
    const body = sha ? served.get(sha) : undefined;
    if (sha && stalled.has(sha)) {
      res.writeHead(200, { 'content-type': 'application/json' }).write('{');
    } else if (req.headers.authorization !== `Bearer ${SECRET}` || req.headers['x-sluice-device'] !== DEVICE_ID) {
      res.writeHead(401).end(JSON.stringify({ error: { code: 'E_AUTH_INVALID', message: 'no' } }));
    } else if (!body) {
      res.writeHead(404).end(JSON.stringify({ error: { code: 'E_NOT_FOUND', message: 'No such index.' } }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

function open(dataDir: string, options: { secret?: string; offline?: boolean } = {}) {
  const failures: { name: string; code: string }[] = [];
  const changes: string[] = [];
  const edm = new EdmIndexes({
    dataDir,
    download: (ref, signal) =>
      options.offline
        ? Promise.reject(new Error('offline'))
        : downloadEdmIndex({ collectorUrl: url, deviceId: DEVICE_ID, deviceSecret: options.secret ?? SECRET }, ref, signal),
    log: silentLog,
    onFailure: (ref, error: SluiceError) => failures.push({ name: ref.name, code: error.code }),
    retryInitialMs: 60_000,
  });
  edm.onChange(() => changes.push(edm.key));
  return { edm, failures, changes };
}

const flags = (edm: EdmIndexes, text: string) =>
  createDlpEngine({ builtins: false, custom: edm.detectors() }).scan(text).findings.map((f) => f.detector);

describe('exact-data-match indexes on the agent', () => {
  it('downloads, verifies and caches an index (0600), and its detectors flag a value of the table', async () => {
    const bytes = indexBytes('customers', [CUSTOMER]);
    const ref = refOf('customers', bytes);
    served.set(ref.sha256, bytes);
    const dir = tempDir();
    const { edm, failures, changes } = open(dir);
    await edm.sync([ref]);
    expect(failures).toEqual([]);
    expect(changes).toEqual([ref.sha256]);
    expect(edm.status()).toEqual([{ name: 'customers', sha256: ref.sha256, size: ref.size, state: 'loaded', detectors: ['edm-customers-email'] }]);
    expect(flags(edm, `write to ${CUSTOMER} today`)).toEqual(['edm-customers-email']);
    const file = join(edmCacheDir(dir), `${ref.sha256}.json`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(edmCacheDir(dir)).mode & 0o777).toBe(0o700);
    // The same references again: nothing to do, no download, no change.
    const before = requests;
    await edm.sync([ref]);
    expect(requests).toBe(before);
    expect(changes).toHaveLength(1);
  });

  it('loads cached indexes after a restart without the collector, and drops those the policy no longer names', async () => {
    const bytes = indexBytes('patients', ['p.okafor@clinic.example']);
    const ref = refOf('patients', bytes);
    served.set(ref.sha256, bytes);
    const dir = tempDir();
    await open(dir).edm.sync([ref]);
    const restarted = open(dir, { offline: true });
    await restarted.edm.sync([ref]);
    expect(restarted.failures).toEqual([]);
    expect(flags(restarted.edm, 'p.okafor@clinic.example')).toEqual(['edm-patients-email']);
    await restarted.edm.sync([]);
    expect(restarted.edm.detectors()).toEqual([]);
    expect(restarted.edm.key).toBe('');
    expect(readdirSync(edmCacheDir(dir))).toEqual([]);
  });

  it('refuses a cached file edited on disk and downloads the index again', async () => {
    const bytes = indexBytes('vendors', ['billing@vendor.example']);
    const ref = refOf('vendors', bytes);
    served.set(ref.sha256, bytes);
    const dir = tempDir();
    await open(dir).edm.sync([ref]);
    const file = join(edmCacheDir(dir), `${ref.sha256}.json`);
    writeFileSync(file, bytes.toString('utf8').replace('"email"', '"digits"'));
    const again = open(dir);
    await again.edm.sync([ref]);
    expect(again.failures).toEqual([]);
    expect(again.edm.status()[0]?.state).toBe('loaded');
    // The cache holds the verified bytes again.
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(ref.sha256);

    // A cached file grown past the size the policy names is refused (by its size, before reading) and replaced.
    writeFileSync(file, Buffer.concat([bytes, Buffer.alloc(1024 * 1024, 32)]));
    const third = open(dir);
    await third.edm.sync([ref]);
    expect(third.edm.status()[0]?.state).toBe('loaded');
    expect(readFileSync(file).length).toBe(ref.size);
  });

  it.each([
    ['a tampered index', (b: Buffer) => Buffer.from(b.toString('utf8').replace(/"hashes":\["[0-9a-f]/, '"hashes":["0')), 'E_EDM_DIGEST'],
    ['a shorter index', (b: Buffer) => b.subarray(0, b.length - 1), 'E_EDM_DIGEST'],
    ['a larger index than the policy says', (b: Buffer) => Buffer.concat([b, Buffer.from('    ')]), 'E_EDM_TOO_LARGE'],
  ])('refuses %s with a coded failure, reported once, and keeps the other indexes', async (_name, tamper, code) => {
    const good = indexBytes('good', ['a.good@client.example']);
    const bad = indexBytes('bad', ['a.bad@client.example']);
    const goodRef = refOf('good', good);
    const badRef = refOf('bad', bad);
    served.set(goodRef.sha256, good);
    served.set(badRef.sha256, tamper(bad));
    const dir = tempDir();
    const { edm, failures } = open(dir);
    await edm.sync([badRef, goodRef]);
    expect(failures).toEqual([{ name: 'bad', code }]);
    expect(edm.status().map((s) => [s.name, s.state, s.code])).toEqual([
      ['bad', 'failed', code],
      ['good', 'loaded', undefined],
    ]);
    expect(existsSync(join(edmCacheDir(dir), `${badRef.sha256}.json`))).toBe(false);
    expect(flags(edm, 'a.good@client.example a.bad@client.example')).toEqual(['edm-good-email']);
    // Tried again: the same failure is not reported twice.
    await edm.retryFailed();
    expect(failures).toHaveLength(1);
    // The collector serves the right bytes again: the next try loads it.
    served.set(badRef.sha256, bad);
    await edm.retryFailed();
    expect(edm.status().every((s) => s.state === 'loaded')).toBe(true);
    await edm.stop();
  });

  it.each([
    ['an index the collector does not have', 'missing', 'E_EDM_DOWNLOAD'],
    ['refused credentials', 'credentials', 'E_EDM_DOWNLOAD'],
    ['bytes that are not an index, with the right digest', 'not-an-index', 'E_EDM_INVALID'],
  ])('reports %s with a code and never throws', async (_name, scenario, code) => {
    const bytes = scenario === 'not-an-index' ? Buffer.from('{"format":"something else"}') : indexBytes('x', ['x.y@z.example']);
    const ref = refOf('x', bytes);
    if (scenario !== 'missing') served.set(ref.sha256, bytes);
    else served.delete(ref.sha256);
    const { edm, failures } = open(tempDir(), scenario === 'credentials' ? { secret: 'slc_dev_wrong' } : {});
    await expect(edm.sync([ref])).resolves.toBeUndefined();
    expect(failures).toEqual([{ name: 'x', code }]);
    expect(edm.detectors()).toEqual([]);
    await edm.stop();
  });

  it('abandons a download in progress when stopped, without reporting a failure', async () => {
    const bytes = indexBytes('slow', ['s.low@client.example']);
    const ref = refOf('slow', bytes);
    stalled.add(ref.sha256);
    const { edm, failures } = open(tempDir());
    const syncing = edm.sync([ref]);
    await new Promise((r) => setTimeout(r, 100));
    expect(edm.status()[0]?.state).toBe('pending');
    const started = Date.now();
    await edm.stop();
    await syncing;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(failures).toEqual([]);
  });

  it('refuses an index whose detector ids another index already uses', async () => {
    const first = indexBytes('same', ['one@client.example']);
    const second = Buffer.from(JSON.stringify({ ...JSON.parse(indexBytes('same', ['two@client.example']).toString('utf8')) }));
    const a = refOf('first', first);
    const b = refOf('second', second);
    served.set(a.sha256, first);
    served.set(b.sha256, second);
    const { edm, failures } = open(tempDir());
    await edm.sync([a, b]);
    expect(failures).toEqual([{ name: 'second', code: 'E_EDM_INVALID' }]);
    expect(edm.detectors().map((d) => d.info.id)).toEqual(['edm-same-email']);
    await edm.stop();
  });
});
