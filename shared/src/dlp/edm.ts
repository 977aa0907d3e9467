import { z } from 'zod';
import { err, ok, type Result, type SluiceError } from '../errors.js';
import { describeIssues } from '../validation.js';
import { dlpError } from './errors.js';
import { createSaltedHasher, MIN_SALT_BYTES } from './hash.js';
import { labelOf, type RuntimeDetector } from './runtime.js';
import { alnumUpper, digitsOf } from './text.js';
import type { FindFn, RawMatch } from './types.js';

/**
 * Exact data match. The collector hashes the values of chosen columns of a customer table with
 * the organization's salt and distributes only the hashes; the agent hashes candidate values
 * found in a paste the same way and reports those whose hash is in the table. Values never leave
 * the collector, and the agent never holds them.
 */

/**
 * How a column's values are normalized before hashing, on both sides:
 * - `digits`: digits only (account numbers, phone numbers, national ids);
 * - `alnum`: letters and digits, upper-cased (customer ids like AB-1234-X);
 * - `email`: trimmed and lower-cased;
 * - `text`: lower-cased, whitespace collapsed (names; up to `maxWords` words).
 */
export const EdmKindSchema = z.enum(['digits', 'alnum', 'email', 'text']);
export type EdmKind = z.infer<typeof EdmKindSchema>;

const hexHash = z.string().regex(/^[0-9a-f]{16,64}$/, 'must be 16 to 64 lowercase hex characters');

export const EdmColumnSchema = z.strictObject({
  /** Column name; the detector id is `edm-<name>`. */
  name: z
    .string()
    .min(1)
    .max(48)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  kind: EdmKindSchema,
  /** Hash prefixes (all of one length, 16-64 hex characters) of the normalized values. */
  hashes: z.array(hexHash).max(5_000_000),
  /** Lengths of the normalized values: candidates of other lengths are not hashed. */
  lengths: z.array(z.number().int().min(1).max(256)).max(256),
  /** Longest value in words (`text` columns). */
  maxWords: z.number().int().min(1).max(8).default(1),
});
export type EdmColumn = z.infer<typeof EdmColumnSchema>;

export const EdmIndexSchema = z.strictObject({
  format: z.literal('sluice.edm/v1'),
  /** The organization salt, hex; HMAC-SHA-256 key. */
  salt: z.string().regex(/^[0-9a-f]+$/).min(MIN_SALT_BYTES * 2).max(256),
  columns: z.array(EdmColumnSchema).min(1).max(64),
});
export type EdmIndex = z.infer<typeof EdmIndexSchema>;

/** Hash of a normalized value, shortened to the index's prefix length. */
const HASH_PREFIX_DEFAULT = 32;

