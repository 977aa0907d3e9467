import { z } from 'zod';

/**
 * References from a signed policy to exact-data-match indexes. The collector builds each index
 * from a table an admin uploads; the policy names it by digest and size only, and agents download
 * it separately: an index of a large table is megabytes, far past what a policy frame may carry.
 */

/** Indexes one organization holds, and so one policy references, at most. */
export const MAX_EDM_INDEXES = 32;

/** Largest index an agent downloads, whatever a policy says (about 1.9 million values). */
export const MAX_EDM_INDEX_BYTES = 64 * 1024 * 1024;

/** Longest table name and column name: `edm-<table>-<column>` keeps to the 48 characters of a column id. */
export const MAX_EDM_TABLE_NAME_CHARS = 24;
export const MAX_EDM_COLUMN_NAME_CHARS = 23;

/**
 * A table's name: kebab-case, short, because it prefixes the names of its columns and so the ids
 * of their detectors (`edm-<table>-<column>`, at most 48 characters after `edm-`).
 */
export const EdmTableNameSchema = z
  .string()
  .min(1)
  .max(MAX_EDM_TABLE_NAME_CHARS)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and single dashes), at most 24 characters');

/** A column's name within its table; see EdmTableNameSchema for the length. */
export const EdmColumnNameSchema = z
  .string()
  .min(1)
  .max(MAX_EDM_COLUMN_NAME_CHARS)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and single dashes), at most 23 characters');

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest in lowercase hex');

export const EdmIndexRefSchema = z.strictObject({
  name: EdmTableNameSchema,
  /** SHA-256 of the index's bytes as the collector serves them. */
  sha256: Sha256HexSchema,
  /** Length of the index in bytes: agents refuse to read more. */
  size: z.number().int().positive().max(MAX_EDM_INDEX_BYTES),
});
export type EdmIndexRef = z.infer<typeof EdmIndexRefSchema>;

export const EdmIndexRefListSchema = z
  .array(EdmIndexRefSchema)
  .max(MAX_EDM_INDEXES)
  .refine((refs) => new Set(refs.map((r) => r.name)).size === refs.length, 'names must be unique')
  .refine((refs) => new Set(refs.map((r) => r.sha256)).size === refs.length, 'digests must be unique');

/**
 * The name a table's column gets in its index, unique across tables, so the detectors of two
 * tables never share an id (a column's detector is `edm-<table>-<column>`).
 */
export function edmIndexColumnName(table: string, column: string): string {
  return `${table}-${column}`;
}
