import { ok, type EdmIndexRef, type Result, type RuntimeDetector, type SluiceError } from '@sluice/shared';
import type { Logger } from '@sluice/shared-node';
import { agentError } from '../errors.js';
import { edmCacheDir, readCachedIndex, removeCachedIndex, removeUnreferenced, writeCachedIndex } from './cache.js';
import { describeRef, verifyEdmIndex } from './verify.js';

/** What the paste guard needs: the detectors of the verified indexes, and word of a change. */
export interface EdmDetectorSource {
  /** Detectors of every verified index the applied policy names, ids unique. */
  detectors(): readonly RuntimeDetector[];
  /** Changes exactly when the set of loaded indexes changes. */
  readonly key: string;
  onChange(listener: () => void): void;
}

/** A source with no index, for hosts and tests that run capabilities without a collector. */
export const NO_EDM_INDEXES: EdmDetectorSource = { key: '', detectors: () => [], onChange: () => undefined };

export interface EdmIndexStatus {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly state: 'loaded' | 'pending' | 'failed';
  /** Why the index is not loaded (E_EDM_…), when it failed. */
  readonly code?: string;
  readonly detectors: readonly string[];
}

export interface EdmIndexesOptions {
  readonly dataDir: string;
  /** Fetches an index's bytes from the collector (see downloadEdmIndex); `signal` aborts at stop. */
  readonly download: (ref: EdmIndexRef, signal: AbortSignal) => Promise<Buffer>;
  readonly log: Logger;
  /** Told once per index and error code; the agent records it as an `agent.error` event. */
  readonly onFailure: (ref: EdmIndexRef, error: SluiceError) => void;
  /** First wait before failed indexes are tried again, doubling up to `retryMaxMs`. Default 30 s. */
  readonly retryInitialMs?: number;
  /** Default 15 min. */
  readonly retryMaxMs?: number;
}

interface Loaded {
  readonly ref: EdmIndexRef;
  readonly detectors: readonly RuntimeDetector[];
}

/**
 * The exact-data-match indexes of the applied policy. Each is taken from the cache in the data
 * folder or downloaded from the collector, verified against the digest and size the signed policy
 * names, cached (0600) so that it survives restarts and offline periods, and turned into
 * detectors. Indexes the policy no longer names are dropped, from memory and from disk. A failure
 * is reported and retried with backoff; it never stops the agent, and the paste guard keeps
 * scanning with its other detectors.
 */
export class EdmIndexes implements EdmDetectorSource {
  private wanted: readonly EdmIndexRef[] = [];
  private readonly loaded = new Map<string, Loaded>();
  private readonly failed = new Map<string, SluiceError>();
  private readonly reported = new Set<string>();
  private readonly listeners: (() => void)[] = [];
  private current: readonly RuntimeDetector[] = [];
  private currentKey = '';
  private running: Promise<void> = Promise.resolve();
  private dirty = false;
  private stopped = false;
  private readonly stopping = new AbortController();
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private readonly dir: string;

  constructor(private readonly options: EdmIndexesOptions) {
    this.dir = edmCacheDir(options.dataDir);
    this.retryDelayMs = options.retryInitialMs ?? 30_000;
  }

  get key(): string {
    return this.currentKey;
  }

