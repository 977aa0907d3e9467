import { resolve } from 'node:path';
import { EdmTableNameSchema, MAX_EDM_COLUMN_NAME_CHARS } from '@sluice/shared';
import { adminRequest, collectorUrl } from '../admin-client.js';
import { defineCommand, requiredOption, stringOption, UsageError, writeLine, type CommandIO, type ParsedArgs } from '../command.js';
import { parseColumnSpec, readCsvColumns } from '../csv-columns.js';
import { readInputText } from '../input.js';

/** Hashing a large table takes the collector seconds; wait for it longer than for other calls. */
const UPLOAD_TIMEOUT_MS = 300_000;

interface TableSummary {
  name: string;
  sha256: string;
  size: number;
  createdAt: number;
  columns: { name: string; kind: string; values: number; detector: string }[];
}

interface TableChange {
  outcome: 'created' | 'replaced' | 'unchanged' | 'deleted';
  table?: TableSummary;
  policies: { version: number; policyId: string; pushedTo: number }[];
}

const common = { url: { type: 'string' }, json: { type: 'boolean' } } as const;

function tableName(value: string | undefined): string {
  const name = EdmTableNameSchema.safeParse(value);
  if (!name.success) throw new UsageError('The table name must be kebab-case (a-z, 0-9, single dashes), at most 24 characters.');
  return name.data;
}

function describeTable(t: TableSummary): string {
  const columns = t.columns.map((c) => `${c.detector} (${c.kind}, ${c.values} values)`).join(', ');
  return `${t.name.padEnd(24)} ${t.sha256.slice(0, 12)}…  ${String(t.size).padStart(10)} bytes  ${columns}`;
}

function describePolicies(change: TableChange): string {
  if (change.policies.length === 0) return 'no new policy version';
  const pushed = change.policies.reduce((n, p) => n + p.pushedTo, 0);
  return `policy version(s) ${change.policies.map((p) => `${p.policyId} v${p.version}`).join(', ')}; pushed ${pushed} time(s) to online agents`;
}

function printChange(args: ParsedArgs, io: CommandIO, change: TableChange, what: string): void {
  if (args.values.json === true) writeLine(io.stdout, JSON.stringify(change));
  else writeLine(io.stdout, `${what} (${change.outcome}); ${describePolicies(change)}.`);
}

export const edmUpload = defineCommand({
  path: ['edm', 'upload'],
  summary: 'Send columns of a CSV file (header row) to the collector, which keeps only their salted-hash index and pushes it to agents.',
  usage: ['edm upload --url URL --name NAME --columns HEADER:KIND[,HEADER:KIND..] [FILE.csv|-] [--json]'],
  options: { ...common, name: { type: 'string' }, columns: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length > 1) throw new UsageError('Give at most one input file.');
    const name = tableName(requiredOption(args, 'name'));
    const columns = parseColumnSpec(stringOption(args, 'columns'), MAX_EDM_COLUMN_NAME_CHARS);
    const file = args.positionals[0];
    const text = await readInputText(file === undefined || file === '-' ? file : resolve(io.cwd, file), io);
    const body = { columns: readCsvColumns(text, columns).map((c) => ({ name: c.name, kind: c.kind, values: c.values })) };
    const change = (await adminRequest(io, collectorUrl(args, io), `/v1/edm-tables/${name}`, { method: 'PUT', body, timeoutMs: UPLOAD_TIMEOUT_MS })) as TableChange;
    printChange(args, io, change, `Stored table ${name}${change.table ? `: ${change.table.columns.map((c) => `${c.detector} ${c.values} values`).join(', ')}` : ''}`);
    return 0;
  },
});

export const edmList = defineCommand({
  path: ['edm', 'list'],
  summary: 'List the exact-data-match tables the collector holds: digest, size, detectors and value counts.',
  usage: ['edm list --url URL [--json]'],
  options: common,
  async run(args, io) {
    const body = (await adminRequest(io, collectorUrl(args, io), '/v1/edm-tables')) as { tables: TableSummary[] };
    for (const t of body.tables) writeLine(io.stdout, args.values.json === true ? JSON.stringify(t) : describeTable(t));
    if (args.values.json !== true) writeLine(io.stderr, `${body.tables.length} table(s).`);
    return 0;
  },
});

export const edmDelete = defineCommand({
  path: ['edm', 'delete'],
  summary: 'Delete an exact-data-match table; agents drop its index with the next policy version.',
  usage: ['edm delete NAME --url URL [--json]'],
  options: common,
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('Give exactly one table name.');
    const name = tableName(args.positionals[0]);
    const change = (await adminRequest(io, collectorUrl(args, io), `/v1/edm-tables/${name}`, { method: 'DELETE' })) as TableChange;
    printChange(args, io, change, `Deleted table ${name}`);
    return 0;
  },
});

export const EDM_COMMANDS = [edmUpload, edmList, edmDelete] as const;
