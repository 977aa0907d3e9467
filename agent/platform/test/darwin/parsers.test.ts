import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFingerprinter } from '@sluice/shared';
import { describe, expect, it } from 'vitest';
import { darwin } from '../../src/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'darwin', name), 'utf8');
const fp = createFingerprinter();

describe('macOS parsers on recorded outputs', () => {
  it('reads ps rows with spaces and parentheses in executable paths, and their start times', () => {
    const rows = darwin.parsePsList(fixture('ps-list.txt'));
    expect(rows.map((r) => [r.pid, r.ppid, r.name])).toEqual([
      [1, 0, 'launchd'],
      [412, 1, 'Claude'],
      [415, 412, 'Claude Helper (Renderer)'],
      [530, 1, 'LM Studio'],
      [601, 1, 'ollama'],
      [777, 650, 'node'],
    ]);
    expect(rows[3]?.comm).toBe('/Applications/LM Studio.app/Contents/MacOS/LM Studio');
    expect(rows[3]?.startTime).toBe(new Date(2026, 10, 23, 9, 41, 7).getTime());
    expect(darwin.parseLstart('garbage')).toBe(0);
    expect(darwin.parsePsArgs(fixture('ps-args.txt'))).toEqual(['node /opt/homebrew/lib/node_modules/@anthropic-ai/claude-code/cli.js --resume']);
  });

  it('reads lsof listening sockets, wildcards and IPv6 included', () => {
    expect(darwin.parseLsofListen(fixture('lsof-listen.txt'))).toEqual([
      { pid: 601, port: 11434, address: '127.0.0.1', family: 4 },
      { pid: 530, port: 1234, address: '0.0.0.0', family: 4 },
      { pid: 530, port: 1234, address: '::1', family: 6 },
      { pid: 88, port: 49152, address: '0.0.0.0', family: 4 },
    ]);
  });

  it('reads the identifier, Team ID and leaf authority of a signature, and nothing from an unsigned file', () => {
    const sig = darwin.parseCodesign(fixture('codesign-claude.txt'));
    expect(sig).toEqual({ bundleId: 'com.anthropic.claudefordesktop', teamId: 'Q6L2SF6YDW', signer: 'Developer ID Application: Anthropic PBC (Q6L2SF6YDW)' });
    expect(darwin.parseCodesign(fixture('codesign-unsigned.txt'))).toBeUndefined();
    // A renamed Claude binary is still Claude by its signature.
    expect(fp.match({ name: 'notes-helper', exe: '/Users/a/Downloads/notes-helper', ...sig, platform: 'darwin' })).toMatchObject({ app: 'claude-desktop', confidence: 'high' });
  });

  it('reads an XML Info.plist, skipping nested arrays and dictionaries', () => {
    const info = darwin.parseXmlPlist(fixture('Info.plist'));
    expect(info).toMatchObject({
      CFBundleIdentifier: 'ai.elementlabs.lmstudio',
      CFBundleExecutable: 'LM Studio',
      CFBundleShortVersionString: '0.3.31',
      LSUIElement: 'false',
    });
    expect(info.CFBundleTypeName).toBeUndefined();
    expect(fp.match({ name: info.CFBundleName, bundleId: info.CFBundleIdentifier, platform: 'darwin' })?.app).toBe('lm-studio');
    expect(darwin.parseXmlPlist('<plist><dict><key>A</key><string>x &amp; y</string></dict></plist>')).toEqual({ A: 'x & y' });
    expect(darwin.parseXmlPlist('not xml')).toEqual({});
  });
});
