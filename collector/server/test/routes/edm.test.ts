import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDlpEngine,
  createEdmDetectors,
  decodeKey,
  DEFAULT_POLICY_INPUT,
  EdmIndexSchema,
  verifySignedPolicy,
  type Policy,
} from '@sluice/shared';
import type { SqliteStore } from '../../src/index.js';
import { RawAgent, startTestCollector, type TestCollector } from '../helper.js';

const EMAILS = ['ingrid.vasquez-7781@client-mail.example', 'tomasz.okafor-2290@client-mail.example'];
const ACCOUNTS = ['583920174466', '771046283915'];
const TABLE = { columns: [{ name: 'email', kind: 'email', values: EMAILS }, { name: 'account', kind: 'digits', values: ACCOUNTS }] };

function filesUnder(dir: string): { path: string; data: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, data: readFileSync(path) }];
  });
}

async function newestPolicy(c: TestCollector): Promise<Policy> {
  const list = await c.admin('GET', '/v1/policies');
  const newest = await c.admin('GET', `/v1/policies/${list.body.policies[0].version}`);
  const key = await c.admin('GET', '/v1/policy-key');
  const verified = verifySignedPolicy(newest.body.signed, decodeKey(key.body.publicKey));
  if (!verified.ok) throw verified.error;
  return verified.value;
}

function download(c: TestCollector, sha256: string, headers: Record<string, string>) {
  return c.app.inject({ method: 'GET', url: `/v1/edm-indexes/${sha256}`, headers });
}

const deviceHeaders = (d: { deviceId: string; deviceSecret: string }) => ({ authorization: `Bearer ${d.deviceSecret}`, 'x-sluice-device': d.deviceId });

