import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  compileCustomDetectors,
  createDlpEngine,
  createEdmDetectors,
  createEdmIndex,
  createEvidence,
  DATA_CATEGORIES,
  DEFAULT_MAX_INPUT_CHARS,
  DLP_ERRORS,
  importGitleaksToml,
  type DataCategory,
  type DlpEngine,
  type DlpFinding,
  type RedactionStyle,
  type RuntimeDetector,
  type SluiceError,
} from '@sluice/shared';
import { defineCommand, integerOption, stringOption, UsageError, writeLine, type CommandIO, type ParsedArgs } from '../command.js';
import { parseColumnSpec, readCsvColumns } from '../csv-columns.js';
import { openInput, readInputText } from '../input.js';
import { boundedLines } from './fingerprint.js';

/** Longest JSON Lines record read in batch mode; longer lines get an error line. */
export const MAX_DLP_LINE_BYTES = 16 * 1024 * 1024;

const engineOptions = {
  'min-confidence': { type: 'string' },
  'max-chars': { type: 'string' },
  detectors: { type: 'string' },
  exclude: { type: 'string' },
  categories: { type: 'string' },
  custom: { type: 'string' },
  gitleaks: { type: 'string' },
  edm: { type: 'string' },
} as const;

const ENGINE_USAGE = '[--min-confidence 0..1] [--detectors ID,..] [--exclude ID,..] [--categories C,..] [--custom FILE.json] [--gitleaks FILE.toml] [--edm FILE.json] [--max-chars N]';

