import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { builtinCompiledCatalog } from '@sluice/shared';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const compiled = builtinCompiledCatalog();
const EPOCH_1601_US = 11_644_473_600_000_000;

/** A Chromium History database with the columns Chromium's schema has for `urls` and `visits`. */
export function chromiumHistory(file: string, visits: [string, number][]): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE urls(id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0 NOT NULL,
             typed_count INTEGER DEFAULT 0 NOT NULL, last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);
           CREATE TABLE visits(id INTEGER PRIMARY KEY, url INTEGER NOT NULL, visit_time INTEGER NOT NULL, from_visit INTEGER, transition INTEGER DEFAULT 0 NOT NULL);`);
  const addUrl = db.prepare('INSERT INTO urls(url, title, last_visit_time) VALUES (?, ?, ?)');
  const addVisit = db.prepare('INSERT INTO visits(url, visit_time) VALUES (?, ?)');
  for (const [url, ms] of visits) {
    const id = addUrl.run(url, 'secret page title', ms * 1000 + EPOCH_1601_US).lastInsertRowid;
    addVisit.run(id, ms * 1000 + EPOCH_1601_US);
  }
  db.close();
}

export function firefoxHistory(file: string, visits: [string, number][]): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0, last_visit_date INTEGER);
           CREATE TABLE moz_historyvisits(id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER, visit_date INTEGER, visit_type INTEGER);`);
  for (const [url, ms] of visits) {
    const id = db.prepare('INSERT INTO moz_places(url, title, last_visit_date) VALUES (?, ?, ?)').run(url, 't', ms * 1000).lastInsertRowid;
    db.prepare('INSERT INTO moz_historyvisits(place_id, visit_date) VALUES (?, ?)').run(id, ms * 1000);
  }
  // Leave the newest rows in the WAL, as a running Firefox does.
  return void db;
}

describe('browser history', () => {
  const t0 = 1_800_000_000_000;

  it('counts visits to AI hosts since the watermark in a Chromium history copy, never paths', () => {
    const dir = tempDir();
    const file = join(dir, 'History');
    chromiumHistory(file, [
      ['https://chatgpt.com/c/abc?secret=1', t0 + 1_000],
      ['https://chatgpt.com/c/def', t0 + 2_000],
      ['https://claude.ai/new', t0 + 3_000],
      ['https://example.org/', t0 + 4_000],
      ['https://chatgpt.com/old', t0 - 10_000],
    ]);
    const read = readHistory({ browser: 'Google Chrome', kind: 'chromium', path: file }, t0, tempDir(), compiled);
    expect(read.watermark).toBe(t0 + 4_000);
    const chat = read.sites.find((s) => s.host === 'chatgpt.com');
    expect(chat).toMatchObject({ app: 'chatgpt', visitCount: 2, lastVisitTime: t0 + 2_000 });
    expect(read.sites.find((s) => s.host === 'claude.ai')).toMatchObject({ visitCount: 1 });
    expect(read.sites.some((s) => s.host === 'example.org')).toBe(false);
    expect(JSON.stringify(read)).not.toContain('secret');
  });

  it('reads Firefox places including rows still in the WAL', () => {
    const dir = tempDir();
    const file = join(dir, 'places.sqlite');
    firefoxHistory(file, [['https://gemini.google.com/app', t0 + 5_000]]);
    const read = readHistory({ browser: 'Firefox', kind: 'firefox', path: file }, t0, tempDir(), compiled);
    expect(read.sites).toEqual([expect.objectContaining({ host: 'gemini.google.com', visitCount: 1, lastVisitTime: t0 + 5_000 })]);
  });

  it('throws a plain error on a corrupt file and leaves no copy behind', () => {
    const dir = tempDir();
    const work = tempDir();
    const file = join(dir, 'History');
    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xee)]));
    expect(() => readHistory({ browser: 'Brave', kind: 'chromium', path: file }, t0, work, compiled)).toThrow();
    writeFileSync(file, 'not a database');
    expect(() => readHistory({ browser: 'Brave', kind: 'chromium', path: file }, t0, work, compiled)).toThrow();
    const empty = new Database(join(dir, 'empty'));
    empty.close();
    expect(() => readHistory({ browser: 'Brave', kind: 'chromium', path: join(dir, 'empty') }, t0, work, compiled)).toThrow(/no such table/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('node:fs').readdirSync(work)).toEqual([]);
  });
});
