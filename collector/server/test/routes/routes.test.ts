import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_INPUT, verifySignedPolicy, decodeKey } from '@sluice/shared';
import { startTestCollector, type TestCollector } from '../helper.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(() => c.stop());

describe('first start', () => {
  it('writes the admin token to a 0600 file and keeps the signing key private', () => {
    const file = join(c.dataDir, 'admin.token');
    expect(readFileSync(file, 'utf8').trim()).toBe(c.adminToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(c.dataDir, 'policy-signing.key')).mode & 0o777).toBe(0o600);
    expect(c.adminToken).toMatch(/^slc_admin_[A-Za-z0-9_-]{43}$/);
  });

  it('stores the recommended default policy as version 1', async () => {
    const res = await c.admin('GET', '/v1/policies/1');
    expect(res.status).toBe(200);
    expect(res.body.policy).toMatchObject({ id: 'default', version: 1, dlp: DEFAULT_POLICY_INPUT.dlp });
    const key = await c.admin('GET', '/v1/policy-key');
    expect(verifySignedPolicy(res.body.signed, decodeKey(key.body.publicKey)).ok).toBe(true);
  });
});

describe('authentication', () => {
  const adminRoutes: [string, string][] = [
    ['GET', '/v1/devices'],
    ['GET', '/v1/devices/00000000-0000-4000-8000-000000000000'],
    ['POST', '/v1/devices/00000000-0000-4000-8000-000000000000/revoke'],
    ['GET', '/v1/events'],
    ['POST', '/v1/enrollment-tokens'],
    ['GET', '/v1/enrollment-tokens'],
    ['DELETE', '/v1/enrollment-tokens/x'],
    ['POST', '/v1/policies'],
    ['GET', '/v1/policies'],
    ['GET', '/v1/policies/1'],
    ['GET', '/v1/policy-key'],
  ];

  it.each(adminRoutes)('%s %s requires a valid admin token', async (method, url) => {
    for (const authorization of [undefined, 'Bearer slc_admin_wrong', `Basic ${c.adminToken}`, 'Bearer slc_enroll_x']) {
      const res = await c.app.inject({ method: method as 'GET', url, headers: authorization ? { authorization } : {} });
      expect(res.statusCode).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('E_UNAUTHORIZED');
    }
  });

  it('leaves health, readiness and metrics open', async () => {
    expect((await c.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(JSON.parse((await c.app.inject({ url: '/readyz' })).body)).toEqual({ status: 'ready' });
    const metrics = await c.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    for (const name of ['sluice_events_ingested_total', 'sluice_acks_sent_total', 'sluice_agent_connections', 'sluice_ingest_queue_events', 'sluice_write_duration_seconds']) {
      expect(metrics.body).toContain(name);
    }
  });

  it('answers unknown routes with a coded 404', async () => {
    const res = await c.app.inject({ url: '/v2/nothing' });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('E_NOT_FOUND');
  });
});

describe('enrollment', () => {
  it('trades a token for a device identity whose secret is stored only as a hash', async () => {
    const token = await c.admin('POST', '/v1/enrollment-tokens', { ttlHours: 1, maxUses: 1, note: 'laptops' });
    expect(token.status).toBe(201);
    expect(token.body.token).toMatch(/^slc_enroll_/);
    const res = await c.app.inject({ method: 'POST', url: '/v1/enroll', payload: { token: token.body.token, hostname: 'laptop-1', platform: 'linux' } });
    expect(res.statusCode).toBe(201);
    const body = JSON.parse(res.body);
    expect(body.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.deviceSecret).toMatch(/^slc_dev_/);
    // The organization's evidence salt goes to agents at enrollment and nowhere else.
    expect(body.evidenceSalt).toMatch(/^[0-9a-f]{64}$/);
    for (const path of ['/v1/devices', '/v1/policies', '/v1/policy-key', '/v1/enrollment-tokens']) {
      expect(JSON.stringify((await c.admin('GET', path)).body)).not.toContain(body.evidenceSalt);
    }
    const db = readFileSync(join(c.dataDir, 'collector.db'));
    expect(db.includes(Buffer.from(body.deviceSecret))).toBe(false);
    expect(db.includes(Buffer.from(token.body.token))).toBe(false);

    const again = await c.app.inject({ method: 'POST', url: '/v1/enroll', payload: { token: token.body.token } });
    expect(again.statusCode).toBe(401);
    expect(JSON.parse(again.body).error.code).toBe('E_ENROLL_TOKEN_EXHAUSTED');

    const list = await c.admin('GET', '/v1/enrollment-tokens');
    expect(JSON.stringify(list.body)).not.toContain(token.body.token);
    expect(list.body.tokens.find((t: { id: string }) => t.id === token.body.id)).toMatchObject({ uses: 1, maxUses: 1, note: 'laptops' });
  });

  it('refuses revoked, unknown and malformed tokens with coded errors', async () => {
    const token = await c.admin('POST', '/v1/enrollment-tokens', {});
    expect((await c.admin('DELETE', `/v1/enrollment-tokens/${token.body.id}`)).status).toBe(200);
    const cases: [unknown, string][] = [
      [{ token: token.body.token }, 'E_ENROLL_TOKEN_REVOKED'],
      [{ token: 'slc_enroll_unknown' }, 'E_ENROLL_TOKEN_INVALID'],
      [{ token: 42 }, 'E_BAD_REQUEST'],
      [{ token: 'x', extra: true }, 'E_BAD_REQUEST'],
    ];
    for (const [payload, code] of cases) {
      const res = await c.app.inject({ method: 'POST', url: '/v1/enroll', payload: payload as object });
      expect(JSON.parse(res.body).error.code).toBe(code);
    }
    const bad = await c.app.inject({ method: 'POST', url: '/v1/enroll', payload: '{"token":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('E_BAD_JSON');
    const huge = await c.app.inject({ method: 'POST', url: '/v1/enroll', payload: { token: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.statusCode).toBe(413);
  });
});

describe('devices, events and policies API', () => {
  it('lists devices without their secret hashes', async () => {
    const device = await c.enroll();
    const list = await c.admin('GET', '/v1/devices');
    const found = list.body.devices.find((d: { id: string }) => d.id === device.deviceId);
    expect(found).toMatchObject({ hostname: 'test-host', online: false, revoked: false, lastSeq: 0 });
    expect(found.secretHash).toBeUndefined();
    expect((await c.admin('GET', `/v1/devices/${device.deviceId}`)).body.id).toBe(device.deviceId);
    expect((await c.admin('GET', '/v1/devices/nope')).status).toBe(404);
  });

  it('validates event queries', async () => {
    expect((await c.admin('GET', '/v1/events?limit=0')).status).toBe(400);
    expect((await c.admin('GET', '/v1/events?limit=abc')).status).toBe(400);
    expect((await c.admin('GET', '/v1/events?since=yesterday')).status).toBe(400);
    expect((await c.admin('GET', '/v1/events?device=not-a-uuid')).status).toBe(400);
    expect((await c.admin('GET', '/v1/events?cursor=%%%')).status).toBe(400);
    expect((await c.admin('GET', '/v1/events?text=%2A%2A')).body.error.code).toBe('E_BAD_REQUEST');
    expect((await c.admin('GET', '/v1/events?bogus=1')).status).toBe(400);
    const ok = await c.admin('GET', '/v1/events?since=2020-01-01T00:00:00Z&limit=5');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ events: [], nextCursor: null });
  });

  it('assigns increasing versions and refuses stale or invalid policies', async () => {
    const first = await c.admin('POST', '/v1/policies', { ...DEFAULT_POLICY_INPUT, id: 'eng', name: 'Engineering' });
    expect(first.status).toBe(201);
    const second = await c.admin('POST', '/v1/policies', { ...DEFAULT_POLICY_INPUT, mode: 'monitor' });
    expect(second.body.version).toBe(first.body.version + 1);
    const stale = await c.admin('POST', '/v1/policies', { ...DEFAULT_POLICY_INPUT, version: first.body.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('E_POLICY_STALE');
    const backtracking = await c.admin('POST', '/v1/policies', {
      ...DEFAULT_POLICY_INPUT,
      dlp: { ...DEFAULT_POLICY_INPUT.dlp, customDetectors: [{ id: 'bad-pattern', pattern: '(a+)\\1' }] },
    });
    expect(backtracking.status).toBe(400);
    expect(backtracking.body.error.message).toContain('E_DLP_PATTERN_UNSUPPORTED');
    const invalid = await c.admin('POST', '/v1/policies', { ...DEFAULT_POLICY_INPUT, mode: 'audit' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('E_POLICY_INVALID');
    expect(invalid.body.error.message).toContain('mode');
  });
});