export function normalizeEdmValue(value: string, kind: EdmKind): string {
  switch (kind) {
    case 'digits':
      return digitsOf(value);
    case 'alnum':
      return alnumUpper(value);
    case 'email':
      return value.trim().toLowerCase();
    case 'text':
      return value.trim().toLowerCase().replace(/\s+/g, ' ');
  }
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export interface EdmColumnInput {
  readonly name: string;
  readonly kind: EdmKind;
  /** The column's values (they stay where this runs: the collector or an admin's machine). */
  readonly values: Iterable<string>;
}

/**
 * Builds an index from values, for the collector side. `salt` is hex. `prefixLength` hex
 * characters of each hash are kept (32 by default: 128 bits, collisions negligible at any table size).
 */
export function createEdmIndex(columns: readonly EdmColumnInput[], saltHex: string, prefixLength = HASH_PREFIX_DEFAULT): Result<EdmIndex, SluiceError> {
  if (!/^[0-9a-f]+$/.test(saltHex) || saltHex.length < MIN_SALT_BYTES * 2) return err(dlpError('E_DLP_SALT_REQUIRED'));
  const hasher = createSaltedHasher(hexToBytes(saltHex));
  const out: EdmColumn[] = [];
  for (const col of columns) {
    const hashes = new Set<string>();
    const lengths = new Set<number>();
    let maxWords = 1;
    for (const raw of col.values) {
      const v = normalizeEdmValue(raw, col.kind);
      if (v.length < 3 || v.length > 256) continue;
      hashes.add(hasher.hash(v).slice(0, prefixLength));
      lengths.add(v.length);
      if (col.kind === 'text') maxWords = Math.max(maxWords, v.split(' ').length);
    }
    out.push({ name: col.name, kind: col.kind, hashes: [...hashes], lengths: [...lengths].sort((a, b) => a - b), maxWords: Math.min(8, maxWords) });
  }
  const index = EdmIndexSchema.safeParse({ format: 'sluice.edm/v1', salt: saltHex, columns: out });
  return index.success ? ok(index.data) : err(dlpError('E_DLP_EDM_INVALID', describeIssues(index.error)));
}

/** Hashes computed per scan per column at most: bounds the work a paste full of candidates causes. */
const EDM_HASH_BUDGET = 20_000;

const CANDIDATES: Readonly<Record<EdmKind, RegExp>> = {
  digits: /(?<![0-9])[0-9](?:[ \-./]?[0-9]){2,31}(?![0-9])/g,
  alnum: /(?<![A-Za-z0-9])[A-Za-z0-9](?:[\-]?[A-Za-z0-9]){2,47}(?![A-Za-z0-9])/g,
  email: /[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,24}/g,
  text: /[\p{L}\p{N}][\p{L}\p{N}'\-]{0,63}/gu,
};

/**
 * One detector per column: candidates of the column's kind are normalized, filtered by the
 * lengths the table holds, hashed with the salt and looked up. Text columns also try runs of up
 * to `maxWords` consecutive words (full names).
 */
export function createEdmDetectors(input: unknown): Result<RuntimeDetector[], SluiceError> {
  const parsed = EdmIndexSchema.safeParse(input);
  if (!parsed.success) return err(dlpError('E_DLP_EDM_INVALID', describeIssues(parsed.error)));
  const index = parsed.data;
  const hasher = createSaltedHasher(hexToBytes(index.salt));
  const detectors: RuntimeDetector[] = [];
  for (const col of index.columns) {
    const prefix = col.hashes[0]?.length ?? HASH_PREFIX_DEFAULT;
    if (col.hashes.some((h) => h.length !== prefix)) return err(dlpError('E_DLP_EDM_INVALID', `Column "${col.name}" mixes hash lengths.`));
    const table = new Set(col.hashes);
    const lengths = new Set(col.lengths);
    const budget = `edm-${col.name}`;
    const find: FindFn = (text, from, to, state) => {
      const out: RawMatch[] = [];
      const re = new RegExp(CANDIDATES[col.kind].source, CANDIDATES[col.kind].flags);
      const slice = text.slice(from, to);
      const words: { start: number; end: number }[] = [];
      const check = (start: number, end: number): void => {
        const v = normalizeEdmValue(text.slice(start, end), col.kind);
        if (!lengths.has(v.length)) return;
        if (state && !state.spend(budget, EDM_HASH_BUDGET)) return;
        if (table.has(hasher.hash(v).slice(0, prefix))) out.push({ start, end, validated: true });
      };
      for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
        const start = from + m.index;
        const end = start + m[0].length;
        if (col.kind !== 'text') check(start, end);
        else words.push({ start, end });
      }
      if (col.kind === 'text') {
        for (let i = 0; i < words.length; i++) {
          for (let k = 0; k < col.maxWords && i + k < words.length; k++) {
            const first = words[i];
            const last = words[i + k];
            if (!first || !last) break;
            // Words of one value are separated by spaces only.
            if (k > 0 && !/^\s+$/.test(text.slice(words[i + k - 1]?.end ?? 0, last.start))) break;
            check(first.start, last.end);
          }
        }
      }
      return out;
    };
    const id = `edm-${col.name}`;
    detectors.push({
      info: { id, category: 'custom', entity: 'EXACT_DATA_MATCH', label: labelOf(id), description: `Exact data match on column "${col.name}" (${col.kind}).`, source: 'edm' },
      keywords: [],
      exactKeywords: undefined,
      digits: undefined,
      scanAll: true,
      before: 0,
      after: 0,
      find,
      matchAt: undefined,
      suppress: undefined,
      validate: undefined,
      confidence: 0.95,
      unverifiedConfidence: undefined,
      contextBoost: 0,
      context: [],
      antiContext: [],
      contextRe: undefined,
      antiContextRe: undefined,
      minEntropy: 0,
      testValues: new Set(),
      isTestValue: undefined,
      mask: col.kind === 'email' ? 'email' : col.kind === 'text' ? 'partial' : 'last4',
      region: false,
      credential: false,
      formatHasRuns: false,
    });
  }
  return ok(detectors);
}