describe('exact-data-match tables', () => {
  let c: TestCollector;
  let log = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    c = await startTestCollector({ edm: { maxValues: 50, maxTables: 3, maxUploadBytes: 64 * 1024 } }, { logger: pino({ level: 'trace' }, sink) });
  });
  afterAll(() => c.stop());

  it('hashes an uploaded table into an index, signs a policy naming it, and serves it to enrolled devices only', async () => {
    const device = await c.enroll();
    const put = await c.admin('PUT', '/v1/edm-tables/customers', TABLE);
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      outcome: 'created',
      table: {
        name: 'customers',
        columns: [
          { name: 'email', kind: 'email', values: 2, detector: 'edm-customers-email' },
          { name: 'account', kind: 'digits', values: 2, detector: 'edm-customers-account' },
        ],
      },
      policies: [{ policyId: 'default', pushedTo: 0 }],
    });
    const { sha256, size } = put.body.table;
    const policy = await newestPolicy(c);
    expect(policy.version).toBe(put.body.policies[0].version);
    expect(policy.dlp.edmIndexes).toEqual([{ name: 'customers', sha256, size }]);
    expect(policy.dlp.rules).toEqual(DEFAULT_POLICY_INPUT.dlp.rules);

    const res = await download(c, sha256, deviceHeaders(device));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.rawPayload.length).toBe(size);
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(sha256);
    const index = EdmIndexSchema.parse(JSON.parse(res.body));
    expect(index.salt).toBe(c.ctx.evidenceSalt);
    const detectors = createEdmDetectors(index);
    if (!detectors.ok) throw detectors.error;
    const engine = createDlpEngine({ builtins: false, custom: detectors.value });
    const found = engine.scan(`Please refund ${EMAILS[1]} (account 7710 4628 3915).`).findings.map((f) => f.detector).sort();
    expect(found).toEqual(['edm-customers-account', 'edm-customers-email']);
    expect(engine.scan('someone.else@client-mail.example 583920174467').findings).toEqual([]);

    const listed = await c.admin('GET', '/v1/edm-tables');
    expect(listed.body.tables).toEqual([expect.objectContaining({ name: 'customers', sha256, size })]);
    expect(JSON.stringify(listed.body)).not.toContain(index.salt);
  });

  it('refuses the download without device credentials, with an admin token, a wrong secret or a revoked device', async () => {
    const device = await c.enroll();
    const { sha256 } = (await c.admin('GET', '/v1/edm-tables')).body.tables[0];
    const cases: [Record<string, string>, number, string][] = [
      [{}, 401, 'E_AUTH_REQUIRED'],
      [{ authorization: `Bearer ${c.adminToken}` }, 401, 'E_AUTH_REQUIRED'],
      [{ authorization: `Bearer ${c.adminToken}`, 'x-sluice-device': device.deviceId }, 401, 'E_AUTH_INVALID'],
      [{ authorization: 'Bearer slc_dev_wrong', 'x-sluice-device': device.deviceId }, 401, 'E_AUTH_INVALID'],
    ];
    for (const [headers, status, code] of cases) {
      const res = await download(c, sha256, headers);
      expect(res.statusCode).toBe(status);
      expect(JSON.parse(res.body).error.code).toBe(code);
    }
    expect((await download(c, 'f'.repeat(64), deviceHeaders(device))).statusCode).toBe(404);
    const malformed = await download(c, 'not-a-digest', deviceHeaders(device));
    expect([malformed.statusCode, JSON.parse(malformed.body).error.code]).toEqual([400, 'E_BAD_REQUEST']);
    await c.admin('POST', `/v1/devices/${device.deviceId}/revoke`);
    const revoked = await download(c, sha256, deviceHeaders(device));
    expect([revoked.statusCode, JSON.parse(revoked.body).error.code]).toEqual([403, 'E_DEVICE_REVOKED']);
  });

  it.each([
    ['PUT', '/v1/edm-tables/customers'],
    ['GET', '/v1/edm-tables'],
    ['DELETE', '/v1/edm-tables/customers'],
  ])('%s %s requires an admin token: none, a wrong one and a device secret are refused', async (method, url) => {
    const device = await c.enroll();
    for (const headers of [{}, { authorization: 'Bearer slc_admin_wrong' }, deviceHeaders(device)]) {
      const res = await c.app.inject({ method: method as 'GET', url, headers, ...(method === 'PUT' ? { payload: TABLE } : {}) });
      expect(res.statusCode).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('E_UNAUTHORIZED');
    }
  });

  it.each([
    ['a table name that is not kebab-case', '/v1/edm-tables/Customers', TABLE, 400, 'E_BAD_REQUEST'],
    ['a table name too long for detector ids', `/v1/edm-tables/${'t'.repeat(25)}`, TABLE, 400, 'E_BAD_REQUEST'],
    ['no columns', '/v1/edm-tables/x', { columns: [] }, 400, 'E_BAD_REQUEST'],
    ['an unknown kind', '/v1/edm-tables/x', { columns: [{ name: 'a', kind: 'phone', values: ['123456'] }] }, 400, 'E_BAD_REQUEST'],
    ['two columns of one name', '/v1/edm-tables/x', { columns: [{ name: 'a', kind: 'digits', values: ['123456'] }, { name: 'a', kind: 'email', values: ['a@b.example'] }] }, 400, 'E_BAD_REQUEST'],
    ['a value that is not text', '/v1/edm-tables/x', { columns: [{ name: 'a', kind: 'digits', values: [123456] }] }, 400, 'E_BAD_REQUEST'],
    ['a value past the length bound', '/v1/edm-tables/x', { columns: [{ name: 'a', kind: 'text', values: ['v'.repeat(1_025)] }] }, 400, 'E_BAD_REQUEST'],
    ['an extra field', '/v1/edm-tables/x', { ...TABLE, salt: 'mine' }, 400, 'E_BAD_REQUEST'],
    ['more values than allowed', '/v1/edm-tables/x', { columns: [{ name: 'a', kind: 'digits', values: Array.from({ length: 51 }, (_, i) => String(100_000 + i)) }] }, 413, 'E_EDM_TABLE_TOO_LARGE'],
    ['a column without a usable value', '/v1/edm-tables/x', { columns: [{ name: 'a', kind: 'digits', values: ['12', 'none'] }] }, 400, 'E_EDM_TABLE_EMPTY'],
    ['a body past the upload bound', '/v1/edm-tables/x', { columns: [{ name: 'a', kind: 'text', values: Array.from({ length: 100 }, () => 'w'.repeat(1_000)) }] }, 413, 'E_EDM_TABLE_TOO_LARGE'],
  ])('refuses %s with a coded error and stores nothing', async (_name, url, payload, status, code) => {
    const before = (await c.admin('GET', '/v1/edm-tables')).body.tables.length;
    const versions = (await c.admin('GET', '/v1/policies')).body.policies.length;
    const res = await c.admin('PUT', url, payload);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await c.admin('GET', '/v1/edm-tables')).body.tables.length).toBe(before);
    expect((await c.admin('GET', '/v1/policies')).body.policies.length).toBe(versions);
  });

  it('answers a body that is not JSON with E_BAD_JSON', async () => {
    const res = await c.app.inject({ method: 'PUT', url: '/v1/edm-tables/x', headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' }, payload: '{"columns":' });
    expect([res.statusCode, JSON.parse(res.body).error.code]).toEqual([400, 'E_BAD_JSON']);
  });

  it('replaces a table under its name, leaves an identical upload alone, and deletes', async () => {
    const device = await c.enroll();
    const first = (await c.admin('GET', '/v1/edm-tables')).body.tables.find((t: { name: string }) => t.name === 'customers');
    const same = await c.admin('PUT', '/v1/edm-tables/customers', TABLE);
    expect(same.body).toMatchObject({ outcome: 'unchanged', table: { sha256: first.sha256 }, policies: [] });

    const replaced = await c.admin('PUT', '/v1/edm-tables/customers', { columns: [{ name: 'email', kind: 'email', values: [EMAILS[0]] }] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.outcome).toBe('replaced');
    expect(replaced.body.table.sha256).not.toBe(first.sha256);
    expect((await newestPolicy(c)).dlp.edmIndexes).toEqual([{ name: 'customers', sha256: replaced.body.table.sha256, size: replaced.body.table.size }]);
    expect((await download(c, first.sha256, deviceHeaders(device))).statusCode).toBe(404);

    const deleted = await c.admin('DELETE', '/v1/edm-tables/customers');
    expect(deleted.status).toBe(200);
    expect(deleted.body.outcome).toBe('deleted');
    expect((await newestPolicy(c)).dlp.edmIndexes).toEqual([]);
    expect((await download(c, replaced.body.table.sha256, deviceHeaders(device))).statusCode).toBe(404);
    const again = await c.admin('DELETE', '/v1/edm-tables/customers');
    expect([again.status, again.body.error.code]).toEqual([404, 'E_NOT_FOUND']);
  });

  it('holds a bounded number of tables', async () => {
    for (const name of ['t1', 't2', 't3']) expect((await c.admin('PUT', `/v1/edm-tables/${name}`, TABLE)).status).toBe(201);
    const fourth = await c.admin('PUT', '/v1/edm-tables/t4', TABLE);
    expect([fourth.status, fourth.body.error.code]).toEqual([409, 'E_EDM_TABLE_LIMIT']);
    expect((await c.admin('PUT', '/v1/edm-tables/t3', { columns: [TABLE.columns[0]] })).status).toBe(200);
    expect((await newestPolicy(c)).dlp.edmIndexes.map((r) => r.name)).toEqual(['t1', 't2', 't3']);
    for (const name of ['t1', 't2', 't3']) expect((await c.admin('DELETE', `/v1/edm-tables/${name}`)).status).toBe(200);
  });

  it('refuses a table whose column would share a detector id with another table', async () => {
    const column = { name: 'b-c', kind: 'email', values: [EMAILS[0]] };
    expect((await c.admin('PUT', '/v1/edm-tables/a', { columns: [column] })).status).toBe(201);
    const clash = await c.admin('PUT', '/v1/edm-tables/a-b', { columns: [{ ...column, name: 'c' }] });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'E_EDM_TABLE_CLASH']);
    expect(clash.body.error.message).toContain('edm-a-b-c');
    // Replacing the table that gives the id is no clash.
    expect((await c.admin('PUT', '/v1/edm-tables/a', { columns: [{ ...column, values: [EMAILS[1]] }] })).status).toBe(200);
    expect((await c.admin('DELETE', '/v1/edm-tables/a')).status).toBe(200);
  });

  it('never writes a value to the data folder or the log', async () => {
    await c.admin('PUT', '/v1/edm-tables/customers', TABLE);
    await c.close();
    const files = filesUnder(c.dataDir);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([join(c.dataDir, 'collector.db')]));
    expect(log).toContain('exact-data-match table stored');
    for (const value of [...EMAILS, ...ACCOUNTS]) {
      for (const file of files) expect(file.data.includes(value), file.path).toBe(false);
      expect(log).not.toContain(value);
    }
  });
});

