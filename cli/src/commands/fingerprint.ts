import {
  createFingerprinter,
  DescriptorLineSchema,
  describeIssues,
  FINGERPRINT_ERRORS,
  type FingerprintErrorCode,
  type FingerprintMatch,
  type MatchContext,
} from '@sluice/shared';
import { defineCommand, UsageError, type CommandIO } from '../command.js';
import { openInput } from '../input.js';

/** Longest input line read; longer lines are skipped with E_LINE_TOO_LARGE. */
export const MAX_FINGERPRINT_LINE_BYTES = 1024 * 1024;
/** Bytes of an oversized line kept to recover its id for the error line. */
const HEAD_BYTES = 1024;
/** Matched processes remembered so a later line's `ppid` can name its parent. */
const MAX_REMEMBERED_PARENTS = 100_000;

type LineId = string | number | null;

interface RawLine {
  readonly text: string;
  /** Set when the line was longer than the limit: only its first bytes are in `text`. */
  readonly tooLarge: boolean;
}

/**
 * Splits a byte stream into lines without ever holding more than one bounded line in memory: a
 * line past `maxBytes` is drained to its end and reported by its first bytes only.
 */
export async function* boundedLines(stream: NodeJS.ReadableStream, maxBytes: number): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const finish = (): RawLine => {
    const buf = Buffer.concat(parts);
    parts = [];
    size = 0;
    const line: RawLine = { text: decoder.decode(buf).replace(/\r$/, ''), tooLarge };
    tooLarge = false;
    return line;
  };
  const append = (piece: Buffer): void => {
    if (tooLarge) return;
    if (size + piece.length > maxBytes) {
      tooLarge = true;
      const room = Math.max(0, HEAD_BYTES - size);
      if (room > 0) parts.push(piece.subarray(0, room));
      const head = Buffer.concat(parts).subarray(0, HEAD_BYTES);
      parts = [head];
      size = head.length;
      return;
    }
    parts.push(piece);
    size += piece.length;
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let nl = buf.indexOf(0x0a);
    while (nl >= 0) {
      append(buf.subarray(0, nl));
      yield finish();
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(0x0a);
    }
    if (buf.length > 0) append(buf);
  }
  if (size > 0 || tooLarge) yield finish();
}

const isLineId = (v: unknown): v is string | number =>
  (typeof v === 'string' && v.length <= 256) || (typeof v === 'number' && Number.isSafeInteger(v));

/** Recovers `"id": …` from the start of a line that could not be parsed as a whole. */
export function idFromHead(head: string): LineId {
  const m = /^\s*\{\s*"id"\s*:\s*("(?:[^"\\]|\\.){0,256}"|-?\d{1,16})\s*[,}]/.exec(head);
  if (!m?.[1]) return null;
  try {
    const v = JSON.parse(m[1]) as unknown;
    return isLineId(v) ? v : null;
  } catch {
    return null;
  }
}

function errorLine(id: LineId, code: FingerprintErrorCode, detail?: string): string {
  const message = detail ? `${FINGERPRINT_ERRORS[code]} ${detail}` : FINGERPRINT_ERRORS[code];
  return JSON.stringify({ id, match: null, error: { code, message: message.slice(0, 500) } });
}

function publicMatch(m: FingerprintMatch) {
  return {
    app: m.app,
    name: m.name,
    vendor: m.vendor,
    kind: m.kind,
    confidence: m.confidence,
    score: m.score,
    evidence: m.evidence,
    ...(m.domain ? { domain: m.domain } : {}),
  };
}

async function write(io: CommandIO, line: string): Promise<void> {
  if (!io.stdout.write(`${line}\n`)) await new Promise<void>((resolve) => io.stdout.once('drain', resolve));
}

export const fingerprintCommand = defineCommand({
  path: ['fingerprint'],
  summary: 'Classify process, window, app and probe descriptors against the AI catalog, offline.',
  usage: ['fingerprint --jsonl [--no-learn] [FILE|-]'],
  options: {
    jsonl: { type: 'boolean' },
    'no-learn': { type: 'boolean' },
  },
  allowPositionals: true,
  async run(args, io) {
    if (args.values.jsonl !== true) throw new UsageError('--jsonl is required: input and output are JSON Lines.');
    if (args.positionals.length > 1) throw new UsageError('Give at most one input file.');
    const learn = args.values['no-learn'] !== true;
    const fp = createFingerprinter();
    // Parents are looked up by pid when lines carry one, by id otherwise.
    const parents = new Map<string, NonNullable<MatchContext['parent']>>();

    for await (const raw of boundedLines(openInput(args.positionals[0], io), MAX_FINGERPRINT_LINE_BYTES)) {
      if (raw.tooLarge) {
        await write(io, errorLine(idFromHead(raw.text), 'E_LINE_TOO_LARGE', `Limit: ${MAX_FINGERPRINT_LINE_BYTES} bytes.`));
        continue;
      }
      if (raw.text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(raw.text) as unknown;
      } catch {
        await write(io, errorLine(idFromHead(raw.text), 'E_BAD_JSON'));
        continue;
      }
      const parsed = DescriptorLineSchema.safeParse(value);
      if (!parsed.success) {
        const id = value !== null && typeof value === 'object' && 'id' in value && isLineId(value.id) ? value.id : null;
        await write(io, errorLine(id, 'E_BAD_DESCRIPTOR', describeIssues(parsed.error)));
        continue;
      }
      const { id, ...descriptor } = parsed.data;
      const parent = descriptor.ppid !== undefined ? parents.get(String(descriptor.ppid)) : undefined;
      const match = fp.match(descriptor, { parent: parent ?? null });
      if (learn) fp.learn(descriptor, match);
      if (match?.app && parents.size < MAX_REMEMBERED_PARENTS) {
        parents.set(String(descriptor.pid ?? id), { app: match.app, confidence: match.confidence });
      }
      await write(io, JSON.stringify({ id, match: match ? publicMatch(match) : null }));
    }
    return 0;
  },
});
