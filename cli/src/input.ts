import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CommandIO } from './command.js';

/** The stream behind a `[FILE|-]` argument: standard input for `-` or no argument. */
export function openInput(file: string | undefined, io: CommandIO): NodeJS.ReadableStream {
  return file === undefined || file === '-' ? io.stdin : createReadStream(file);
}

/** Reads a whole `[FILE|-]` input as UTF-8 text, refusing more than `maxBytes`. */
export async function readInputText(file: string | undefined, io: CommandIO, maxBytes = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of openInput(file, io)) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw Object.assign(new Error(`Input is larger than ${maxBytes} bytes.`), { code: 'E_INPUT_TOO_LARGE' });
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Iterates the lines of a `[FILE|-]` input (for JSON Lines batch modes). */
export function inputLines(file: string | undefined, io: CommandIO): AsyncIterable<string> {
  return createInterface({ input: openInput(file, io), crlfDelay: Infinity });
}
