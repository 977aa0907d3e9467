import { z } from 'zod';
import { DataCategorySchema } from '../policy/vocabulary.js';
import { createSaltedHasher, normalizeValue } from './hash.js';
import type { DlpFinding } from './types.js';

/**
 * What may leave the device about the findings of one scan: per detector, how many values, where,
 * a salted hash of each distinct value (so analysts can see the same secret pasted twice, or on
 * two devices, without seeing it) and masked previews. Never the values.
 */
export const DlpEvidenceItemSchema = z.strictObject({
  detector: z.string().min(1).max(64),
  category: DataCategorySchema,
  entity: z.string().min(1).max(64),
  count: z.number().int().min(1),
  /** Highest confidence among the occurrences. */
  confidence: z.number().min(0).max(1),
  /** First occurrences, UTF-16 offsets; at most `maxPositions`. */
  positions: z.array(z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) })).max(1_000),
  /** Lowercase hex HMAC-SHA-256 (organization salt) of each distinct normalized value; at most `maxHashes`. */
  hashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(1_000),
  /** Masked previews of the first distinct values, as findings carry them. */
  previews: z.array(z.string().max(64)).max(1_000),
  /** Programming language, for source-code regions. */
  language: z.string().max(32).optional(),
});
export type DlpEvidenceItem = z.infer<typeof DlpEvidenceItemSchema>;

export const DlpEvidenceSchema = z.strictObject({
  items: z.array(DlpEvidenceItemSchema).max(1_000),
  /** Findings summarized (the sum of counts). */
  findings: z.number().int().min(0),
  /** True when positions, hashes or previews were cut to their limits. */
  truncated: z.boolean(),
});
export type DlpEvidence = z.infer<typeof DlpEvidenceSchema>;

export interface EvidenceOptions {
  /** The organization salt (16 bytes or more), the same on every device of the organization. */
  readonly salt: string | Uint8Array;
  /** Default 20. */
  readonly maxPositions?: number;
  /** Default 20. */
  readonly maxHashes?: number;
  /** Default 5. */
  readonly maxPreviews?: number;
}

/**
 * Summarizes findings into evidence. `text` is needed only to hash the values; nothing of it is
 * copied into the result except through the masked previews the findings already carry.
 */
export function createEvidence(text: string, findings: readonly DlpFinding[], options: EvidenceOptions): DlpEvidence {
  const hasher = createSaltedHasher(options.salt);
  const maxPositions = options.maxPositions ?? 20;
  const maxHashes = options.maxHashes ?? 20;
  const maxPreviews = options.maxPreviews ?? 5;
  const byDetector = new Map<string, { item: DlpEvidenceItem; hashSet: Set<string>; positions: { start: number; end: number }[]; hashes: string[]; previews: string[] }>();
  let truncated = false;
  for (const f of findings) {
    let entry = byDetector.get(f.detector);
    if (!entry) {
      const positions: { start: number; end: number }[] = [];
      const hashes: string[] = [];
      const previews: string[] = [];
      entry = {
        item: { detector: f.detector, category: f.category, entity: f.entity, count: 0, confidence: 0, positions, hashes, previews, ...(f.language ? { language: f.language } : {}) },
        hashSet: new Set(),
        positions,
        hashes,
        previews,
      };
      byDetector.set(f.detector, entry);
    }
    entry.item.count++;
    entry.item.confidence = Math.max(entry.item.confidence, f.confidence);
    if (entry.positions.length < maxPositions) entry.positions.push({ start: f.start, end: f.end });
    else truncated = true;
    const hash = hasher.hash(normalizeValue(text.slice(f.start, f.end), f.category, f.entity));
    if (!entry.hashSet.has(hash)) {
      entry.hashSet.add(hash);
      if (entry.hashes.length < maxHashes) entry.hashes.push(hash);
      else truncated = true;
      if (entry.previews.length < maxPreviews) entry.previews.push(f.preview.slice(0, 64));
    }
  }
  const items = [...byDetector.values()].map((e) => e.item);
  return { items, findings: findings.length, truncated };
}
