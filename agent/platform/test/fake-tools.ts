import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tempDir } from './support.js';

/**
 * Stand-ins for the macOS and Windows tools (osascript, pbpaste, pbcopy, powershell.exe), so the
 * paste sources' whole path — helper lifecycle, change detection, command lines, encodings,
 * bounds — runs on Linux. They are Node scripts put first on PATH; each logs its invocation.
 * What they print is what the real tools print per their documentation (see fixtures/README.md);
 * the helper stand-ins replay lines the test appends to `helper-lines`, as the real helper would
 * print them at each change.
 */

const FAKE = String.raw`#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const dir = process.env.SLUICE_FAKE_DIR;
const tool = path.basename(process.argv[1]);
const args = process.argv.slice(2);
const log = (entry) => fs.appendFileSync(path.join(dir, 'log.jsonl'), JSON.stringify({ tool, ...entry }) + '\n');
const clipboardFile = path.join(dir, 'clipboard');
function stdin() {
  try { return fs.readFileSync(0); } catch { return Buffer.alloc(0); }
}
function tailHelperLines() {
  const file = path.join(dir, 'helper-lines');
  let sent = 0;
  setInterval(() => {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text.length > sent) { process.stdout.write(text.slice(sent)); sent = text.length; }
  }, 15);
}
if (tool === 'osascript') {
  const script = args[args.indexOf('-e') + 1] || '';
  if (script.includes('CGWindowListCopyWindowInfo')) {
    log({ mode: 'helper', rest: args.slice(args.indexOf('-e') + 2), lc: process.env.LC_ALL });
    tailHelperLines();
  } else {
    const input = stdin();
    if (script.includes('setStringForType')) fs.writeFileSync(clipboardFile, input);
    log({ mode: script.includes('display notification') ? 'notify' : 'write', args, stdin: input.toString('utf8'), lc: process.env.LC_ALL });
  }
} else if (tool === 'pbpaste') {
  log({ args, lc: process.env.LC_ALL });
  if (fs.existsSync(clipboardFile)) process.stdout.write(fs.readFileSync(clipboardFile));
} else if (tool === 'pbcopy') {
  const input = stdin();
  fs.writeFileSync(clipboardFile, input);
  log({ args, stdin: input.toString('utf8'), lc: process.env.LC_ALL });
} else if (tool === 'powershell.exe') {
  const at = args.indexOf('-EncodedCommand');
  const script = Buffer.from(args[at + 1] || '', 'base64').toString('utf16le');
  const flags = args.slice(0, at);
  if (script.includes('[SluiceClipboardWatch]::Run(')) {
    log({ mode: 'helper', flags });
    tailHelperLines();
  } else if (script.includes('Get-Clipboard -Raw')) {
    // What the read script does: cut to $limit UTF-16 units, then to $limit UTF-8 bytes, print Base64.
    log({ mode: 'read', flags });
    if (!fs.existsSync(clipboardFile)) process.exit(0);
    const limit = Number(/\$limit = (\d+)/.exec(script)[1]);
    const text = fs.readFileSync(clipboardFile, 'utf8').slice(0, limit);
    process.stdout.write(Buffer.from(text, 'utf8').subarray(0, limit).toString('base64'));
  } else if (script.includes('Set-Clipboard -Value $text')) {
    const encoded = stdin().toString('latin1').trim();
    fs.writeFileSync(clipboardFile, Buffer.from(encoded, 'base64'));
    log({ mode: 'write', flags, stdin: encoded });
  } else if (script.includes('Clipboard]::Clear()')) {
    fs.rmSync(clipboardFile, { force: true });
    log({ mode: 'clear', flags });
  } else if (script.includes('ToastNotificationManager')) {
    log({ mode: 'notify', flags, script });
  } else {
    log({ mode: 'unknown', script });
    process.exit(1);
  }
} else {
  process.exit(127);
}
`;

export interface FakeTools {
  readonly dir: string;
  /** PATH with the fakes first. */
  readonly env: NodeJS.ProcessEnv;
  /** Appends lines for the helper stand-in to print. */
  emit(...lines: string[]): void;
  /** Every invocation so far. */
  log(): Array<Record<string, unknown>>;
  setClipboard(data: string | Buffer): void;
  clipboard(): Buffer | undefined;
}

export function installFakeTools(names: readonly string[]): FakeTools {
  const dir = tempDir('sluice-fake-tools-');
  // The stand-ins are CommonJS whatever package.json sits above the temporary folder.
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}\n');
  for (const name of names) {
    const file = join(dir, name);
    writeFileSync(file, FAKE);
    chmodSync(file, 0o755);
  }
  const env = { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, SLUICE_FAKE_DIR: dir };
  const clipboardFile = join(dir, 'clipboard');
  return {
    dir,
    env,
    emit(...lines) {
      writeFileSync(join(dir, 'helper-lines'), lines.map((l) => `${l}\n`).join(''), { flag: 'a' });
    },
    log() {
      const file = join(dir, 'log.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    setClipboard(data) {
      writeFileSync(clipboardFile, data);
    },
    clipboard() {
      return existsSync(clipboardFile) ? readFileSync(clipboardFile) : undefined;
    },
  };
}
