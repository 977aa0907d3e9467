import { describe, expect, it } from 'vitest';
import type { ActiveWindow, WindowSource } from '@sluice/agent-core';
import { createHelperFocus, mergeWindows } from '../../src/common/helper-focus.js';
import { createLineHelper, createLineSplitter } from '../../src/common/line-helper.js';
import { sleep, until } from '../support.js';

describe('line splitter', () => {
  it('joins lines across chunks, strips CR, and drops a line longer than the bound whole', () => {
    const lines: string[] = [];
    const split = createLineSplitter(10, (l) => lines.push(l));
    split(Buffer.from('ab'));
    split(Buffer.from('c\r\nde'));
    split(Buffer.from('f\n' + 'x'.repeat(6)));
    split(Buffer.from('y'.repeat(6) + '\nok\n'));
    split(Buffer.from('\n'));
    expect(lines).toEqual(['abc', 'def', 'ok', '']);
  });

  it('keeps multi-byte characters split between chunks', () => {
    const lines: string[] = [];
    const split = createLineSplitter(100, (l) => lines.push(l));
    const bytes = Buffer.from('é✓\n');
    split(bytes.subarray(0, 1));
    split(bytes.subarray(1, 4));
    split(bytes.subarray(4));
    expect(lines).toEqual(['é✓']);
  });
});

describe('long-running line helper (real child processes)', () => {
  it('delivers each line, restarts the helper when it exits, and stops for good when closed', async () => {
    const lines: string[] = [];
    const exits: Array<[number | null, string]> = [];
    const helper = createLineHelper({
      file: process.execPath,
      args: ['-e', "process.stdout.write('one\\ntwo\\n'); process.stderr.write('bye'); setTimeout(() => process.exit(3), 50)"],
      onLine: (l) => lines.push(l),
      onExit: (code, stderr) => exits.push([code, stderr]),
      restartDelayMs: 20,
    });
    helper.start();
    helper.start(); // idempotent while running
    await until(() => exits.length >= 2, 10_000, 'two runs of the helper');
    helper.close();
    const seen = lines.length;
    await sleep(300);
    expect(lines.length).toBe(seen);
    expect(lines.slice(0, 4)).toEqual(['one', 'two', 'one', 'two']);
    expect(exits[0]).toEqual([3, 'bye']);
    expect(helper.running).toBe(false);
  });

  it('keeps memory bounded against a helper that floods one endless line', async () => {
    const lines: string[] = [];
    const helper = createLineHelper({
      file: process.execPath,
      args: ['-e', "const b = 'z'.repeat(65536); let n = 0; const t = setInterval(() => { process.stdout.write(b); if (++n === 64) { process.stdout.write('\\nfine\\n'); clearInterval(t); } }, 1)"],
      onLine: (l) => lines.push(l),
      maxLineBytes: 1024,
    });
    helper.start();
    await until(() => lines.includes('fine'), 10_000, 'the line after the flood');
    helper.close();
    expect(lines).toEqual(['fine']);
  });

  it('survives a helper that cannot be started, and a consumer that throws', async () => {
    const exits: Array<number | null> = [];
    const missing = createLineHelper({ file: '/nonexistent/helper', args: [], onLine: () => undefined, onExit: (c) => exits.push(c), restartDelayMs: 10_000 });
    missing.start();
    await until(() => exits.length === 1, 5_000, 'the spawn error');
    missing.close();
    const lines: string[] = [];
    const throwing = createLineHelper({
      file: process.execPath,
      args: ['-e', "console.log('a'); console.log('b'); setTimeout(() => {}, 5000)"],
      onLine: (l) => {
        lines.push(l);
        throw new Error('consumer bug');
      },
    });
    throwing.start();
    await until(() => lines.length === 2, 5_000, 'both lines');
    throwing.close();
  });
});

describe('focus from a helper, completed by the window source', () => {
  const chrome: ActiveWindow = { ownerPid: 10, title: 'ChatGPT - Google Chrome', ownerName: 'Google Chrome' };

  it("adds the window source's URL and bundle id, and keeps the helper's title where the source has none", async () => {
    const windows: WindowSource = { check: async () => ({ available: true }), active: async () => ({ ownerPid: 10, url: 'https://chatgpt.com/', bundleId: 'com.google.Chrome', title: '' }) };
    const focus = createHelperFocus({ windows });
    const seen: Array<ActiveWindow | undefined> = [];
    focus.watch((w) => seen.push(w));
    focus.report(chrome);
    await until(() => seen.length === 1, 2_000, 'the focus change');
    expect(seen[0]).toEqual({ ownerPid: 10, title: 'ChatGPT - Google Chrome', ownerName: 'Google Chrome', url: 'https://chatgpt.com/', bundleId: 'com.google.Chrome' });
    focus.report(chrome); // the same window again: no second change
    await sleep(50);
    expect(seen).toHaveLength(1);
    expect(await focus.current()).toEqual(seen[0]);
  });

  it("falls back to the helper's view when the window source fails or hangs, and drops an answer overtaken by a later change", async () => {
    let calls = 0;
    const windows: WindowSource = {
      check: async () => ({ available: true }),
      active: () => {
        calls += 1;
        return calls === 1 ? new Promise(() => undefined) : Promise.reject(new Error('get-windows is not built'));
      },
    };
    const focus = createHelperFocus({ windows, resolveTimeoutMs: 50 });
    const seen: Array<ActiveWindow | undefined> = [];
    focus.watch((w) => seen.push(w));
    focus.report(chrome);
    focus.report({ ownerPid: 11, title: 'notes.txt - Notepad' });
    await sleep(200);
    expect(seen).toEqual([{ ownerPid: 11, title: 'notes.txt - Notepad' }]);
  });

  it('trusts the window source alone when it saw another process than the helper', () => {
    expect(mergeWindows({ ownerPid: 2, title: 'b' }, { ownerPid: 1, title: 'a', url: 'x' })).toEqual({ ownerPid: 2, title: 'b' });
    expect(mergeWindows(undefined, chrome)).toBe(chrome);
  });
});
