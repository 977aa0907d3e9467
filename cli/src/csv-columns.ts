import { parse as parseCsv } from 'csv-parse/sync';
import { EdmKindSchema, type EdmKind } from '@sluice/shared';
import { UsageError } from './command.js';

/** One `HEADER:KIND` pair of `--columns`, with the kebab-case name its detector takes. */
export interface CsvColumnSpec {
  readonly header: string;
  readonly name: string;
  readonly kind: EdmKind;
}

export interface CsvColumn extends CsvColumnSpec {
  /** The column's non-empty cells, in file order. */
  readonly values: string[];
}

/** A header as a detector name: lower-case letters and digits, single dashes, at most `maxChars`. */
function kebabName(header: string, maxChars: number): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxChars)
    .replace(/-+$/, '');
}

/** Parses `--columns`: `HEADER:KIND` pairs separated by commas; the header may contain colons. */
export function parseColumnSpec(spec: string | undefined, maxNameChars: number): CsvColumnSpec[] {
  if (!spec) throw new UsageError('--columns is required, for example --columns account:digits,email:email.');
  const columns = spec.split(',').map((part) => {
    const at = part.lastIndexOf(':');
    const header = part.slice(0, at).trim();
    const kind = EdmKindSchema.safeParse(part.slice(at + 1).trim());
    if (at <= 0 || !kind.success) throw new UsageError(`--columns: "${part}" is not HEADER:KIND with KIND one of ${EdmKindSchema.options.join(', ')}.`);
    const name = kebabName(header, maxNameChars);
    if (!name) throw new UsageError(`--columns: "${header}" gives no usable detector name.`);
    return { header, name, kind: kind.data };
  });
  const names = columns.map((c) => c.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`--columns: two columns would both be named "${twice}".`);
  return columns;
}

/**
 * The chosen columns of a CSV text with a header row (csv-parse handles quoting, separators and
 * newlines inside quotes, and a byte order mark). Bad CSV is E_DLP_EDM_INVALID; a missing header
 * is a usage error naming the headers there are.
 */
export function readCsvColumns(text: string, columns: readonly CsvColumnSpec[]): CsvColumn[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
  } catch (e) {
    throw Object.assign(new Error(`The input is not valid CSV: ${(e as Error).message}`), { code: 'E_DLP_EDM_INVALID' });
  }
  const headers = rows.length > 0 ? Object.keys(rows[0]!) : [];
  for (const c of columns) {
    if (!headers.includes(c.header)) throw new UsageError(`No column "${c.header}" in the header row (${headers.join(', ') || 'empty input'}).`);
  }
  return columns.map((c) => ({ ...c, values: rows.map((r) => r[c.header] ?? '').filter((v) => v !== '') }));
}
