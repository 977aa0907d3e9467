import { createHash } from 'node:crypto';
import { edmIndexColumnName, MAX_EDM_INDEX_BYTES, wireError, type EdmKind, type SluiceError } from '@sluice/shared';
import type { CollectorConfig } from './config.js';
import { buildEdmIndexOffThread } from './edm-hasher.js';
import type { PolicyService, StoredPolicyResult } from './policy-service.js';
import type { EdmColumnSummary, EdmIndexRecord, Store } from './storage/store.js';

export interface EdmColumnUpload {
  readonly name: string;
  readonly kind: EdmKind;
  readonly values: readonly string[];
}

export interface EdmChange {
  /** The index now held under the name; undefined after a delete. */
  readonly index: EdmIndexRecord | undefined;
  readonly outcome: 'created' | 'replaced' | 'unchanged' | 'deleted';
  /** The policies signed again to name the change, with how many online agents each reached. */
  readonly policies: readonly StoredPolicyResult[];
}

/**
 * Exact-data-match tables: an admin's values go in, are hashed with the organization's evidence
 * salt into an index (salted hash prefixes and lengths, see shared/src/dlp/edm.ts), and only the
 * index is kept. Each change signs the policies in force again so that they name the indexes
 * held, and online agents learn of it at once. Changes are serialized: one table is hashed at a time.
 */
export class EdmService {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly policies: PolicyService,
    private readonly limits: CollectorConfig['edm'],
    private readonly saltHex: string,
    private readonly now: () => number,
  ) {}

  /** Builds the index of a table and stores it under `name`, replacing the one of that name. */
  put(name: string, columns: readonly EdmColumnUpload[]): Promise<EdmChange> {
    return this.serialized(() => this.putNow(name, columns));
  }

  delete(name: string): Promise<EdmChange> {
    return this.serialized(async () => {
      if (!(await this.store.deleteEdmIndex(name))) throw wireError('E_NOT_FOUND', `No exact-data-match table "${name}".`);
      return { index: undefined, outcome: 'deleted', policies: await this.policies.reissue() };
    });
  }

  private tableLimit(): SluiceError {
    return wireError('E_EDM_TABLE_LIMIT', `It holds ${this.limits.maxTables}; delete one first.`);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async putNow(name: string, columns: readonly EdmColumnUpload[]): Promise<EdmChange> {
    const total = columns.reduce((sum, c) => sum + c.values.length, 0);
    if (total > this.limits.maxValues) {
      throw wireError('E_EDM_TABLE_TOO_LARGE', `${total} values; at most ${this.limits.maxValues} per table.`);
    }
    const tables = await this.store.listEdmIndexes();
    const held = tables.find((i) => i.name === name);
    // Refused before seconds of hashing; the store checks again when it writes.
    if (!held && tables.length >= this.limits.maxTables) throw this.tableLimit();
    // Table "a-b" with column "c" and table "a" with column "b-c" would both give detector edm-a-b-c.
    const taken = new Set(tables.filter((t) => t.name !== name).flatMap((t) => t.columns.map((c) => edmIndexColumnName(t.name, c.name))));
    const clash = columns.find((c) => taken.has(edmIndexColumnName(name, c.name)));
    if (clash) throw wireError('E_EDM_TABLE_CLASH', `Column "${clash.name}" would be detector edm-${edmIndexColumnName(name, clash.name)}, which another table already gives.`);
    const built = await buildEdmIndexOffThread(
      columns.map((c) => ({ name: edmIndexColumnName(name, c.name), kind: c.kind, values: c.values })),
      this.saltHex,
    );
    const summaries: EdmColumnSummary[] = columns.map((c, i) => ({ name: c.name, kind: c.kind, values: built.counts[i] ?? 0 }));
    const empty = summaries.find((c) => c.values === 0);
    if (empty) throw wireError('E_EDM_TABLE_EMPTY', `Column "${empty.name}".`);
    const content = Buffer.from(built.text, 'utf8');
    if (content.length > MAX_EDM_INDEX_BYTES) {
      throw wireError('E_EDM_TABLE_TOO_LARGE', `The index would be ${content.length} bytes; at most ${MAX_EDM_INDEX_BYTES}.`);
    }
    const index: EdmIndexRecord = {
      name,
      sha256: createHash('sha256').update(content).digest('hex'),
      size: content.length,
      columns: summaries,
      createdAt: this.now(),
    };
    if (held?.sha256 === index.sha256) return { index: held, outcome: 'unchanged', policies: [] };
    const outcome = await this.store.putEdmIndex({ ...index, content }, this.limits.maxTables);
    if (!outcome.ok) throw this.tableLimit();
    return { index, outcome: outcome.replaced ? 'replaced' : 'created', policies: await this.policies.reissue() };
  }
}
