import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFingerprinter } from '@sluice/shared';
import { describe, expect, it } from 'vitest';
import { win32 } from '../../src/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'win32', name), 'utf8');
const fp = createFingerprinter();

describe('Windows parsers on recorded outputs', () => {
  it('reads CIM processes from Windows PowerShell 5.1 and 7 JSON', () => {
    const rows = win32.parseWin32Processes(fixture('processes.json'));
    expect(rows.map((r) => [r.pid, r.ppid, r.name])).toEqual([
      [0, 0, 'System Idle Process'],
      [5120, 4800, 'ollama app.exe'],
      [5232, 5120, 'ollama.exe'],
      [7012, 6900, 'node.exe'],
    ]);
    expect(rows[2]).toMatchObject({ startTime: 1_795_420_801_000, exe: 'C:\\Users\\alice\\AppData\\Local\\Programs\\Ollama\\ollama.exe' });
    expect(fp.match({ name: rows[2]!.name, exe: rows[2]!.exe!, platform: 'win32' })).toMatchObject({ app: 'ollama', confidence: 'high' });
    expect(fp.match({ name: 'node.exe', cmdline: rows[3]!.commandLine!, platform: 'win32' })).toMatchObject({ app: 'claude-code', confidence: 'high' });
    const ps7 = win32.parseWin32Processes(fixture('processes-ps7.json'));
    expect(ps7).toEqual([expect.objectContaining({ pid: 9100, name: 'Claude.exe', startTime: Date.parse('2026-11-23T10:00:00+01:00') })]);
    expect(win32.parseWin32Processes('')).toEqual([]);
    expect(win32.parsePsDate('nonsense')).toBe(0);
  });

  it('reads LISTENING TCP rows of netstat -ano with their PIDs', () => {
    expect(win32.parseNetstat(fixture('netstat.txt'))).toEqual([
      { port: 135, address: '0.0.0.0', family: 4, pid: 1044 },
      { port: 11434, address: '127.0.0.1', family: 4, pid: 5232 },
      { port: 139, address: '192.168.1.20', family: 4, pid: 4 },
      { port: 135, address: '::', family: 6, pid: 1044 },
      { port: 1234, address: '::1', family: 6, pid: 6100 },
    ]);
  });

  it('names the publisher of a valid Authenticode signature only', () => {
    const sig = win32.parseAuthenticode(fixture('authenticode.json'));
    expect(sig?.signer).toMatch(/^CN="Anthropic, PBC"/);
    expect(win32.parseAuthenticode(fixture('authenticode-unsigned.json'))).toBeUndefined();
    expect(win32.parseAuthenticode('{"Status":3,"Subject":"CN=\\"Anthropic, PBC\\""}')).toBeUndefined();
    expect(fp.match({ name: 'renamed.exe', exe: 'C:\\Temp\\renamed.exe', signer: sig!.signer!, platform: 'win32' })).toMatchObject({ app: 'claude-code' });
  });

  it('reads uninstall keys and Store packages', () => {
    const apps = win32.parseUninstallKeys(fixture('reg-uninstall.txt'));
    expect(apps).toEqual([
      expect.objectContaining({ name: 'Ollama version 0.12.3', version: '0.12.3', path: 'C:\\Users\\alice\\AppData\\Local\\Programs\\Ollama\\', signer: 'Ollama' }),
      expect.objectContaining({ name: 'Cursor', exe: 'C:\\Users\\alice\\AppData\\Local\\Programs\\cursor\\Cursor.exe', version: '2.0.77' }),
    ]);
    const appx = win32.parseAppxPackages(fixture('appx.json'));
    expect(appx.map((a) => a.packageFamilyName)).toEqual(['Claude_pzs8sxrjxfjjc', 'Microsoft.WindowsCalculator_8wekyb3d8bbwe']);
    expect(fp.match({ packageFamilyName: appx[0]!.packageFamilyName!, platform: 'win32' })?.app).toBe('claude-desktop');
    expect(fp.match({ name: 'Cursor', exe: apps[1]!.exe!, platform: 'win32' })?.app).toBe('cursor');
  });
});
