/**
 * Events are keyed by a time-ordered integer, `time * SLOTS_PER_MS + slot`, so that the table itself,
 * every index (whose entries end with the key) and the full-text index (whose rowid is the key) all
 * list events in time order. A timeline page is then a range scan in any of them, newest first,
 * without a sort, whatever the filter.
 */
export const SLOTS_PER_MS = 1024;

/** Keys stay exact JavaScript integers up to 2^53: event times are refused beyond this (year 2248). */
export const MAX_KEYED_TIME_MS = Math.floor(Number.MAX_SAFE_INTEGER / SLOTS_PER_MS) - 1;

/**
 * How far events of one millisecond may spill into the next ones when more than SLOTS_PER_MS share
 * it; upper time bounds of queries look this far ahead in keys, then filter on the exact time.
 */
export const SPILL_MS = 64;

export function firstKeyOf(timeMs: number): number {
  return timeMs * SLOTS_PER_MS;
}
