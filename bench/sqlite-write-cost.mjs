// What one event costs to write into the collector's events schema, by how device and user filters are
// indexed and by events per commit: the measurement behind ADR 0004's migration 2. SQLite only (no
// collector, no network), WAL, synchronous = FULL, a fresh database file per case.
//
//   node bench/sqlite-write-cost.mjs [--events 600000] [--per 100,500,2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine } from './lib/process.mjs';

const require = createRequire(join(process.cwd(), 'collector', 'server', 'package.json'));
const Database = require('better-sqlite3');

const { values } = parseArgs({ options: { events: { type: 'string', default: '600000' }, per: { type: 'string', default: '100,500,2000' } } });
const EVENTS = Number(values.events);
const DEVICES = 200;
const USERS = 50;
const devices = Array.from({ length: DEVICES }, (_, i) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);

const LAYOUTS = {
  // Before migration 2: B-tree indexes on device, user and type.
  btree: {
    indexes: 'CREATE INDEX a ON events (device_id); CREATE INDEX b ON events (type); CREATE INDEX c ON events (user);',
    fts: '(text)',
    keys: null,
  },
  // Migration 2: type keeps its B-tree; device and user are tokens of the full-text index.
  'full-text keys': {
    indexes: 'CREATE INDEX b ON events (type);',
    fts: '(text, keys)',
    keys: (device, user) => `d${device.replaceAll('-', '')} u${user}`,
  },
};

function run(layout, perCommit) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-write-cost-'));
  const db = new Database(join(dir, 'c.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE events (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL, seq INTEGER NOT NULL,
             user TEXT NOT NULL, type TEXT NOT NULL, time INTEGER NOT NULL, received_at INTEGER NOT NULL, payload TEXT NOT NULL) STRICT;
           ${layout.indexes}
           CREATE VIRTUAL TABLE events_fts USING fts5 ${layout.fts.replace(')', ", content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')")};`);
  const insert = db.prepare('INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const fts = layout.keys ? db.prepare('INSERT INTO events_fts (rowid, text, keys) VALUES (?, ?, ?)') : db.prepare('INSERT INTO events_fts (rowid, text) VALUES (?, ?)');
  let n = 0;
  let key = Date.now() * 1024;
  const commit = db.transaction((count) => {
    for (let i = 0; i < count; i++, n++, key++) {
      const device = devices[n % DEVICES];
      const user = `user${n % USERS}`;
      insert.run(key, `0190${n.toString(16).padStart(28, '0')}`, device, n, user, 'agent.test', 0, 0, `{"index":${n},"note":"bench run ${n % 97}"}`);
      const text = `agent.test ${user} bench run ${n % 97}`;
      if (layout.keys) fts.run(key, text, layout.keys(device, user));
      else fts.run(key, text);
    }
  });
  const started = performance.now();
  for (let done = 0; done < EVENTS; done += perCommit) commit.immediate(Math.min(perCommit, EVENTS - done));
  const microseconds = ((performance.now() - started) * 1000) / EVENTS;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return microseconds;
}

console.log(`SQLite write cost per event, ${EVENTS} events from ${DEVICES} devices and ${USERS} users; ${machine()}`);
for (const per of values.per.split(',').map(Number)) {
  const cells = Object.entries(LAYOUTS).map(([name, layout]) => `${name} ${run(layout, per).toFixed(1)} µs`);
  console.log(`  ${String(per).padStart(5)} events per commit: ${cells.join(', ')}`);
}
