import type { ClipboardContent } from '@sluice/agent-core';
import { decodeText } from '../common/decode.js';
import type { ToolOutput } from '../common/run-tool.js';

/**
 * Clipboard reading through a command-line tool (xclip on X11, wl-paste on Wayland): the content is
 * streamed with a byte bound (`readTool`), so a 10 MB or binary clipboard costs at most the bound,
 * and a clipboard owner that vanishes mid-transfer only ends the read early.
 */

/** How long a clipboard tool may take to answer; an owner that hangs must not hang the guard. */
export const CLIPBOARD_TOOL_TIMEOUT_MS = 3_000;

const TEXT_TARGETS = ['UTF8_STRING', 'text/plain;charset=utf-8', 'text/plain', 'STRING', 'TEXT'];
const FILE_TARGETS = ['text/uri-list', 'x-special/gnome-copied-files'];
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
  read: (target: string, maxBytes: number) => Promise<ToolOutput>,
  maxBytes: number,
): Promise<ClipboardContent> {
  const choice = chooseTarget(await listTargets());
  if (!choice) return { kind: 'empty' };
  const out = await read(choice.target, maxBytes);
  if (choice.kind !== 'text') return { kind: choice.kind, mime: choice.target, bytes: out.data.length };
  if (out.data.length === 0) return { kind: 'empty' };
  return { kind: 'text', text: decodeText(out.data, out.truncated), bytes: out.data.length, truncated: out.truncated };
}
