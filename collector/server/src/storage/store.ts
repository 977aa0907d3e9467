import type { SignedPolicy } from '@sluice/shared';

/**
 * The one storage contract of the collector. SQLite implements it today; PostgreSQL will implement
 * the same interface and pass the same contract tests (test/storage/contract.ts). Methods are async so
 * that a networked backend fits without changing callers.
 */
export interface Store {
  readonly kind: string;
  close(): Promise<void>;
  /** Cheap round trip used by /readyz. */
  ping(): Promise<void>;

  countAdminTokens(): Promise<number>;
  createAdminToken(token: { id: string; hash: string; createdAt: number; note: string }): Promise<void>;
  findAdminTokenByHash(hash: string): Promise<AdminTokenRecord | undefined>;

  createEnrollmentToken(token: EnrollmentTokenRecord): Promise<void>;
  listEnrollmentTokens(): Promise<EnrollmentTokenRecord[]>;
  revokeEnrollmentToken(id: string, at: number): Promise<boolean>;
  /**
   * Atomically checks the token (exists, not expired, not revoked, uses left), counts one use and
   * creates the device. Returns the reason when the token cannot be used.
   */
  enrollDevice(tokenHash: string, device: NewDevice, now: number): Promise<EnrollOutcome>;

  getDevice(id: string): Promise<DeviceRecord | undefined>;
  listDevices(): Promise<DeviceRecord[]>;
  revokeDevice(id: string, at: number): Promise<boolean>;
  recordHello(id: string, hello: DeviceHello): Promise<void>;
  recordPolicyApplied(id: string, version: number): Promise<void>;

  /**
   * Writes several devices' event batches in one transaction (the group commit). Events whose id is
   * already stored are skipped; each device's last sequence number moves to its batch's `lastSeq`.
   * Resolves once the transaction is durable.
   */
  appendBatches(batches: readonly DeviceBatch[]): Promise<AppendResult>;
  /** Last-seen and heartbeat state, written in bulk and not on the ack path. */
  touchDevices(updates: readonly DeviceTouch[]): Promise<void>;
  lastSeq(deviceId: string): Promise<number>;

  searchEvents(query: EventQuery): Promise<EventPage>;
  countEvents(): Promise<number>;

  /** Stores a signed policy; `version` must be greater than every stored version. */
  storePolicy(policy: StoredPolicy): Promise<void>;
  maxPolicyVersion(): Promise<number>;
  listPolicies(): Promise<StoredPolicy[]>;
  getPolicy(version: number): Promise<StoredPolicy | undefined>;
  /** The newest stored policy whose scope includes the device. */
  latestPolicyFor(deviceId: string): Promise<StoredPolicy | undefined>;

  /**
   * Stores an exact-data-match index under its table name, replacing the one of that name; refuses
   * a new name when `maxTables` are already held. Checked and written in one transaction.
   */
  putEdmIndex(index: StoredEdmIndex, maxTables: number): Promise<PutEdmOutcome>;
  /** The indexes held, by name, without their content. */
  listEdmIndexes(): Promise<EdmIndexRecord[]>;
  /** The bytes of the index with this SHA-256 digest, exactly as stored. */
  getEdmIndexContent(sha256: string): Promise<Buffer | undefined>;
  deleteEdmIndex(name: string): Promise<boolean>;
}

export interface AdminTokenRecord {
  id: string;
  createdAt: number;
  note: string;
}

export interface EnrollmentTokenRecord {
  id: string;
  hash: string;
  createdAt: number;
  expiresAt: number;
  /** null: unlimited until expiry. */
  maxUses: number | null;
  uses: number;
  revokedAt: number | null;
  note: string;
}

export interface NewDevice {
  id: string;
  secretHash: string;
  hostname: string;
  platform: string;
  enrolledAt: number;
}

export type EnrollOutcome =
  | { ok: true; tokenId: string }
  | { ok: false; code: 'E_ENROLL_TOKEN_INVALID' | 'E_ENROLL_TOKEN_EXPIRED' | 'E_ENROLL_TOKEN_REVOKED' | 'E_ENROLL_TOKEN_EXHAUSTED' };

export interface DeviceRecord {
  id: string;
  secretHash: string;
  hostname: string;
  platform: string;
  osRelease: string | null;
  arch: string | null;
  agentVersion: string | null;
  policyVersion: number | null;
  enrolledAt: number;
  lastSeen: number | null;
  lastSeq: number;
  revokedAt: number | null;
  outboxPending: number | null;
  outboxDropped: number | null;
}

export interface DeviceHello {
  agentVersion: string;
  hostname: string;
  platform: string;
  osRelease: string;
  arch: string;
  policyVersion: number | null;
  at: number;
}

export interface DeviceTouch {
  id: string;
  at: number;
  outboxPending?: number;
  outboxDropped?: number;
}

/** An event ready to store: validated, with its searchable text computed. */
export interface EventRow {
  id: string;
  seq: number;
  user: string;
  type: string;
  time: number;
  /** The payload as JSON text. */
  payload: string;
  searchText: string;
}

export interface RejectedRow {
  seq: number;
  eventId: string | null;
  code: string;
  message: string;
}

export interface DeviceBatch {
  deviceId: string;
  events: readonly EventRow[];
  rejected: readonly RejectedRow[];
  /** Highest sequence number covered by this batch (stored, duplicate or rejected). */
  lastSeq: number;
  receivedAt: number;
}

export interface AppendResult {
  inserted: number;
  duplicates: number;
}

export interface EventQuery {
  deviceId?: string;
  user?: string;
  type?: string;
  /** Inclusive lower bound, ms since epoch. */
  since?: number;
  /** Exclusive upper bound, ms since epoch. */
  until?: number;
  /** Free text: words that must all appear (the last one as a prefix). */
  text?: string;
  limit: number;
  cursor?: EventCursor;
  /** Stop the page early once the payloads add up to this many characters (the cursor continues). */
  maxPayloadChars?: number;
}

/** Position after the last row of a page in (time DESC, rowid DESC) order. */
export interface EventCursor {
  time: number;
  rowid: number;
}

export interface StoredEvent {
  id: string;
  deviceId: string;
  seq: number;
  user: string;
  type: string;
  time: number;
  receivedAt: number;
  payload: unknown;
}

export interface EventPage {
  events: StoredEvent[];
  nextCursor: EventCursor | null;
}

export interface StoredPolicy {
  version: number;
  policyId: string;
  scope: { kind: 'all' } | { kind: 'devices'; devices: string[] };
  signed: SignedPolicy;
  createdAt: number;
}

export interface EdmColumnSummary {
  /** The column's name in the upload (its index column is `<table>-<name>`). */
  name: string;
  kind: string;
  /** Distinct values hashed. */
  values: number;
}

/** An exact-data-match index as the collector describes it: never its values, never its content. */
export interface EdmIndexRecord {
  name: string;
  sha256: string;
  /** Bytes of the content. */
  size: number;
  columns: EdmColumnSummary[];
  createdAt: number;
}

export interface StoredEdmIndex extends EdmIndexRecord {
  /** The index as served to agents (JSON, `sluice.edm/v1`): salted hash prefixes and lengths only. */
  content: Buffer;
}

export type PutEdmOutcome = { ok: true; replaced: boolean } | { ok: false; code: 'E_EDM_TABLE_LIMIT' };
