import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceBatch, EventRow, Store } from '../../src/index.js';
import { eventId } from '../helper.js';

const DEVICE_A = '00000000-0000-4000-8000-00000000000a';
const DEVICE_B = '00000000-0000-4000-8000-00000000000b';

function row(seq: number, time: number, overrides: Partial<EventRow> = {}): EventRow {
  return {
    id: eventId(time),
    seq,
    user: 'alice',
    type: 'agent.test',
    time,
    payload: JSON.stringify({ index: seq, count: 1, note: `note ${seq}` }),
    searchText: `agent.test alice note ${seq}`,
    ...overrides,
  };
}

function batch(deviceId: string, events: EventRow[], lastSeq = events[events.length - 1]?.seq ?? 0): DeviceBatch {
  return { deviceId, events, rejected: [], lastSeq, receivedAt: 1_000 };
}

/**
 * The behaviour every Store backend must have. Each backend's test file calls this with a factory
 * that returns a fresh, empty, migrated store.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
      await store.createEnrollmentToken({ id: 't1', hash: 'h1', createdAt: 0, expiresAt: 10_000, maxUses: 2, uses: 0, revokedAt: null, note: '' });
      for (const id of [DEVICE_A, DEVICE_B]) {
        const outcome = await store.enrollDevice('h1', { id, secretHash: `s-${id}`, hostname: 'h', platform: 'linux', enrolledAt: 5 }, 5);
        expect(outcome.ok).toBe(true);
      }
      return () => store.close();
    });

    it('enforces enrollment token expiry, revocation and use counts', async () => {
      const third = await store.enrollDevice('h1', { id: '00000000-0000-4000-8000-00000000000c', secretHash: 's', hostname: '', platform: '', enrolledAt: 6 }, 6);
      expect(third).toEqual({ ok: false, code: 'E_ENROLL_TOKEN_EXHAUSTED' });
      await store.createEnrollmentToken({ id: 't2', hash: 'h2', createdAt: 0, expiresAt: 100, maxUses: null, uses: 0, revokedAt: null, note: '' });
      const device = { id: '00000000-0000-4000-8000-00000000000d', secretHash: 's', hostname: '', platform: '', enrolledAt: 0 };
      expect(await store.enrollDevice('h2', device, 100)).toEqual({ ok: false, code: 'E_ENROLL_TOKEN_EXPIRED' });
      expect(await store.revokeEnrollmentToken('t2', 50)).toBe(true);
      expect(await store.enrollDevice('h2', device, 60)).toEqual({ ok: false, code: 'E_ENROLL_TOKEN_REVOKED' });
      expect(await store.enrollDevice('nope', device, 60)).toEqual({ ok: false, code: 'E_ENROLL_TOKEN_INVALID' });
      expect(await store.getDevice(device.id)).toBeUndefined();
    });

    it('stores each event id once and advances the device sequence', async () => {
      const events = [row(1, 100), row(2, 200), row(3, 300)];
      expect(await store.appendBatches([batch(DEVICE_A, events)])).toEqual({ inserted: 3, duplicates: 0 });
      expect(await store.appendBatches([batch(DEVICE_A, [events[2]!, row(4, 400)])])).toEqual({ inserted: 1, duplicates: 1 });
      expect(await store.countEvents()).toBe(4);
      expect(await store.lastSeq(DEVICE_A)).toBe(4);
      expect(await store.lastSeq(DEVICE_B)).toBe(0);
      // A batch of only rejected events still moves the sequence, so it is not resent forever.
      await store.appendBatches([{ ...batch(DEVICE_A, []), lastSeq: 9, rejected: [{ seq: 9, eventId: null, code: 'E_BAD_EVENT', message: 'x' }] }]);
      expect(await store.lastSeq(DEVICE_A)).toBe(9);
      // The sequence never moves backwards.
      await store.appendBatches([batch(DEVICE_A, [], 2)]);
      expect(await store.lastSeq(DEVICE_A)).toBe(9);
    });

    it('pages newest first with filters, cursor and free text', async () => {
      const a = Array.from({ length: 25 }, (_, i) => row(i + 1, 1_000 + i * 10, { user: i % 2 ? 'bob' : 'alice' }));
      const b = [row(1, 1_005, { type: 'agent.error', payload: '{}', searchText: 'agent.error E_CLIPBOARD xsel missing' })];
      await store.appendBatches([batch(DEVICE_A, a), batch(DEVICE_B, b)]);

      const first = await store.searchEvents({ limit: 10 });
      expect(first.events.map((e) => e.time)).toEqual([1240, 1230, 1220, 1210, 1200, 1190, 1180, 1170, 1160, 1150]);
      const rest: number[] = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await store.searchEvents({ limit: 10, cursor });
        rest.push(...page.events.map((e) => e.time));
        cursor = page.nextCursor;
      }
      expect(first.events.length + rest.length).toBe(26);
      expect(new Set([...first.events.map((e) => e.time), ...rest]).size).toBe(26);

      const filtered = await store.searchEvents({ deviceId: DEVICE_A, user: 'bob', since: 1_050, until: 1_150, limit: 100 });
      expect(filtered.events.map((e) => e.time)).toEqual([1130, 1110, 1090, 1070, 1050]);
      expect(filtered.events.every((e) => e.deviceId === DEVICE_A && e.user === 'bob')).toBe(true);

      const byType = await store.searchEvents({ type: 'agent.error', limit: 100 });
      expect(byType.events.map((e) => e.deviceId)).toEqual([DEVICE_B]);

      const text = await store.searchEvents({ text: 'xsel', limit: 100 });
      expect(text.events.map((e) => e.type)).toEqual(['agent.error']);
      const prefix = await store.searchEvents({ text: 'clipb', limit: 100 });
      expect(prefix.events).toHaveLength(1);
      const combined = await store.searchEvents({ text: 'note 7', deviceId: DEVICE_A, limit: 100 });
      expect(combined.events.map((e) => e.seq)).toEqual([7]);
      const none = await store.searchEvents({ text: 'note', deviceId: DEVICE_B, limit: 100 });
      expect(none.events).toHaveLength(0);
      // FTS5 syntax typed by a user is searched as words, not interpreted.
      const hostile = await store.searchEvents({ text: 'note OR NEAR( "x" * :', limit: 100 });
      expect(hostile.events).toHaveLength(0);
    });

    it('ends a page early when payloads exceed the size bound, and the cursor continues', async () => {
      const big = Array.from({ length: 5 }, (_, i) => row(i + 1, 100 + i, { payload: JSON.stringify({ note: 'x'.repeat(1_000) }) }));
      await store.appendBatches([batch(DEVICE_A, big)]);
      const first = await store.searchEvents({ limit: 10, maxPayloadChars: 2_500 });
      expect(first.events).toHaveLength(2);
      const second = await store.searchEvents({ limit: 10, maxPayloadChars: 2_500, cursor: first.nextCursor! });
      expect(second.events.map((e) => e.time)).toEqual([102, 101]);
      // One oversized event still makes progress.
      const tiny = await store.searchEvents({ limit: 10, maxPayloadChars: 10 });
      expect(tiny.events).toHaveLength(1);
    });

    it('records hello, heartbeats and policy versions per device', async () => {
      await store.recordHello(DEVICE_A, { agentVersion: '1.2.3', hostname: 'laptop', platform: 'linux', osRelease: '6.1', arch: 'x64', policyVersion: 3, at: 50 });
      await store.touchDevices([{ id: DEVICE_A, at: 70, outboxPending: 12, outboxDropped: 0 }, { id: DEVICE_A, at: 60 }]);
      await store.recordPolicyApplied(DEVICE_A, 5);
      await store.recordPolicyApplied(DEVICE_A, 4);
      const device = await store.getDevice(DEVICE_A);
      expect(device).toMatchObject({ agentVersion: '1.2.3', hostname: 'laptop', lastSeen: 70, outboxPending: 12, policyVersion: 5 });
      expect(await store.revokeDevice(DEVICE_A, 80)).toBe(true);
      expect(await store.revokeDevice(DEVICE_A, 90)).toBe(false);
      expect((await store.getDevice(DEVICE_A))?.revokedAt).toBe(80);
    });

    it('keeps policy versions strictly increasing and finds the newest in scope', async () => {
      const signed = { format: 'sluice.signed-policy/v1', keyId: '0'.repeat(16), payload: '{}', signature: '0'.repeat(128) } as const;
      await store.storePolicy({ version: 1, policyId: 'default', scope: { kind: 'all' }, signed, createdAt: 1 });
      await store.storePolicy({ version: 2, policyId: 'b-only', scope: { kind: 'devices', devices: [DEVICE_B] }, signed, createdAt: 2 });
      await expect(store.storePolicy({ version: 2, policyId: 'x', scope: { kind: 'all' }, signed, createdAt: 3 })).rejects.toMatchObject({ code: 'E_POLICY_STALE' });
      expect(await store.maxPolicyVersion()).toBe(2);
      expect((await store.latestPolicyFor(DEVICE_A))?.policyId).toBe('default');
      expect((await store.latestPolicyFor(DEVICE_B))?.policyId).toBe('b-only');
      expect((await store.listPolicies()).map((p) => p.version)).toEqual([2, 1]);
    });

    it('holds exact-data-match indexes by name, bounded in number, served by digest', async () => {
      const index = (name: string, sha: string, content: string) => ({
        name,
        sha256: sha.repeat(64),
        size: content.length,
        columns: [{ name: 'email', kind: 'email', values: 2 }],
        createdAt: 7,
        content: Buffer.from(content),
      });
      expect(await store.putEdmIndex(index('customers', 'a', '{"a":1}'), 2)).toEqual({ ok: true, replaced: false });
      expect(await store.putEdmIndex(index('patients', 'b', '{"b":1}'), 2)).toEqual({ ok: true, replaced: false });
      expect(await store.putEdmIndex(index('vendors', 'c', '{"c":1}'), 2)).toEqual({ ok: false, code: 'E_EDM_TABLE_LIMIT' });
      // Replacing one of the tables held is not a new table.
      expect(await store.putEdmIndex(index('customers', 'd', '{"d":22}'), 2)).toEqual({ ok: true, replaced: true });
      const listed = await store.listEdmIndexes();
      expect(listed.map((i) => [i.name, i.sha256[0], i.size])).toEqual([['customers', 'd', 8], ['patients', 'b', 7]]);
      expect(listed[0]).toEqual({ name: 'customers', sha256: 'd'.repeat(64), size: 8, columns: [{ name: 'email', kind: 'email', values: 2 }], createdAt: 7 });
      expect((await store.getEdmIndexContent('d'.repeat(64)))?.toString()).toBe('{"d":22}');
      expect(await store.getEdmIndexContent('a'.repeat(64))).toBeUndefined();
      expect(await store.deleteEdmIndex('customers')).toBe(true);
      expect(await store.deleteEdmIndex('customers')).toBe(false);
      expect((await store.listEdmIndexes()).map((i) => i.name)).toEqual(['patients']);
      expect(await store.getEdmIndexContent('d'.repeat(64))).toBeUndefined();
    });
  });
}
