import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { policyAppliesTo, type SignedPolicy } from '@sluice/shared';
import type {
  AppendResult,
  DeviceBatch,
  DeviceHello,
  DeviceRecord,
  DeviceTouch,
  EdmIndexRecord,
  EnrollmentTokenRecord,
  EnrollOutcome,
  EventPage,
  EventQuery,
  NewDevice,
  PutEdmOutcome,
  Store,
  StoredEdmIndex,
  StoredEvent,
  StoredPolicy,
  AdminTokenRecord,
} from '../store.js';
import { migrate } from './migrations.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { fts5Match, parseTextQuery } from '../text-query.js';
import { firstKeyOf, MAX_KEYED_TIME_MS, SLOTS_PER_MS, SPILL_MS } from './timeline-key.js';
import { deviceToken, filterKeys, userToken } from './filter-keys.js';

export interface SqliteStoreOptions {
  /** Database file, or ':memory:' for tests. */
  file: string;
  /**
   * WAL checkpoints run on their own thread every this many milliseconds (default 500), so commits
   * on the ingest thread never stop to copy the WAL back. 0 leaves them to SQLite, inside commits.
   */
  checkpointIntervalMs?: number;
  /**
   * `full` (default) syncs the WAL on every commit, so an acknowledged event survives power loss;
   * `normal` survives a process crash only.
   */
  synchronous?: 'full' | 'normal';
}

interface DeviceRow {
  id: string;
  secret_hash: string;
  hostname: string;
  platform: string;
  os_release: string | null;
  arch: string | null;
  agent_version: string | null;
  policy_version: number | null;
  enrolled_at: number;
  last_seen: number | null;
  last_seq: number;
  revoked_at: number | null;
  outbox_pending: number | null;
  outbox_dropped: number | null;
}

interface EventDbRow {
  pk: number;
  id: string;
  device_id: string;
  seq: number;
  user: string;
  type: string;
  time: number;
  received_at: number;
  payload: string;
}

interface TokenRow {
  id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  revoked_at: number | null;
  note: string;
}

interface PolicyRow {
  version: number;
  policy_id: string;
  scope: string;
  signed: string;
  created_at: number;
}

interface EdmIndexRow {
  name: string;
  sha256: string;
  size: number;
  columns: string;
  created_at: number;
}

const toEdmIndex = (r: EdmIndexRow): EdmIndexRecord => ({
  name: r.name,
  sha256: r.sha256,
  size: r.size,
  columns: JSON.parse(r.columns) as EdmIndexRecord['columns'],
  createdAt: r.created_at,
});

const toDevice = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  secretHash: r.secret_hash,
  hostname: r.hostname,
  platform: r.platform,
  osRelease: r.os_release,
  arch: r.arch,
  agentVersion: r.agent_version,
  policyVersion: r.policy_version,
  enrolledAt: r.enrolled_at,
  lastSeen: r.last_seen,
  lastSeq: r.last_seq,
  revokedAt: r.revoked_at,
  outboxPending: r.outbox_pending,
  outboxDropped: r.outbox_dropped,
});

const toToken = (r: TokenRow): EnrollmentTokenRecord => ({
  id: r.id,
  hash: r.token_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  maxUses: r.max_uses,
  uses: r.uses,
  revokedAt: r.revoked_at,
  note: r.note,
});

const toPolicy = (r: PolicyRow): StoredPolicy => ({
  version: r.version,
  policyId: r.policy_id,
  scope: JSON.parse(r.scope) as StoredPolicy['scope'],
  signed: JSON.parse(r.signed) as SignedPolicy,
  createdAt: r.created_at,
});

const toEvent = (r: EventDbRow): StoredEvent => ({
  id: r.id,
  deviceId: r.device_id,
  seq: r.seq,
  user: r.user,
  type: r.type,
  time: r.time,
  receivedAt: r.received_at,
  payload: JSON.parse(r.payload) as unknown,
});

