import { spawn } from 'node:child_process';
import type { ClipboardContent } from '@sluice/agent-core';

/**
 * Clipboard reading and writing through a command-line tool (xclip on X11, wl-paste/wl-copy on
 * Wayland): the content is streamed with a byte bound, so a 10 MB or binary clipboard costs at most
 * the bound, and a clipboard owner that vanishes mid-transfer only ends the read early.
 */

const TEXT_TARGETS = ['UTF8_STRING', 'text/plain;charset=utf-8', 'text/plain', 'STRING', 'TEXT'];
const FILE_TARGETS = ['text/uri-list', 'x-special/gnome-copied-files'];
const TOOL_TIMEOUT_MS = 3_000;

export interface BoundedOutput {
  data: Buffer;
  /** True when the tool had more to say than the bound. */
  truncated: boolean;
  code: number | null;
}

/** Runs a tool and keeps at most `maxBytes` of its output, stopping it once the bound is passed. */
export function readBounded(file: string, args: readonly string[], maxBytes: number, env?: NodeJS.ProcessEnv): Promise<BoundedOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'ignore'], ...(env ? { env } : {}) });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = maxBytes;
        truncated = true;
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks, size), truncated, code });
    });
  });
}

/** Writes `input` to a tool's standard input and waits for it to exit (xclip forks to serve the selection). */
export function writeTool(file: string, args: readonly string[], input: string, env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: ['pipe', 'ignore', 'ignore'], ...(env ? { env } : {}) });
    const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${file} exited with ${code}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Decodes clipboard bytes as UTF-8; invalid sequences become U+FFFD instead of failing. */
export function decodeText(data: Buffer, truncated: boolean): string {
  let bytes = data;
  // Do not leave half a character at a cut.
  if (truncated) {
    let end = bytes.length;
    let back = 0;
    while (end > 0 && back < 4 && (bytes[end - 1]! & 0xc0) === 0x80) {
      end -= 1;
      back += 1;
    }
    if (end > 0 && bytes[end - 1]! >= 0xc0) end -= 1;
    bytes = bytes.subarray(0, end);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Picks how to read a clipboard from the targets (MIME types) its owner offers. */
export function chooseTarget(targets: readonly string[]): { kind: 'text' | 'image' | 'files' | 'other'; target: string } | undefined {
  if (targets.length === 0) return undefined;
  const files = targets.find((t) => FILE_TARGETS.includes(t));
  if (files) return { kind: 'files', target: files };
  const image = targets.find((t) => t.startsWith('image/'));
  const text = TEXT_TARGETS.find((t) => targets.includes(t));
  // Browsers offer an image together with a text/html fallback: the image is what was copied.
  if (image && !targets.includes('UTF8_STRING')) return { kind: 'image', target: image };
  if (text) return { kind: 'text', target: text };
  if (image) return { kind: 'image', target: image };
  const first = targets.find((t) => !/^(TARGETS|MULTIPLE|TIMESTAMP|SAVE_TARGETS|DELETE|INCR)$/.test(t));
  return first ? { kind: 'other', target: first } : undefined;
}

export function parseTargets(output: string): string[] {
  return output
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t.length > 0 && t.length < 256)
    .slice(0, 200);
}

/** Reads the clipboard through `read(target, maxBytes)` after listing its targets. */
export async function readClipboard(
  listTargets: () => Promise<string[]>,
  read: (target: string, maxBytes: number) => Promise<BoundedOutput>,
  maxBytes: number,
): Promise<ClipboardContent> {
  const choice = chooseTarget(await listTargets());
  if (!choice) return { kind: 'empty' };
  const out = await read(choice.target, maxBytes);
  if (choice.kind !== 'text') return { kind: choice.kind, mime: choice.target, bytes: out.data.length };
  if (out.data.length === 0) return { kind: 'empty' };
  return { kind: 'text', text: decodeText(out.data, out.truncated), bytes: out.data.length, truncated: out.truncated };
}
