/**
 * Turns foreground-window samples into focus sessions. A session is one stretch of consecutive
 * samples with the same key (the AI app, or the AI site); it ends at the first sample with another
 * key or none. A gap between samples longer than `maxGapMs` (sleep, a stalled agent) ends the
 * session at the last sample plus one interval instead of counting the gap as focus.
 */
export interface FocusSession<T> {
  readonly key: string;
  readonly item: T;
  readonly startTime: number;
  readonly durationMs: number;
}

export interface FocusTrackerOptions {
  /** The sampling interval; also what one lone sample counts for. */
  readonly intervalMs: number;
  /** A longer silence between samples ends the session. Default 3 intervals. */
  readonly maxGapMs?: number;
}

export class FocusTracker<T> {
  private open: { key: string; item: T; startTime: number; lastTime: number } | undefined;
  private readonly intervalMs: number;
  private readonly maxGapMs: number;

  constructor(options: FocusTrackerOptions) {
    this.intervalMs = options.intervalMs;
    this.maxGapMs = options.maxGapMs ?? options.intervalMs * 3;
  }

  /** The session in progress, if any. */
  get current(): { key: string; item: T; startTime: number } | undefined {
    return this.open;
  }

  /**
   * Records one sample. Returns the session that ended because of it, if any, and whether a new one
   * started (so the caller can report a site visit at the start).
   */
  sample(time: number, key: string | undefined, item?: T): { ended?: FocusSession<T>; started: boolean } {
    let ended: FocusSession<T> | undefined;
    const open = this.open;
    if (open && time - open.lastTime > this.maxGapMs) {
      ended = this.close(open.lastTime + this.intervalMs);
    } else if (open && open.key !== key) {
      ended = this.close(time);
    } else if (open) {
      open.lastTime = time;
      return { started: false };
    }
    if (key === undefined || item === undefined) return { ...(ended ? { ended } : {}), started: false };
    this.open = { key, item, startTime: time, lastTime: time };
    return { ...(ended ? { ended } : {}), started: true };
  }

  /** Ends the session in progress (agent stopping): it counts up to `time`, or to the last sample if older. */
  flush(time: number): FocusSession<T> | undefined {
    const open = this.open;
    if (!open) return undefined;
    return this.close(Math.min(time, open.lastTime + this.intervalMs));
  }

  private close(end: number): FocusSession<T> | undefined {
    const open = this.open;
    this.open = undefined;
    if (!open) return undefined;
    return { key: open.key, item: open.item, startTime: open.startTime, durationMs: Math.max(0, Math.round(end - open.startTime)) };
  }
}