describe('policies signed again when the tables change', () => {
  let c: TestCollector;
  afterEach(() => c.stop());

  it('pushes the new version to online agents and keeps device-scoped policies in force', async () => {
    c = await startTestCollector();
    const a = await c.enroll();
    const b = await c.enroll();
    const scoped = await c.admin('POST', '/v1/policies', { ...DEFAULT_POLICY_INPUT, id: 'pilot', name: 'Pilot', mode: 'monitor', scope: { kind: 'devices', devices: [a.deviceId] } });
    expect(scoped.status).toBe(201);
    const agent = await RawAgent.connect(c.url, a.deviceId, a.deviceSecret);
    agent.hello(a.deviceId, scoped.body.version);
    await agent.waitFor((m) => m.type === 'welcome');

    const seen = agent.received.length;
    const put = await c.admin('PUT', '/v1/edm-tables/customers', TABLE);
    // Both policies in force are signed again; the online agent gets only the one it enforces.
    expect(put.body.policies.map((p: { policyId: string; pushedTo: number }) => [p.policyId, p.pushedTo])).toEqual([
      ['default', 0],
      ['pilot', 1],
    ]);
    const pushed = await agent.waitFor((m) => m.type === 'policy' && JSON.parse(m.policy.payload).id === 'pilot');
    expect(agent.received.slice(seen).filter((m) => m.type === 'policy')).toHaveLength(1);
    const policy = JSON.parse((pushed as { policy: { payload: string } }).policy.payload) as Policy;
    expect(policy).toMatchObject({ id: 'pilot', mode: 'monitor', dlp: { edmIndexes: [{ name: 'customers', sha256: put.body.table.sha256 }] } });
    expect(policy.version).toBeGreaterThan(scoped.body.version);

    const inForce = async (deviceId: string) => JSON.parse((await c.ctx.store.latestPolicyFor(deviceId))!.signed.payload) as Policy;
    expect((await inForce(a.deviceId)).id).toBe('pilot');
    expect((await inForce(b.deviceId)).id).toBe('default');
    expect((await inForce(b.deviceId)).dlp.edmIndexes).toHaveLength(1);
    agent.ws.close();
  });

  it('does not sign again a policy row edited in the database', async () => {
    c = await startTestCollector();
    const db = (c.ctx.store as SqliteStore).db;
    const genuine = db.prepare('SELECT signed FROM policies WHERE version = 1').get() as { signed: string };
    const signed = JSON.parse(genuine.signed) as { payload: string };
    const forged = { ...signed, payload: signed.payload.replace('"id":"default"', '"id":"forged"').replace('"version":1', '"version":2') };
    db.prepare("INSERT INTO policies (version, policy_id, scope, signed, created_at) VALUES (2, 'forged', '{\"kind\":\"all\"}', ?, 0)").run(JSON.stringify(forged));
    const put = await c.admin('PUT', '/v1/edm-tables/customers', TABLE);
    expect(put.body.policies.map((p: { policyId: string }) => p.policyId)).toEqual(['default']);
    expect((await newestPolicy(c)).id).toBe('default');
  });
});
