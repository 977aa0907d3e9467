import type Database from 'better-sqlite3';
import { eventSearchText, type SluiceEvent } from '@sluice/shared';
import { filterKeys } from './filter-keys.js';

/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records the
 * last one applied. Never edit a released migration: append a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      db.exec(`
        CREATE TABLE admin_tokens (
          id TEXT PRIMARY KEY,
          token_hash TEXT NOT NULL UNIQUE,
          created_at INTEGER NOT NULL,
          note TEXT NOT NULL DEFAULT ''
        ) STRICT;

        CREATE TABLE enrollment_tokens (
          id TEXT PRIMARY KEY,
          token_hash TEXT NOT NULL UNIQUE,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          max_uses INTEGER,
          uses INTEGER NOT NULL DEFAULT 0,
          revoked_at INTEGER,
          note TEXT NOT NULL DEFAULT ''
        ) STRICT;

        CREATE TABLE devices (
          id TEXT PRIMARY KEY,
          secret_hash TEXT NOT NULL,
          hostname TEXT NOT NULL,
          platform TEXT NOT NULL,
          os_release TEXT,
          arch TEXT,
          agent_version TEXT,
          policy_version INTEGER,
          enrolled_at INTEGER NOT NULL,
          enrollment_token_id TEXT,
          last_seen INTEGER,
          last_seq INTEGER NOT NULL DEFAULT 0,
          revoked_at INTEGER,
          outbox_pending INTEGER,
          outbox_dropped INTEGER
        ) STRICT;

        CREATE TABLE events (
          -- Time-ordered key: time * 1024 + a slot within the millisecond (see timeline-key.ts).
          -- The table is stored in this order, so a timeline page is a range scan of the table itself.
          pk INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          device_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          user TEXT NOT NULL,
          type TEXT NOT NULL,
          time INTEGER NOT NULL,
          received_at INTEGER NOT NULL,
          payload TEXT NOT NULL
        ) STRICT;
        -- Every index entry ends with pk, so each filter is read newest first without sorting.
        CREATE INDEX events_by_device ON events (device_id);
        CREATE INDEX events_by_type ON events (type);
        CREATE INDEX events_by_user ON events (user);

        -- Contentless: the index holds tokens only, the text itself is not stored twice. Its rowid
        -- is the event's pk, so matches come out in time order.
        CREATE VIRTUAL TABLE events_fts USING fts5 (
          text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
        );

        -- Events the collector refused (schema, size, device mismatch): what and why, never the content.
        CREATE TABLE rejected_events (
          device_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          event_id TEXT,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          received_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX rejected_events_by_device ON rejected_events (device_id, received_at);

        CREATE TABLE policies (
          version INTEGER PRIMARY KEY,
          policy_id TEXT NOT NULL,
          scope TEXT NOT NULL,
          signed TEXT NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'device and user filters through the full-text index',
    up(db) {
      // See filter-keys.ts: the two B-trees were most of the cost of every commit.
      db.exec(`
        DROP INDEX events_by_device;
        DROP INDEX events_by_user;
        DROP TABLE events_fts;
        CREATE VIRTUAL TABLE events_fts USING fts5 (
          text, keys, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
        );
      `);
      // A contentless index cannot be rebuilt from itself: the text comes again from each payload.
      const page = db.prepare('SELECT pk, device_id, user, type, payload FROM events WHERE pk > ? ORDER BY pk LIMIT 5000');
      const insert = db.prepare('INSERT INTO events_fts (rowid, text, keys) VALUES (?, ?, ?)');
      let after = -1;
      for (;;) {
        const rows = page.all(after) as { pk: number; device_id: string; user: string; type: string; payload: string }[];
        if (rows.length === 0) break;
        for (const r of rows) insert.run(r.pk, searchTextOf(r), filterKeys(r.device_id, r.user));
        after = rows[rows.length - 1]!.pk;
      }
    },
  },
  {
    version: 3,
    name: 'exact-data-match indexes',
    up(db) {
      // Only the index (salted hash prefixes and lengths) is stored, never a table's values. The
      // content comes last so that listing reads no overflow page of a large index.
      db.exec(`
        CREATE TABLE edm_indexes (
          name TEXT PRIMARY KEY,
          sha256 TEXT NOT NULL UNIQUE,
          size INTEGER NOT NULL,
          columns TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          content BLOB NOT NULL
        ) STRICT;
      `);
    },
  },
];

/**
 * The searchable words of a stored event, as ingest computes them. A payload this version cannot
 * read (an event type it no longer describes, a shape from an older agent) leaves the text empty:
 * the event stays findable by device, user, type and time, and the collector still starts.
 */
function searchTextOf(row: { type: string; user: string; payload: string }): string {
  try {
    return eventSearchText({ type: row.type, user: row.user, payload: JSON.parse(row.payload) as unknown } as SluiceEvent);
  } catch {
    return '';
  }
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Applies the migrations above `user_version`, up to `target` (tests migrate to a given version). */
export function migrate(db: Database.Database, target = LATEST_SCHEMA_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_SCHEMA_VERSION) {
    throw Object.assign(
      new Error(`The database schema (version ${current}) is newer than this collector knows (${LATEST_SCHEMA_VERSION}).`),
      { code: 'E_STORAGE_SCHEMA_TOO_NEW' },
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