function list(args: ParsedArgs, name: string): string[] | undefined {
  const v = stringOption(args, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function readFile(io: CommandIO, path: string): string {
  try {
    return readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read ${path}: ${(e as Error).message}`);
  }
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: SluiceError }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

/** The engine the flags describe: built-ins, custom detectors, imported gitleaks rules, EDM. */
function buildEngine(args: ParsedArgs, io: CommandIO): DlpEngine {
  const minText = stringOption(args, 'min-confidence');
  let minConfidence: number | undefined;
  if (minText !== undefined) {
    minConfidence = Number(minText);
    if (!(minConfidence >= 0 && minConfidence <= 1)) throw new UsageError('--min-confidence must be a number between 0 and 1.');
  }
  const categories = list(args, 'categories');
  for (const c of categories ?? []) {
    if (!(DATA_CATEGORIES as readonly string[]).includes(c)) throw new UsageError(`Unknown category "${c}" (${DATA_CATEGORIES.join(', ')}).`);
  }
  const custom: RuntimeDetector[] = [];
  const customFile = stringOption(args, 'custom');
  if (customFile) {
    let json: unknown;
    try {
      json = JSON.parse(readFile(io, customFile));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${customFile} is not JSON.`);
    }
    custom.push(...unwrap(compileCustomDetectors(json)));
  }
  const gitleaksFile = stringOption(args, 'gitleaks');
  if (gitleaksFile) {
    const imported = unwrap(importGitleaksToml(readFile(io, gitleaksFile)));
    for (const s of imported.skipped) writeLine(io.stderr, `sluice dlp: skipped gitleaks rule "${s.rule}" (${s.code}): ${s.reason}`);
    custom.push(...imported.detectors);
  }
  const edmFile = stringOption(args, 'edm');
  if (edmFile) {
    let json: unknown;
    try {
      json = JSON.parse(readFile(io, edmFile));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${edmFile} is not JSON.`);
    }
    custom.push(...unwrap(createEdmDetectors(json)));
  }
  // --detectors, --exclude and --categories select among custom, imported and EDM detectors too;
  // ids that are none of theirs go to the engine, which refuses an id it does not know.
  const include = list(args, 'detectors');
  const exclude = list(args, 'exclude');
  const customIds = new Set(custom.map((d) => d.info.id));
  const builtinOnly = (ids: string[] | undefined) => ids?.filter((id) => !customIds.has(id));
  const selected = custom.filter(
    (d) => (!include || include.includes(d.info.id)) && !exclude?.includes(d.info.id) && (!categories || categories.includes(d.info.category)),
  );
  return createDlpEngine({
    builtins: {
      ...(include ? { include: builtinOnly(include) } : {}),
      ...(exclude ? { exclude: builtinOnly(exclude) } : {}),
      ...(categories ? { categories: categories as DataCategory[] } : {}),
    },
    custom: selected,
    maxInputChars: integerOption(args, 'max-chars', DEFAULT_MAX_INPUT_CHARS, 1, 64 * 1024 * 1024),
    ...(minConfidence !== undefined ? { minConfidence } : {}),
  });
}

/** The `[FILE|-]` argument, resolved against the command's working directory. */
function inputPath(args: ParsedArgs, io: CommandIO): string | undefined {
  const file = args.positionals[0];
  return file === undefined || file === '-' ? file : resolve(io.cwd, file);
}

/** A finding as `--json` prints it: the fields issue 3 names, nothing from the text. */
function findingJson(f: DlpFinding): Record<string, unknown> {
  return { detector: f.detector, category: f.category, entity: f.entity, start: f.start, end: f.end, confidence: f.confidence, preview: f.preview };
}

const guardedOutputs = new WeakSet<NodeJS.WritableStream>();
const closedOutputs = new WeakSet<NodeJS.WritableStream>();

/**
 * When the reader goes away (`sluice dlp scan big.txt | head`), writes fail with EPIPE: that ends
 * the output quietly instead of crashing on an unhandled 'error' event, and batches stop reading.
 */
function guardOutput(io: CommandIO): void {
  const out = io.stdout;
  if (guardedOutputs.has(out)) return;
  guardedOutputs.add(out);
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closedOutputs.add(out);
  });
}

function outputClosed(io: CommandIO): boolean {
  return closedOutputs.has(io.stdout);
}

async function write(io: CommandIO, line: string): Promise<void> {
  if (outputClosed(io)) return;
  // Respect back-pressure so a large batch does not buffer without bound; a closed pipe never drains.
  if (!io.stdout.write(`${line}\n`)) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        io.stdout.off('drain', done);
        io.stdout.off('error', done);
        io.stdout.off('close', done);
        resolve();
      };
      io.stdout.on('drain', done);
      io.stdout.on('error', done);
      io.stdout.on('close', done);
    });
  }
}

function errorJson(id: unknown, code: keyof typeof DLP_ERRORS, detail: string): string {
  const message = `${DLP_ERRORS[code]} ${detail}`.trim();
  return JSON.stringify({ id, findings: [], error: { code, message: message.slice(0, 500) } });
}

/** `--jsonl`: one `{"id","text"}` record per line in, one `{"id","findings"}` line out, in order. */
async function scanBatch(engine: DlpEngine, args: ParsedArgs, io: CommandIO): Promise<number> {
  let failed = 0;
  for await (const raw of boundedLines(openInput(inputPath(args, io), io), MAX_DLP_LINE_BYTES)) {
    if (outputClosed(io)) break;
    if (raw.text.trim() === '' && !raw.tooLarge) continue;
    const idMatch = /"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,20})/.exec(raw.text.slice(0, 4096));
    let headId: unknown = null;
    try {
      headId = idMatch?.[1] !== undefined ? JSON.parse(idMatch[1]) : null;
    } catch {
      headId = null;
    }
    if (raw.tooLarge) {
      failed++;
      await write(io, errorJson(headId, 'E_DLP_INPUT_TOO_LARGE', `Limit: ${MAX_DLP_LINE_BYTES} bytes.`));
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(raw.text);
    } catch {
      failed++;
      await write(io, errorJson(headId, 'E_DLP_INPUT_INVALID', 'The line is not JSON.'));
      continue;
    }
    const r = record as { id?: unknown; text?: unknown } | null;
    const id = r && typeof r === 'object' && (typeof r.id === 'string' || typeof r.id === 'number') ? r.id : null;
    if (!r || typeof r !== 'object' || typeof r.text !== 'string') {
      failed++;
      await write(io, errorJson(id, 'E_DLP_INPUT_INVALID', 'Each line must be an object with a string "text".'));
      continue;
    }
    const result = engine.scan(r.text);
    await write(io, JSON.stringify({ id, findings: result.findings.map(findingJson), ...(result.truncated ? { truncated: true } : {}) }));
  }
  return failed > 0 ? 1 : 0;
}

export const dlpScan = defineCommand({
  path: ['dlp', 'scan'],
  summary: 'Find secrets, personal data, identifiers, code and classified text in a file or stdin.',
  usage: [`dlp scan [--json] ${ENGINE_USAGE} [FILE|-]`, `dlp scan --jsonl ${ENGINE_USAGE} [FILE|-]`],
  options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, ...engineOptions },
  allowPositionals: true,
  async run(args, io) {
    guardOutput(io);
    if (args.positionals.length > 1) throw new UsageError('Give at most one input file.');
    const engine = buildEngine(args, io);
    if (args.values.jsonl === true) return scanBatch(engine, args, io);
    const text = await readInputText(inputPath(args, io), io);
    const result = engine.scan(text);
    if (result.truncated) writeLine(io.stderr, `sluice dlp: the input is longer than ${result.scannedLength} characters; only its start was scanned.`);
    if (result.findingsTruncated) writeLine(io.stderr, `sluice dlp: more findings than the limit; only the first ${result.findings.length} are listed.`);
    if (args.values.json === true) {
      for (const f of result.findings) await write(io, JSON.stringify(findingJson(f)));
      return 0;
    }
    for (const f of result.findings) {
      writeLine(io.stdout, `${String(f.start).padStart(7)}-${String(f.end).padEnd(7)} ${f.confidence.toFixed(2)}  ${f.detector.padEnd(32)} ${f.entity.padEnd(22)} ${f.preview}`);
    }
    writeLine(io.stderr, `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}.`);
    return 0;
  },
});

export const dlpRedact = defineCommand({
  path: ['dlp', 'redact'],
  summary: 'Print the input with every finding replaced by a mask.',
  usage: [`dlp redact [--style typed|partial|hash] [--salt SALT] ${ENGINE_USAGE} [FILE|-]`],
  options: { style: { type: 'string' }, salt: { type: 'string' }, ...engineOptions },
  allowPositionals: true,
  async run(args, io) {
    guardOutput(io);
    if (args.positionals.length > 1) throw new UsageError('Give at most one input file.');
    const style = (stringOption(args, 'style') ?? 'typed') as RedactionStyle;
    if (!['typed', 'partial', 'hash'].includes(style)) throw new UsageError('--style must be typed, partial or hash.');
    const salt = stringOption(args, 'salt') ?? io.env.SLUICE_DLP_SALT;
    if (style === 'hash' && !salt) throw new UsageError('--style hash needs --salt (or SLUICE_DLP_SALT).');
    const engine = buildEngine(args, io);
    const text = await readInputText(inputPath(args, io), io);
    const result = engine.scan(text);
    if (result.truncated) writeLine(io.stderr, `sluice dlp: the input is longer than ${result.scannedLength} characters; only its start was redacted.`);
    const redacted = engine.redact(text, result.findings, { style, ...(salt ? { salt } : {}) });
    io.stdout.write(redacted.text);
    return 0;
  },
});

export const dlpEvidence = defineCommand({
  path: ['dlp', 'evidence'],
  summary: 'Print what would leave the device for the input: detectors, counts, positions, salted hashes, masked previews.',
  usage: [`dlp evidence --salt SALT ${ENGINE_USAGE} [FILE|-]`],
  options: { salt: { type: 'string' }, ...engineOptions },
  allowPositionals: true,
  async run(args, io) {
    guardOutput(io);
    if (args.positionals.length > 1) throw new UsageError('Give at most one input file.');
    const salt = stringOption(args, 'salt') ?? io.env.SLUICE_DLP_SALT;
    if (!salt) throw new UsageError('--salt is required (or SLUICE_DLP_SALT): evidence hashes are salted per organization.');
    const engine = buildEngine(args, io);
    const text = await readInputText(inputPath(args, io), io);
    const result = engine.scan(text);
    writeLine(io.stdout, JSON.stringify(createEvidence(text, result.findings, { salt })));
    return 0;
  },
});

export const dlpDetectors = defineCommand({
  path: ['dlp', 'detectors'],
  summary: 'List the detectors of the DLP catalog.',
  usage: [`dlp detectors [--json] ${ENGINE_USAGE}`],
  options: { json: { type: 'boolean' }, ...engineOptions },
  async run(args, io) {
    guardOutput(io);
    const engine = buildEngine(args, io);
    for (const d of engine.detectors) {
      if (args.values.json === true) await write(io, JSON.stringify(d));
      else writeLine(io.stdout, `${d.id.padEnd(40)} ${d.category.padEnd(14)} ${d.entity.padEnd(24)} ${d.description}`);
    }
    if (args.values.json !== true) writeLine(io.stderr, `${engine.detectors.length} detectors.`);
    return 0;
  },
});

export const dlpEdmBuild = defineCommand({
  path: ['dlp', 'edm', 'build'],
  summary: 'Build an exact-data-match index (salted hashes, never the values) from columns of a CSV file with a header row.',
  usage: ['dlp edm build --columns HEADER:KIND[,HEADER:KIND..] --salt SALT [FILE.csv|-] > index.json'],
  options: { columns: { type: 'string' }, salt: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    guardOutput(io);
    if (args.positionals.length > 1) throw new UsageError('Give at most one input file.');
    // The detector of a column is `edm-<header as kebab-case>`.
    const columns = parseColumnSpec(stringOption(args, 'columns'), 48);
    const salt = stringOption(args, 'salt') ?? io.env.SLUICE_DLP_SALT;
    if (!salt) throw new UsageError('--salt is required (or SLUICE_DLP_SALT): the organization salt, hex, the same the agents use.');
    const inputs = readCsvColumns(await readInputText(inputPath(args, io), io), columns);
    const index = unwrap(createEdmIndex(inputs, salt.toLowerCase()));
    io.stdout.write(`${JSON.stringify(index)}\n`);
    for (const col of index.columns) writeLine(io.stderr, `edm-${col.name}: ${col.hashes.length} distinct values (${col.kind}).`);
    return 0;
  },
});

export const DLP_COMMANDS = [dlpScan, dlpRedact, dlpEvidence, dlpDetectors, dlpEdmBuild] as const;

