import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SluiceEvent } from '@sluice/shared';

export interface OutboxOptions {
  /** SQLite file, or ':memory:' in tests. */
  file: string;
  maxEvents: number;
  maxBytes: number;
}

export interface OutboxEntry {
  seq: number;
  /** The event as JSON text, exactly as it will travel. */
  body: string;
  bytes: number;
}

export interface OutboxStats {
  pending: number;
  bytes: number;
  /** Events evicted since the outbox was created. */
  droppedTotal: number;
  oldestTime: number | null;
  /** Highest sequence number ever assigned. */
  lastAssignedSeq: number;
}

/** Accumulated evictions not yet reported as an `agent.outbox_dropped` event. */
export interface DropReport {
  dropped: number;
  droppedBytes: number;
  bound: 'max_events' | 'max_bytes';
  firstDroppedTime: number;
  lastDroppedTime: number;
}

/**
 * Room left when the bound is hit, so the `agent.outbox_dropped` event that reports the loss fits
 * without evicting anything more (which would need reporting in turn).
 */
const REPORT_RESERVE_EVENTS = 1;
const REPORT_RESERVE_BYTES = 4 * 1024;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    body TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
  INSERT OR IGNORE INTO counters (name, value) VALUES ('pending', 0), ('bytes', 0), ('dropped_total', 0);
  CREATE TABLE IF NOT EXISTS drop_report (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    dropped INTEGER NOT NULL,
    dropped_bytes INTEGER NOT NULL,
    bound TEXT NOT NULL,
    first_time INTEGER NOT NULL,
    last_time INTEGER NOT NULL
  ) STRICT;
  -- Counters kept by triggers stay right whichever process writes (the agent or the CLI).
  CREATE TRIGGER IF NOT EXISTS outbox_count_insert AFTER INSERT ON outbox BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'pending';
    UPDATE counters SET value = value + NEW.bytes WHERE name = 'bytes';
  END;
  CREATE TRIGGER IF NOT EXISTS outbox_count_delete AFTER DELETE ON outbox BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'pending';
    UPDATE counters SET value = value - OLD.bytes WHERE name = 'bytes';
  END;