  detectors(): readonly RuntimeDetector[] {
    return this.current;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  status(): EdmIndexStatus[] {
    return this.wanted.map((ref) => {
      const base = { name: ref.name, sha256: ref.sha256, size: ref.size };
      const loaded = this.loaded.get(ref.sha256);
      if (loaded) return { ...base, state: 'loaded', detectors: loaded.detectors.map((d) => d.info.id) };
      const error = this.failed.get(ref.sha256);
      return error ? { ...base, state: 'failed', code: error.code, detectors: [] } : { ...base, state: 'pending', detectors: [] };
    });
  }

  /** Makes the loaded indexes those of `refs` (the applied policy's). Resolves when done; never rejects. */
  sync(refs: readonly EdmIndexRef[]): Promise<void> {
    this.wanted = [...refs];
    return this.kick();
  }

  /** Tries failed indexes again now (the collector is reachable again). */
  retryFailed(): Promise<void> {
    return this.failed.size > 0 ? this.kick() : Promise.resolve();
  }

  /** Stops retrying and abandons a download in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopping.abort();
    await this.running;
  }

  /**
   * Queues a pass. Passes run one at a time; requests made while one runs are served by the next,
   * which works on the latest references, so a burst of policies costs at most two passes.
   */
  private kick(): Promise<void> {
    this.dirty = true;
    const run = this.running.then(() => this.passIfDirty());
    this.running = run;
    return run;
  }

  private async passIfDirty(): Promise<void> {
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    try {
      await this.pass(this.wanted);
    } catch (error) {
      this.options.log.error({ err: (error as Error).message }, 'exact-data-match sync failed');
    }
  }

  private async pass(refs: readonly EdmIndexRef[]): Promise<void> {
    const keep = new Set(refs.map((r) => r.sha256));
    for (const sha of [...this.loaded.keys(), ...this.failed.keys()]) {
      if (keep.has(sha)) continue;
      this.loaded.delete(sha);
      this.failed.delete(sha);
    }
    for (const once of this.reported) if (!keep.has(once.slice(0, 64))) this.reported.delete(once);
    const removed = removeUnreferenced(this.dir, keep);
    if (removed > 0) this.options.log.info({ removed }, 'removed exact-data-match indexes the policy no longer names');
    for (const ref of refs) {
      if (this.stopped) return;
      if (this.loaded.has(ref.sha256)) continue;
      const result = await this.obtain(ref);
      // Stopped during a download: its abandonment is no failure to report.
      if (this.stopped) return;
      if (result.ok) this.loadIndex(ref, result.value);
      else this.fail(ref, result.error);
    }
    this.publish(refs);
    this.scheduleRetry();
  }

  /** From the cache when a verified copy is there, else from the collector. */
  private async obtain(ref: EdmIndexRef): Promise<Result<RuntimeDetector[], SluiceError>> {
    const cached = readCachedIndex(this.dir, ref.sha256, ref.size);
    if (cached) {
      const verified = verifyEdmIndex(cached, ref);
      if (verified.ok) return verified;
      this.options.log.warn({ code: verified.error.code, sha256: ref.sha256 }, 'cached exact-data-match index refused; downloading it again');
      removeCachedIndex(this.dir, ref.sha256);
    }
    let bytes: Buffer;
    try {
      bytes = await this.options.download(ref, this.stopping.signal);
    } catch (error) {
      return { ok: false, error: error as SluiceError };
    }
    const verified = verifyEdmIndex(bytes, ref);
    if (!verified.ok) return verified;
    try {
      writeCachedIndex(this.dir, ref.sha256, bytes);
    } catch (error) {
      this.fail(ref, agentError('E_EDM_CACHE', `${describeRef(ref)}: ${(error as Error).message}`), false);
    }
    return ok(verified.value);
  }

  private loadIndex(ref: EdmIndexRef, detectors: RuntimeDetector[]): void {
    this.loaded.set(ref.sha256, { ref, detectors });
    this.failed.delete(ref.sha256);
    this.options.log.info({ name: ref.name, sha256: ref.sha256, detectors: detectors.length }, 'exact-data-match index loaded');
  }

  /** Records a failure; reports it once per index and code. `keep` false: reported, not a failed state. */
  private fail(ref: EdmIndexRef, error: SluiceError, keep = true): void {
    if (keep) this.failed.set(ref.sha256, error);
    const once = `${ref.sha256}:${error.code}`;
    if (this.reported.has(once)) return;
    this.reported.add(once);
    this.options.log.warn({ code: error.code, name: ref.name, sha256: ref.sha256 }, error.message);
    this.options.onFailure(ref, error);
  }

  /** Rebuilds the detector list in policy order, refusing an index whose ids another already uses. */
  private publish(refs: readonly EdmIndexRef[]): void {
    const ids = new Set<string>();
    const detectors: RuntimeDetector[] = [];
    const used: string[] = [];
    for (const ref of refs) {
      const loaded = this.loaded.get(ref.sha256);
      if (!loaded) continue;
      const clash = loaded.detectors.find((d) => ids.has(d.info.id));
      if (clash) {
        this.loaded.delete(ref.sha256);
        this.fail(ref, agentError('E_EDM_INVALID', `${describeRef(ref)}: detector "${clash.info.id}" is already defined.`));
        continue;
      }
      for (const d of loaded.detectors) ids.add(d.info.id);
      detectors.push(...loaded.detectors);
      used.push(ref.sha256);
    }
    const key = used.join(',');
    if (key === this.currentKey) return;
    this.current = detectors;
    this.currentKey = key;
    for (const listener of this.listeners) listener();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.failed.size === 0) {
      this.retryDelayMs = this.options.retryInitialMs ?? 30_000;
      return;
    }
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.kick(), this.retryDelayMs);
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.retryMaxMs ?? 15 * 60_000);
  }
}
