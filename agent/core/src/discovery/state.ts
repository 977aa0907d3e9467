import { join } from 'node:path';
import { readIfExists, writePrivateFile } from '@sluice/shared-node';
import { z } from 'zod';
import type { HashCacheEntry } from './hash-cache.js';

export const DISCOVERY_STATE_FILE = 'discovery-state.json';
export const DISCOVERY_STATE_VERSION = 1;

/** Caps on what the state file remembers, so it stays small on any machine. */
export const STATE_LIMITS = { seen: 10_000, hashes: 10_000, running: 10_000, models: 10_000, history: 256 } as const;

const HashEntrySchema = z.strictObject({ size: z.number(), mtimeMs: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable() });

const StateSchema = z.strictObject({
  version: z.literal(DISCOVERY_STATE_VERSION),
  /** App id or `domain:<domain>` → when it was first seen on this device. */
  seen: z.record(z.string(), z.number()),
  /** Hashes learned from identity signals (sha256 → app id). */
  learned: z.array(z.tuple([z.string(), z.string()])),
  /** Executable hash cache (path → size, mtime, sha256). */
  hashCache: z.array(z.tuple([z.string(), HashEntrySchema])),
  /** AI processes reported as started and not yet as stopped (`pid:startTime` → what was reported). */
  running: z.record(
    z.string(),
    z.strictObject({
      app: z.string().nullable(),
      name: z.string(),
      vendor: z.string(),
      kind: z.string(),
      confidence: z.enum(['high', 'medium', 'low']),
      score: z.number(),
      pid: z.number(),
      ppid: z.number().optional(),
      startTime: z.number(),
      exe: z.string().optional(),
    }),
  ),
  /** Model files reported (path → size). */
  models: z.record(z.string(), z.number()),
  /** Browser history read up to (history file → last visit time in ms). */
  history: z.record(z.string(), z.number()),
});
export type DiscoveryStateData = z.infer<typeof StateSchema>;
export type RunningRecord = DiscoveryStateData['running'][string];

const empty = (): DiscoveryStateData => ({ version: DISCOVERY_STATE_VERSION, seen: {}, learned: [], hashCache: [], running: {}, models: {}, history: {} });

/** Drops the oldest keys of a record beyond `max` (insertion order). */
function cap<T>(record: Record<string, T>, max: number): void {
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length - max; i += 1) delete record[keys[i] as string];
}

/**
 * What discovery remembers across restarts: first sightings (so "first seen" means first on this
 * device, not first since the agent started), learned hashes, the hash cache, AI processes still
 * running, reported model files and how far each browser history was read. Written atomically,
 * 0600, at most every few seconds.
 */
export class DiscoveryState {
  data: DiscoveryStateData;
  private dirty = false;

  private constructor(
    private readonly file: string,
    data: DiscoveryStateData,
    /** Set when the file existed but could not be used. */
    readonly damaged: string | undefined,
  ) {
    this.data = data;
  }

  static load(dataDir: string): DiscoveryState {
    const file = join(dataDir, DISCOVERY_STATE_FILE);
    let text: string | undefined;
    try {
      text = readIfExists(file);
    } catch (error) {
      return new DiscoveryState(file, empty(), (error as Error).message);
    }
    if (text === undefined) return new DiscoveryState(file, empty(), undefined);
    try {
      const parsed = StateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return new DiscoveryState(file, parsed.data, undefined);
      return new DiscoveryState(file, empty(), 'the file does not match the discovery state schema');
    } catch {
      return new DiscoveryState(file, empty(), 'the file is not JSON');
    }
  }

  /** Marks a key first seen now; returns true the first time. */
  firstSeen(key: string, time: number): boolean {
    if (this.data.seen[key] !== undefined) return false;
    this.data.seen[key] = time;
    this.dirty = true;
    return true;
  }

  touch(): void {
    this.dirty = true;
  }

  setHashCache(entries: [string, HashCacheEntry][]): void {
    this.data.hashCache = entries.slice(-STATE_LIMITS.hashes);
  }

  /** Writes the file if anything changed. Throws what the file system throws. */
  save(): boolean {
    if (!this.dirty) return false;
    cap(this.data.seen, STATE_LIMITS.seen);
    cap(this.data.running, STATE_LIMITS.running);
    cap(this.data.models, STATE_LIMITS.models);
    cap(this.data.history, STATE_LIMITS.history);
    this.data.learned = this.data.learned.slice(-STATE_LIMITS.hashes);
    writePrivateFile(this.file, JSON.stringify(this.data));
    this.dirty = false;
    return true;
  }
}