/**
 * The SQL of a timeline query: filters, then newest first by the time-ordered key, one row more than
 * the page. Free text, device and user go through the full-text index (device and user as the
 * tokens of its `keys` column, see filter-keys.ts): its rowids are the same keys, so matches stream
 * out in time order and the scan stops at the page size. The stored columns are still compared
 * exactly. Type and time alone read the type index or the table itself.
 */
export function buildSearchSql(q: EventQuery): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const text = q.text === undefined ? undefined : parseTextQuery(q.text);
  const match: string[] = [];
  if (text) match.push(`text : (${fts5Match(text)})`);
  if (q.deviceId !== undefined) match.push(`keys : ${deviceToken(q.deviceId)}`);
  if (q.user !== undefined) match.push(`keys : ${userToken(q.user)}`);
  const useFts = match.length > 0;
  // With the full-text index the key bounds go on its rowid, so it seeks to them itself.
  const key = useFts ? 'f.rowid' : 'e.pk';
  if (useFts) {
    where.push('events_fts MATCH ?');
    params.push(match.join(' AND '));
  }
  const filters: [string, string | number | undefined][] = [
    ['e.device_id = ?', q.deviceId],
    ['e.user = ?', q.user],
    ['e.type = ?', q.type],
  ];
  for (const [clause, value] of filters) {
    if (value === undefined) continue;
    where.push(clause);
    params.push(value);
  }
  if (q.since !== undefined) {
    where.push(`${key} >= ?`, 'e.time >= ?');
    params.push(firstKeyOf(clampTime(q.since)), q.since);
  }
  if (q.until !== undefined) {
    where.push(`${key} < ?`, 'e.time < ?');
    params.push(firstKeyOf(clampTime(q.until) + SPILL_MS), q.until);
  }
  if (q.cursor !== undefined) {
    where.push(`${key} < ?`);
    params.push(q.cursor.rowid);
  }
  const from = useFts ? 'events_fts f JOIN events e ON e.pk = f.rowid' : 'events e';
  const sql = `SELECT e.* FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${key} DESC LIMIT ?`;
  params.push(q.limit + 1);
  return { sql, params };
}

const EDM_CONTENT_SQL = 'SELECT content FROM edm_indexes WHERE sha256 = ?';

function clampTime(ms: number): number {
  return Math.min(Math.max(0, Math.floor(ms)), MAX_KEYED_TIME_MS);
}

export function openSqliteDatabase(options: SqliteStoreOptions): Database.Database {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Keep the WAL from growing without bound under sustained ingest.
  db.pragma('journal_size_limit = 67108864');
  db.pragma('cache_size = -65536');
  return db;
}