`;

/**
 * The agent's durable queue. An event counts as produced only once its transaction here commits;
 * it leaves only when the collector acknowledges its sequence number. Sequence numbers come from
 * AUTOINCREMENT, so they never repeat even after deletions, across every process that writes.
 * Past the configured bound the oldest events are evicted and the loss is recorded for reporting.
 */
export class Outbox {
  readonly db: Database.Database;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private dataVersion: number;
  private readonly statements;
  private readonly appendTx: Database.Transaction<(events: readonly { body: string; time: number }[]) => number[]>;

  constructor(options: OutboxOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // FULL: an event the agent reported as produced survives a power cut, not only a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.maxEvents = options.maxEvents;
    this.maxBytes = options.maxBytes;
    this.dataVersion = this.readDataVersion();
    const db = this.db;
    this.statements = {
      insert: db.prepare('INSERT INTO outbox (time, bytes, body) VALUES (?, ?, ?)'),
      counters: db.prepare("SELECT name, value FROM counters WHERE name IN ('pending', 'bytes', 'dropped_total')"),
      oldest: db.prepare('SELECT seq, bytes, time FROM outbox ORDER BY seq'),
      deleteUpTo: db.prepare('DELETE FROM outbox WHERE seq <= ?'),
      deleteOne: db.prepare('DELETE FROM outbox WHERE seq = ?'),
      peek: db.prepare('SELECT seq, body, bytes FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      addDropped: db.prepare("UPDATE counters SET value = value + ? WHERE name = 'dropped_total'"),
      getReport: db.prepare('SELECT * FROM drop_report WHERE id = 1'),
      upsertReport: db.prepare(
        `INSERT INTO drop_report (id, dropped, dropped_bytes, bound, first_time, last_time) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET dropped = dropped + excluded.dropped, dropped_bytes = dropped_bytes + excluded.dropped_bytes,
           bound = excluded.bound, first_time = min(first_time, excluded.first_time), last_time = max(last_time, excluded.last_time)`,
      ),
      clearReport: db.prepare('DELETE FROM drop_report WHERE id = 1'),
      lastAssigned: db.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) AS seq"),
      setSequence: db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'"),
      insertSequence: db.prepare("INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox')"),
      minSeq: db.prepare('SELECT min(seq) AS seq FROM outbox'),
      shift: db.prepare('UPDATE outbox SET seq = seq + ?'),
      oldestTime: db.prepare('SELECT time FROM outbox ORDER BY seq LIMIT 1'),
    };
    this.appendTx = db.transaction((events: readonly { body: string; time: number }[]) => {
      const seqs: number[] = [];
      for (const e of events) {
        const result = this.statements.insert.run(e.time, Buffer.byteLength(e.body), e.body);
        seqs.push(Number(result.lastInsertRowid));
      }
      this.enforceBound();
      return seqs;
    });
  }

  /** Appends events durably and returns their sequence numbers. */
  append(events: readonly SluiceEvent[]): number[] {
    if (events.length === 0) return [];
    return this.appendTx.immediate(events.map((e) => ({ body: JSON.stringify(e), time: e.time })));
  }

  /** Oldest events after `afterSeq`, at most `maxEvents` and (beyond the first) `maxBytes`. */
  peek(afterSeq: number, maxEvents: number, maxBytes: number): OutboxEntry[] {
    const rows = this.statements.peek.all(afterSeq, maxEvents) as OutboxEntry[];
    let total = 0;
    let count = 0;
    for (const row of rows) {
      if (count > 0 && total + row.bytes > maxBytes) break;
      total += row.bytes;
      count += 1;
    }
    return rows.slice(0, count);
  }

  /** Deletes everything up to and including `seq`: the collector has it. */
  ack(seq: number): number {
    return this.statements.deleteUpTo.run(seq).changes;
  }

  /** Removes one event that can never be delivered (larger than the collector accepts). */
  discard(seq: number): void {
    this.statements.deleteOne.run(seq);
  }

  /**
   * Aligns with the collector's view at connection time. Normally that acknowledges what was stored
   * before the connection dropped. If the collector has seen sequence numbers this outbox never
   * assigned (the outbox file was lost or replaced), the pending events are renumbered above them, so
   * they are not mistaken for replays.
   */
  reconcile(collectorLastSeq: number): { acked: number; renumbered: number } {
    return this.db.transaction(() => {
      const lastAssigned = this.lastAssignedSeq();
      if (lastAssigned >= collectorLastSeq) return { acked: this.ack(collectorLastSeq), renumbered: 0 };
      const min = (this.statements.minSeq.get() as { seq: number | null }).seq;
      let renumbered = 0;
      if (min !== null) {
        const offset = collectorLastSeq - min + 1;
        renumbered = this.statements.shift.run(offset).changes;
      }
      const newLast = Math.max(collectorLastSeq, lastAssigned + (min === null ? 0 : collectorLastSeq - min + 1));
      this.statements.insertSequence.run(newLast);
      this.statements.setSequence.run(newLast);
      return { acked: 0, renumbered };
    }).immediate();
  }

  lastAssignedSeq(): number {
    return (this.statements.lastAssigned.get() as { seq: number }).seq;
  }

  stats(): OutboxStats {
    const counters = new Map((this.statements.counters.all() as { name: string; value: number }[]).map((r) => [r.name, r.value]));
    const oldest = this.statements.oldestTime.get() as { time: number } | undefined;
    return {
      pending: counters.get('pending') ?? 0,
      bytes: counters.get('bytes') ?? 0,
      droppedTotal: counters.get('dropped_total') ?? 0,
      oldestTime: oldest?.time ?? null,
      lastAssignedSeq: this.lastAssignedSeq(),
    };
  }

  /** Returns and clears the evictions not yet reported. */
  takeDropReport(): DropReport | undefined {
    return this.db.transaction(() => {
      const row = this.statements.getReport.get() as
        | { dropped: number; dropped_bytes: number; bound: DropReport['bound']; first_time: number; last_time: number }
        | undefined;
      if (!row) return undefined;
      this.statements.clearReport.run();
      return { dropped: row.dropped, droppedBytes: row.dropped_bytes, bound: row.bound, firstDroppedTime: row.first_time, lastDroppedTime: row.last_time };
    }).immediate();
  }

  /** True when another connection (another process) committed since the last call. */
  changedElsewhere(): boolean {
    const version = this.readDataVersion();
    const changed = version !== this.dataVersion;
    this.dataVersion = version;
    return changed;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private enforceBound(): void {
    const counters = new Map((this.statements.counters.all() as { name: string; value: number }[]).map((r) => [r.name, r.value]));
    const pending = counters.get('pending') ?? 0;
    const bytes = counters.get('bytes') ?? 0;
    if (pending <= this.maxEvents && bytes <= this.maxBytes) return;
    const bound: DropReport['bound'] = pending > this.maxEvents ? 'max_events' : 'max_bytes';
    const keepEvents = Math.max(0, this.maxEvents - REPORT_RESERVE_EVENTS);
    const keepBytes = Math.max(0, this.maxBytes - REPORT_RESERVE_BYTES);
    let count = 0;
    let removedBytes = 0;
    let lastSeq = 0;
    let firstTime = Number.MAX_SAFE_INTEGER;
    let lastTime = 0;
    for (const row of this.statements.oldest.iterate() as Iterable<{ seq: number; bytes: number; time: number }>) {
      if (pending - count <= keepEvents && bytes - removedBytes <= keepBytes) break;
      count += 1;
      removedBytes += row.bytes;
      lastSeq = row.seq;
      firstTime = Math.min(firstTime, row.time);
      lastTime = Math.max(lastTime, row.time);
    }
    if (count === 0) return;
    this.statements.deleteUpTo.run(lastSeq);
    this.statements.addDropped.run(count);
    this.statements.upsertReport.run(count, removedBytes, bound, firstTime, lastTime);
  }
}
