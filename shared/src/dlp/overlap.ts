import type { DataCategory } from '../policy/policy.js';
import type { DlpFinding } from './types.js';

/** Category order used to break ties: the kind of data whose leak costs most wins. */
const CATEGORY_RANK: Readonly<Record<DataCategory, number>> = {
  credential: 0,
  government_id: 1,
  financial: 2,
  health: 3,
  pii: 4,
  custom: 5,
  network: 6,
  confidential: 7,
  source_code: 8,
};

/** Priority order of the overlap rule: negative when `a` wins over `b`. */
function priority(a: DlpFinding, b: DlpFinding): number {
  return (
    b.confidence - a.confidence ||
    b.end - b.start - (a.end - a.start) ||
    CATEGORY_RANK[a.category] - CATEGORY_RANK[b.category] ||
    a.start - b.start ||
    (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0)
  );
}

/**
 * The overlap rule (docs/dlp.md): when value findings overlap, the one with the higher confidence
 * wins; on equal confidence the longer span; then the costlier category; then the earlier start;
 * then the detector id, so the result never depends on input order. A finding is kept only if it
 * overlaps no finding already kept. Region findings (source code) are exempt and always kept.
 *
 * O(k log k) for k findings: after sorting by position, findings fall into clusters that overlap
 * nothing outside themselves; the priority rule runs inside each cluster, and most clusters hold
 * one finding.
 */
export function resolveOverlaps(findings: readonly DlpFinding[]): DlpFinding[] {
  const regions: DlpFinding[] = [];
  const values: DlpFinding[] = [];
  for (const f of findings) (f.region ? regions : values).push(f);
  sortByStartThenEnd(values);
  const kept: DlpFinding[] = [];
  let i = 0;
  while (i < values.length) {
    const head = values[i] as DlpFinding;
    let clusterEnd = head.end;
    let j = i + 1;
    while (j < values.length && (values[j] as DlpFinding).start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, (values[j] as DlpFinding).end);
      j++;
    }
    if (j === i + 1) kept.push(head);
    else {
      const cluster = values.slice(i, j).sort(priority);
      const chosen: DlpFinding[] = [];
      for (const f of cluster) {
        if (chosen.every((c) => c.end <= f.start || f.end <= c.start)) chosen.push(f);
      }
      // Disjoint, so ordering them by start orders them by position.
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    i = j;
  }
  // Kept value findings are disjoint and in position order already; only regions need placing,
  // by merging (a sort of the whole list costs a comparison per finding times the log of thousands).
  return regions.length === 0 ? kept : mergeByPosition(kept, sortByPosition(regions));
}

/**
 * Sorts by start, then end, stably, as `sort((a, b) => a.start - b.start || a.end - b.end)` does.
 * The engine lists findings detector by detector, each detector's mostly in order: the list is a
 * few long ascending runs, merged here pairwise with the comparison written inline (a comparator
 * function costs a call per comparison, and a scan can hold tens of thousands of findings).
 */
export function sortByStartThenEnd(list: DlpFinding[]): void {
  const n = list.length;
  if (n < 2) return;
  // Boundaries of the ascending runs (a run ends where the next finding would sort before it).
  let bounds: number[] = [0];
  for (let i = 1; i < n; i++) {
    const a = list[i - 1] as DlpFinding;
    const b = list[i] as DlpFinding;
    if (b.start < a.start || (b.start === a.start && b.end < a.end)) bounds.push(i);
  }
  if (bounds.length === 1) return;
  bounds.push(n);
  let from = list;
  let to: DlpFinding[] = new Array<DlpFinding>(n);
  while (bounds.length > 2) {
    const merged: number[] = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r] as number;
      const mid = bounds[r + 1] as number;
      const hi = r + 2 < bounds.length ? (bounds[r + 2] as number) : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = from[i] as DlpFinding;
        const b = from[j] as DlpFinding;
        // Ties go to the left run: stable.
        if (b.start < a.start || (b.start === a.start && b.end < a.end)) {
          to[k++] = b;
          j++;
        } else {
          to[k++] = a;
          i++;
        }
      }
      while (i < mid) to[k++] = from[i++] as DlpFinding;
      while (j < hi) to[k++] = from[j++] as DlpFinding;
      merged.push(hi);
    }
    bounds = merged;
    const swap = from;
    from = to;
    to = swap;
  }
  if (from !== list) for (let i = 0; i < n; i++) list[i] = from[i] as DlpFinding;
}

function byPosition(a: DlpFinding, b: DlpFinding): number {
  return a.start - b.start || a.end - b.end || (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0);
}

export function sortByPosition(findings: DlpFinding[]): DlpFinding[] {
  return findings.sort(byPosition);
}

/** Two lists each in position order, merged into one in position order. */
function mergeByPosition(a: readonly DlpFinding[], b: readonly DlpFinding[]): DlpFinding[] {
  const out: DlpFinding[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPosition(a[i] as DlpFinding, b[j] as DlpFinding) <= 0 ? (a[i++] as DlpFinding) : (b[j++] as DlpFinding));
  while (i < a.length) out.push(a[i++] as DlpFinding);
  while (j < b.length) out.push(b[j++] as DlpFinding);
  return out;
}