export function createSqliteStore(options: SqliteStoreOptions, onError: (message: string) => void = () => undefined): SqliteStore {
  const db = openSqliteDatabase(options);
  migrate(db);
  const interval = options.checkpointIntervalMs ?? 500;
  let checkpointer: Checkpointer | undefined;
  if (options.file !== ':memory:' && interval > 0) {
    checkpointer = startCheckpointer(options.file, interval, onError);
    db.pragma('wal_autocheckpoint = 0');
  }
  return new SqliteStore(db, checkpointer);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly searchStatements = new Map<string, Database.Statement>();

  private readonly insertEvent;
  private readonly insertFts;
  private readonly insertRejected;
  private readonly advanceSeq;
  private readonly touchDevice;
  private readonly appendTx;
  private readonly lastKeyBetween;

  readonly checkpointer: Checkpointer | undefined;

  constructor(db: Database.Database, checkpointer?: Checkpointer) {
    this.db = db;
    this.checkpointer = checkpointer;
    this.lastKeyBetween = db.prepare('SELECT max(pk) AS k FROM events WHERE pk >= ? AND pk <= ?');
    this.insertEvent = db.prepare(
      'INSERT OR IGNORE INTO events (pk, id, device_id, seq, user, type, time, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertFts = db.prepare('INSERT INTO events_fts (rowid, text, keys) VALUES (?, ?, ?)');
    this.insertRejected = db.prepare(
      'INSERT INTO rejected_events (device_id, seq, event_id, code, message, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.advanceSeq = db.prepare('UPDATE devices SET last_seq = max(last_seq, ?) WHERE id = ?');
    this.touchDevice = db.prepare(
      `UPDATE devices SET last_seen = max(coalesce(last_seen, 0), ?),
         outbox_pending = coalesce(?, outbox_pending), outbox_dropped = coalesce(?, outbox_dropped) WHERE id = ?`,
    );
    this.appendTx = db.transaction((batches: readonly DeviceBatch[]): AppendResult => {
      let inserted = 0;
      let duplicates = 0;
      // Next free key per millisecond within this transaction: one index probe per distinct time.
      const nextKey = new Map<number, number>();
      for (const batch of batches) {
        for (const e of batch.events) {
          const key = nextKey.get(e.time) ?? this.firstFreeKey(e.time);
          const result = this.insertEvent.run(key, e.id, batch.deviceId, e.seq, e.user, e.type, e.time, batch.receivedAt, e.payload);
          if (result.changes === 1) {
            this.insertFts.run(key, e.searchText, filterKeys(batch.deviceId, e.user));
            nextKey.set(e.time, this.followingFreeKey(key));
            inserted += 1;
          } else {
            nextKey.set(e.time, key);
            duplicates += 1;
          }
        }
        for (const r of batch.rejected) {
          this.insertRejected.run(batch.deviceId, r.seq, r.eventId, r.code, r.message, batch.receivedAt);
        }
        this.advanceSeq.run(batch.lastSeq, batch.deviceId);
      }
      return { inserted, duplicates };
    });
  }

  /**
   * The first unused key for an event at `time`: after the last key used in its millisecond, or in
   * the following milliseconds when its own 1,024 slots are full.
   */
  private firstFreeKey(time: number): number {
    return this.freeKeyFromBlock(firstKeyOf(Math.min(time, MAX_KEYED_TIME_MS)));
  }

  private freeKeyFromBlock(start: number): number {
    let block = start;
    for (;;) {
      const last = (this.lastKeyBetween.get(block, block + SLOTS_PER_MS - 1) as { k: number | null }).k;
      if (last === null) return block;
      if (last < block + SLOTS_PER_MS - 1) return last + 1;
      block += SLOTS_PER_MS;
    }
  }

  /** Keys after the last used one of a block are free; only crossing into the next block needs a look. */
  private followingFreeKey(key: number): number {
    const next = key + 1;
    return next % SLOTS_PER_MS === 0 ? this.freeKeyFromBlock(next) : next;
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async countAdminTokens(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM admin_tokens').get() as { n: number }).n;
  }

  async createAdminToken(token: { id: string; hash: string; createdAt: number; note: string }): Promise<void> {
    this.db
      .prepare('INSERT INTO admin_tokens (id, token_hash, created_at, note) VALUES (?, ?, ?, ?)')
      .run(token.id, token.hash, token.createdAt, token.note);
  }

  async findAdminTokenByHash(hash: string): Promise<AdminTokenRecord | undefined> {
    const row = this.db.prepare('SELECT id, created_at, note FROM admin_tokens WHERE token_hash = ?').get(hash) as
      | { id: string; created_at: number; note: string }
      | undefined;
    return row && { id: row.id, createdAt: row.created_at, note: row.note };
  }

  async createEnrollmentToken(t: EnrollmentTokenRecord): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO enrollment_tokens (id, token_hash, created_at, expires_at, max_uses, uses, revoked_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(t.id, t.hash, t.createdAt, t.expiresAt, t.maxUses, t.uses, t.revokedAt, t.note);
  }

  async listEnrollmentTokens(): Promise<EnrollmentTokenRecord[]> {
    return (this.db.prepare('SELECT * FROM enrollment_tokens ORDER BY created_at DESC').all() as TokenRow[]).map(toToken);
  }

  async revokeEnrollmentToken(id: string, at: number): Promise<boolean> {
    return this.db.prepare('UPDATE enrollment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }

  async enrollDevice(tokenHash: string, device: NewDevice, now: number): Promise<EnrollOutcome> {
    return this.db.transaction((): EnrollOutcome => {
      const token = this.db.prepare('SELECT * FROM enrollment_tokens WHERE token_hash = ?').get(tokenHash) as TokenRow | undefined;
      if (!token) return { ok: false, code: 'E_ENROLL_TOKEN_INVALID' };
      if (token.revoked_at !== null) return { ok: false, code: 'E_ENROLL_TOKEN_REVOKED' };
      if (token.expires_at <= now) return { ok: false, code: 'E_ENROLL_TOKEN_EXPIRED' };
      if (token.max_uses !== null && token.uses >= token.max_uses) return { ok: false, code: 'E_ENROLL_TOKEN_EXHAUSTED' };
      this.db.prepare('UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = ?').run(token.id);
      this.db
        .prepare(
          'INSERT INTO devices (id, secret_hash, hostname, platform, enrolled_at, enrollment_token_id) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(device.id, device.secretHash, device.hostname, device.platform, device.enrolledAt, token.id);
      return { ok: true, tokenId: token.id };
    }).immediate();
  }

  async getDevice(id: string): Promise<DeviceRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
    return row && toDevice(row);
  }

  async listDevices(): Promise<DeviceRecord[]> {
    return (this.db.prepare('SELECT * FROM devices ORDER BY enrolled_at').all() as DeviceRow[]).map(toDevice);
  }

  async revokeDevice(id: string, at: number): Promise<boolean> {
    return this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }

  async recordHello(id: string, h: DeviceHello): Promise<void> {
    this.db
      .prepare(
        `UPDATE devices SET agent_version = ?, hostname = ?, platform = ?, os_release = ?, arch = ?,
           policy_version = ?, last_seen = max(coalesce(last_seen, 0), ?) WHERE id = ?`,
      )
      .run(h.agentVersion, h.hostname, h.platform, h.osRelease, h.arch, h.policyVersion, h.at, id);
  }

  async recordPolicyApplied(id: string, version: number): Promise<void> {
    this.db.prepare('UPDATE devices SET policy_version = max(coalesce(policy_version, 0), ?) WHERE id = ?').run(version, id);
  }

  async appendBatches(batches: readonly DeviceBatch[]): Promise<AppendResult> {
    return this.appendTx.immediate(batches);
  }

  async touchDevices(updates: readonly DeviceTouch[]): Promise<void> {
    this.db.transaction(() => {
      for (const u of updates) this.touchDevice.run(u.at, u.outboxPending ?? null, u.outboxDropped ?? null, u.id);
    })();
  }

  async lastSeq(deviceId: string): Promise<number> {
    const row = this.db.prepare('SELECT last_seq FROM devices WHERE id = ?').get(deviceId) as { last_seq: number } | undefined;
    return row?.last_seq ?? 0;
  }

  async searchEvents(q: EventQuery): Promise<EventPage> {
    const { sql, params } = buildSearchSql(q);
    const rows = this.searchStatement(sql).all(...params) as EventDbRow[];
    let take = Math.min(rows.length, q.limit);
    if (q.maxPayloadChars !== undefined) {
      let chars = 0;
      for (let i = 0; i < take; i++) {
        chars += rows[i]!.payload.length;
        if (chars > q.maxPayloadChars && i > 0) {
          take = i;
          break;
        }
      }
    }
    const page = rows.slice(0, take);
    const last = page[page.length - 1];
    return {
      events: page.map(toEvent),
      nextCursor: rows.length > take && last ? { time: last.time, rowid: last.pk } : null,
    };
  }

  /** The query plan of a search, so tests can pin the hot queries to their indexes. */
  explainSearch(q: EventQuery): string[] {
    const { sql, params } = buildSearchSql(q);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  }

  private searchStatement(sql: string): Database.Statement {
    let statement = this.searchStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.searchStatements.set(sql, statement);
    }
    return statement;
  }

  async countEvents(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  async storePolicy(p: StoredPolicy): Promise<void> {
    this.db.transaction(() => {
      const max = (this.db.prepare('SELECT coalesce(max(version), 0) AS v FROM policies').get() as { v: number }).v;
      if (p.version <= max) {
        throw Object.assign(new Error(`Policy version ${p.version} is not above the stored ${max}.`), { code: 'E_POLICY_STALE' });
      }
      this.db
        .prepare('INSERT INTO policies (version, policy_id, scope, signed, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(p.version, p.policyId, JSON.stringify(p.scope), JSON.stringify(p.signed), p.createdAt);
    }).immediate();
  }

  async maxPolicyVersion(): Promise<number> {
    return (this.db.prepare('SELECT coalesce(max(version), 0) AS v FROM policies').get() as { v: number }).v;
  }

  async listPolicies(): Promise<StoredPolicy[]> {
    return (this.db.prepare('SELECT * FROM policies ORDER BY version DESC').all() as PolicyRow[]).map(toPolicy);
  }

  async getPolicy(version: number): Promise<StoredPolicy | undefined> {
    const row = this.db.prepare('SELECT * FROM policies WHERE version = ?').get(version) as PolicyRow | undefined;
    return row && toPolicy(row);
  }

  async latestPolicyFor(deviceId: string): Promise<StoredPolicy | undefined> {
    for (const row of this.db.prepare('SELECT * FROM policies ORDER BY version DESC').iterate() as Iterable<PolicyRow>) {
      const policy = toPolicy(row);
      if (policyAppliesTo(policy.scope, deviceId)) return policy;
    }
    return undefined;
  }

  async putEdmIndex(index: StoredEdmIndex, maxTables: number): Promise<PutEdmOutcome> {
    return this.db.transaction((): PutEdmOutcome => {
      const replaced = this.db.prepare('SELECT 1 FROM edm_indexes WHERE name = ?').get(index.name) !== undefined;
      const held = (this.db.prepare('SELECT count(*) AS n FROM edm_indexes').get() as { n: number }).n;
      if (!replaced && held >= maxTables) return { ok: false, code: 'E_EDM_TABLE_LIMIT' };
      this.db
        .prepare(
          `INSERT INTO edm_indexes (name, sha256, size, columns, created_at, content) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, columns = excluded.columns,
             created_at = excluded.created_at, content = excluded.content`,
        )
        .run(index.name, index.sha256, index.size, JSON.stringify(index.columns), index.createdAt, index.content);
      return { ok: true, replaced };
    }).immediate();
  }

  async listEdmIndexes(): Promise<EdmIndexRecord[]> {
    const rows = this.db.prepare('SELECT name, sha256, size, columns, created_at FROM edm_indexes ORDER BY name').all() as EdmIndexRow[];
    return rows.map(toEdmIndex);
  }

  async getEdmIndexContent(sha256: string): Promise<Buffer | undefined> {
    const row = this.db.prepare(EDM_CONTENT_SQL).get(sha256) as { content: Buffer } | undefined;
    return row?.content;
  }

  /** The query plan of the download lookup, so a test can pin it to the digest index. */
  explainEdmContent(): string[] {
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${EDM_CONTENT_SQL}`).all('') as { detail: string }[]).map((r) => r.detail);
  }

  async deleteEdmIndex(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM edm_indexes WHERE name = ?').run(name).changes === 1;
  }
}
