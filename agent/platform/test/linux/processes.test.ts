import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linux } from '../../src/index.js';
import { Children, removeDir, tempDir, until } from '../support.js';

const children = new Children();
const dirs: string[] = [];
afterEach(async () => {
  await children.killAll();
  for (const d of dirs.splice(0)) removeDir(d);
});

describe.runIf(process.platform === 'linux')('Linux process source (real /proc)', () => {
  it('lists a process with a hostile name, its parent, start time, executable, user and a bounded megabyte command line', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const exe = join(dir, 'a) (b c');
    copyFileSync('/bin/sleep', exe);
    // argv0 with invalid UTF-8 bytes, plus ten arguments of 120 KB each (1.2 MB in all).
    const script = join(dir, 'run.sh');
    writeFileSync(script, `big=$(head -c 120000 /dev/zero | tr '\\0' x)\nexec -a $'\\xff\\xfe(bad' "${exe}" 300 ${Array.from({ length: 10 }, () => '"$big"').join(' ')}\n`);
    const child = children.spawn('bash', [script]);
    const source = linux.createLinuxProcessSource();
    const entry = await until(async () => (await source.list()).find((p) => p.pid === child.pid && p.name === 'a) (b c'), 5_000, 'the process');
    expect(entry.ppid).toBe(process.pid);
    expect(Math.abs(entry.startTime - Date.now())).toBeLessThan(10_000);
    const details = await source.details(entry.pid);
    expect(details?.exe).toBe(exe);
    expect(details?.user).toBe(userInfo().username);
    const argv = details?.cmdline ?? [];
    expect(argv[0]).toBe('\uFFFD\uFFFD(bad');
    const total = argv.reduce((n, a) => n + a.length, 0);
    expect(total).toBeLessThanOrEqual(128 * 1024);
    expect(total).toBeGreaterThan(100_000);
  });

  it('returns nothing for a process that exited between the listing and the read', async () => {
    const child = children.spawn('sleep', ['30']);
    const source = linux.createLinuxProcessSource();
    await until(async () => (await source.list()).some((p) => p.pid === child.pid), 5_000, 'the process');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(await source.details(child.pid!)).toBeUndefined();
  });

  it('skips unreadable and malformed /proc entries without throwing', async () => {
    const proc = tempDir();
    dirs.push(proc);
    writeFileSync(join(proc, 'stat'), 'cpu 1 2 3\nbtime 1700000000\n');
    const entry = (pid: number, stat: string | undefined) => {
      mkdirSync(join(proc, String(pid)));
      if (stat !== undefined) writeFileSync(join(proc, String(pid), 'stat'), stat);
    };
    entry(10, '10 (ok) S 1 10 10 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0');
    entry(11, undefined); // vanished: directory without files
    entry(12, 'garbage');
    entry(13, '13 (kthread) S 2 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0');
    mkdirSync(join(proc, 'self'));
    const source = linux.createLinuxProcessSource({ proc });
    const list = await source.list();
    expect(list).toEqual([{ pid: 10, ppid: 1, name: 'ok', startTime: 1_700_000_000_000 + 5_000 }]);
    expect(await source.details(11)).toBeUndefined();
    expect(await source.details(99)).toBeUndefined();
  });
});

describe('/proc parsing', () => {
  it('reads the name between the first ( and the last )', () => {
    expect(linux.parseStat('7 (a) b (c)) R 3 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 250 0 0', 1_000)).toEqual({ ppid: 3, name: 'a) b (c)', startTime: 3_500 });
    expect(linux.parseStat('no parens here', 0)).toBeUndefined();
  });

  it('splits cmdline on NUL and repairs invalid UTF-8', () => {
    expect(linux.parseCmdline(Buffer.from('node\0/x/cli.js\0\0'))).toEqual(['node', '/x/cli.js']);
    expect(linux.parseCmdline(Buffer.from([0xc3, 0x28, 0]))).toEqual(['\uFFFD(']);
    expect(linux.parseCmdline(Buffer.alloc(0))).toEqual([]);
  });
});
