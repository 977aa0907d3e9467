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

/**
 * The overlap rule (docs/dlp.md): when value findings overlap, the one with the higher confidence
 * wins; on equal confidence the longer span; then the costlier category; then the earlier start;
 * then the detector id, so the result never depends on input order. A finding is kept only if it
 * overlaps no finding already kept. Region findings (source code) are exempt and always kept.
 *
 * O(k log k) for k findings: kept spans are disjoint, so a sorted array and binary search tell
 * whether a candidate overlaps any of them.
 */
export function resolveOverlaps(findings: readonly DlpFinding[]): DlpFinding[] {
  const regions = findings.filter((f) => f.region);
  const values = findings.filter((f) => !f.region);
  values.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      b.end - b.start - (a.end - a.start) ||
      CATEGORY_RANK[a.category] - CATEGORY_RANK[b.category] ||
      a.start - b.start ||
      (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0),
  );
  const keptStarts: number[] = [];
  const keptEnds: number[] = [];
  const kept: DlpFinding[] = [];
  for (const f of values) {
    // First kept span whose start is >= f.end cannot overlap; check the one before it.
    let lo = 0;
    let hi = keptStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keptStarts[mid] ?? 0) < f.end) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && (keptEnds[lo - 1] ?? 0) > f.start) continue;
    keptStarts.splice(lo, 0, f.start);
    keptEnds.splice(lo, 0, f.end);
    kept.push(f);
  }
  return sortByPosition([...kept, ...regions]);
}

export function sortByPosition(findings: DlpFinding[]): DlpFinding[] {
  return findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0));
}
