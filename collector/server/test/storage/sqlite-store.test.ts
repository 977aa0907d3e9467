import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/index.js';
import { createSqliteStore, LATEST_SCHEMA_VERSION, migrate } from '../../src/index.js';
import { storeContract } from './contract.js';

storeContract('sqlite', async () => createSqliteStore({ file: ':memory:' }));

describe('sqlite migrations', () => {
  it('migrates an empty database to each version and refuses a newer schema', () => {
    const db = new Database(':memory:');
    expect(migrate(db, 0)).toBe(0);
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['events', 'devices', 'enrollment_tokens', 'admin_tokens', 'policies', 'events_fts']));
    // Re-running is a no-op.
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer/);
  });
});

describe('query plans of the hot timeline queries', () => {
  const store = createSqliteStore({ file: ':memory:' }) as SqliteStore;
  const plan = (q: Parameters<SqliteStore['explainSearch']>[0]) => store.explainSearch(q).join(' | ');

  it('uses the device/time index for a device timeline without sorting', () => {
    const p = plan({ deviceId: 'd', since: 0, until: 10, limit: 100 });
    expect(p).toContain('events_by_device_time');
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('uses the time index for the global timeline without sorting', () => {
    const p = plan({ since: 0, limit: 100 });
    expect(p).toContain('events_by_time');
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('uses the type and user indexes', () => {
    expect(plan({ type: 'agent.test', limit: 100 })).toContain('events_by_type_time');
    expect(plan({ user: 'alice', limit: 100 })).toContain('events_by_user_time');
  });

  it('drives full-text queries from the FTS index', () => {
    expect(plan({ text: 'xsel', limit: 100 })).toMatch(/VIRTUAL TABLE INDEX/);
  });
});
