import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/index.js';
import { createSqliteStore, LATEST_SCHEMA_VERSION, migrate, SqliteStore as SqliteStoreClass } from '../../src/index.js';
import { storeContract } from './contract.js';

storeContract('sqlite', async () => createSqliteStore({ file: ':memory:' }));

describe('checkpoints off the ingest thread', () => {
  it('copies the WAL back into the database from its own thread while the writer only appends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-checkpoint-'));
    const store = createSqliteStore({ file: join(dir, 'c.db'), checkpointIntervalMs: 20 });
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      id: `0190a5d0-0000-7000-8000-${String(i).padStart(12, '0')}`,
      seq: i + 1,
      user: 'u',
      type: 'agent.test',
      time: 1_000 + i,
      payload: JSON.stringify({ note: 'x'.repeat(200) }),
      searchText: `word${i}`,
    }));
    await store.appendBatches([{ deviceId: 'd', events: rows, rejected: [], lastSeq: 2_000, receivedAt: 0 }]);
    await expect.poll(() => store.checkpointer?.last?.checkpointed ?? 0, { timeout: 5_000 }).toBeGreaterThan(0);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('sqlite migrations', () => {
  it('migrates an empty database to each version and refuses a newer schema', () => {
    const db = new Database(':memory:');
    expect(migrate(db, 0)).toBe(0);
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['events', 'devices', 'enrollment_tokens', 'admin_tokens', 'policies', 'events_fts', 'edm_indexes']));
    // Re-running is a no-op.
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer/);
  });
});

describe('migration 2: device and user filters through the full-text index', () => {
  it('re-indexes the events of a version 1 database so that device, user and text searches find them', async () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    const payload = JSON.stringify({ component: 'clipboard', code: 'E_TEST', message: 'xsel vanished' });
    const insert = db.prepare('INSERT INTO events (pk, id, device_id, seq, user, type, time, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(1_000 * 1024, '0190a5d0-0000-7000-8000-000000000001', 'dev-a', 1, 'alice@example.com', 'agent.error', 1_000, 1_000, payload);
    insert.run(2_000 * 1024, '0190a5d0-0000-7000-8000-000000000002', 'dev-b', 1, 'bob', 'agent.error', 2_000, 2_000, payload);
    // A payload this version cannot read does not stop the migration; the event keeps its filters.
    insert.run(3_000 * 1024, '0190a5d0-0000-7000-8000-000000000003', 'dev-c', 1, 'carol', 'agent.error', 3_000, 3_000, 'null');
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    const store = new SqliteStoreClass(db);
    const ids = async (q: object) => (await store.searchEvents({ limit: 10, ...q })).events.map((e) => e.deviceId);
    expect(await ids({ deviceId: 'dev-a' })).toEqual(['dev-a']);
    expect(await ids({ user: 'bob' })).toEqual(['dev-b']);
    expect(await ids({ text: 'vanished' })).toEqual(['dev-b', 'dev-a']);
    expect(await ids({ text: 'vanished', user: 'alice@example.com' })).toEqual(['dev-a']);
    // A device token is not free text.
    expect(await ids({ text: 'dev' })).toEqual([]);
    expect(await ids({ deviceId: 'dev-c', user: 'carol' })).toEqual(['dev-c']);
  });
});

describe('migration 3: exact-data-match indexes', () => {
  it('adds the index table to a version 2 database and keeps what it held', async () => {
    const db = new Database(':memory:');
    migrate(db, 2);
    db.prepare("INSERT INTO policies (version, policy_id, scope, signed, created_at) VALUES (1, 'default', '{\"kind\":\"all\"}', '{}', 1)").run();
    expect(migrate(db)).toBe(3);
    const store = new SqliteStoreClass(db);
    expect(await store.maxPolicyVersion()).toBe(1);
    expect(await store.listEdmIndexes()).toEqual([]);
  });

  it('finds an index by digest through the unique index, not a scan', () => {
    const store = createSqliteStore({ file: ':memory:' }) as SqliteStore;
    expect(store.explainEdmContent().join(' | ')).toMatch(/SEARCH edm_indexes USING INDEX sqlite_autoindex_edm_indexes_\d \(sha256=\?\)/);
  });
});

describe('query plans of the hot timeline queries', () => {
  const store = createSqliteStore({ file: ':memory:' }) as SqliteStore;
  const plan = (q: Parameters<SqliteStore['explainSearch']>[0]) => store.explainSearch(q).join(' | ');

  it('reads a device timeline from the device tokens of the full-text index, seeking to the time range, without sorting', () => {
    const p = plan({ deviceId: 'd', since: 0, until: 10, limit: 100 });
    // M: a MATCH, >< the rowid (time key) bounds handed to the index.
    expect(p).toMatch(/SCAN f VIRTUAL TABLE INDEX \d+:M\d*></);
    expect(p).toContain('SEARCH e USING INTEGER PRIMARY KEY');
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('reads the global timeline as a range of the table itself, without sorting', () => {
    const p = plan({ since: 0, until: 10_000, limit: 100 });
    expect(p).toMatch(/SEARCH e USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('uses the type index, and the user tokens of the full-text index, without sorting', () => {
    expect(plan({ type: 'agent.test', limit: 100 })).toContain('events_by_type');
    expect(plan({ user: 'alice', limit: 100 })).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan({ user: 'alice', type: 'agent.test', limit: 100 })).not.toContain('TEMP B-TREE');
  });

  it('streams full-text matches from the FTS index in time order, without sorting', () => {
    for (const q of [{ text: 'xsel', limit: 100 }, { text: 'xsel', deviceId: 'd', since: 5, limit: 100 }]) {
      const p = plan(q);
      expect(p).toMatch(/VIRTUAL TABLE INDEX/);
      expect(p).not.toContain('TEMP B-TREE');
    }
  });
});

describe('time-ordered keys', () => {
  const DEVICE = '00000000-0000-4000-8000-00000000000a';

  it('orders events by their time whatever order they arrive in, and keeps a crowded millisecond in order', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const at = (i: number, time: number) => ({
      id: `0190a5d0-0000-7000-8000-${String(i).padStart(12, '0')}`,
      seq: i + 1,
      user: 'alice',
      type: 'agent.test',
      time,
      payload: '{}',
      searchText: `word${i % 3}`,
    });
    // 1,500 events in one millisecond (more than its 1,024 slots), then older and newer ones.
    const crowded = Array.from({ length: 1_500 }, (_, i) => at(i, 5_000));
    await store.appendBatches([{ deviceId: DEVICE, events: crowded, rejected: [], lastSeq: 1_500, receivedAt: 0 }]);
    await store.appendBatches([{ deviceId: DEVICE, events: [at(2_000, 4_000), at(2_001, 6_000), at(2_002, 5_001)], rejected: [], lastSeq: 2_003, receivedAt: 0 }]);
    const all = [];
    let cursor;
    do {
      const page = await store.searchEvents({ limit: 400, ...(cursor ? { cursor } : {}) });
      all.push(...page.events);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toHaveLength(1_503);
    expect(all[0]!.time).toBe(6_000);
    expect(all[all.length - 1]!.time).toBe(4_000);
    expect(new Set(all.map((e) => e.id)).size).toBe(1_503);
    // Exact time bounds still hold for the events that spilled past their millisecond's slots.
    const window = await store.searchEvents({ since: 5_000, until: 5_001, limit: 2_000 });
    expect(window.events).toHaveLength(1_500);
    const text = await store.searchEvents({ text: 'word1', since: 5_000, until: 5_001, limit: 2_000 });
    expect(text.events).toHaveLength(500);
  });
});
