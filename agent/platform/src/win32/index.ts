import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ActiveWindow, DiscoverySources, ProcessSource, WindowSource } from '@sluice/agent-core';
import { run } from '../common/exec.js';
import { profilesUnder } from '../common/history-paths.js';
import { createFileWatcher } from '../common/watcher.js';
import { parseAppxPackages, parseAuthenticode, parseNetstat, parseUninstallKeys, parseWin32Processes, type Win32Process } from './parse.js';

const POWERSHELL = 'powershell.exe';
const ps = (script: string) => run(POWERSHELL, ['-NoProfile', '-NonInteractive', '-Command', script], { timeoutMs: 30_000 });

/** Processes through CIM (one PowerShell per sample: Windows exposes no cheap file per process). */
export function createWin32ProcessSource(): ProcessSource {
  let last = new Map<number, Win32Process>();
  return {
    async list() {
      const out = await ps(
        'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Name,ExecutablePath,CommandLine,CreationDate | ConvertTo-Json -Compress',
      );
      const rows = parseWin32Processes(out.stdout);
      last = new Map(rows.map((r) => [r.pid, r]));
      return rows;
    },
    async details(pid) {
      const p = last.get(pid);
      if (!p) return undefined;
      return { ...(p.exe ? { exe: p.exe } : {}), ...(p.commandLine ? { cmdline: [p.commandLine] } : {}) };
    },
  };
}

export function createWin32Sources(options: { home?: string; env?: NodeJS.ProcessEnv } = {}): DiscoverySources {
  const env = options.env ?? process.env;
  const home = options.home ?? env.USERPROFILE ?? homedir();
  const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
  const roaming = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  const windows: WindowSource = {
    async check() {
      return { available: true };
    },
    async active(): Promise<ActiveWindow | undefined> {
      const { activeWindow } = await import('get-windows');
      const w = (await activeWindow()) as { title?: string; url?: string; owner?: { name?: string; processId?: number; path?: string } } | undefined;
      if (!w) return undefined;
      return {
        ...(w.title ? { title: w.title } : {}),
        ...(w.url ? { url: w.url } : {}),
        ...(w.owner?.name ? { ownerName: w.owner.name } : {}),
        ...(w.owner?.processId ? { ownerPid: w.owner.processId } : {}),
        ...(w.owner?.path ? { ownerPath: w.owner.path } : {}),
      };
    },
  };
  return {
    os: 'win32',
    home,
    env,
    processes: createWin32ProcessSource(),
    windows,
    sockets: { listening: async () => parseNetstat((await run('netstat.exe', ['-ano'], { timeoutMs: 15_000 })).stdout) },
    signatures: {
      async read(exe) {
        const literal = exe.replace(/'/g, "''");
        const out = await ps(
          `Get-AuthenticodeSignature -LiteralPath '${literal}' | Select-Object Status,@{n='Subject';e={$_.SignerCertificate.Subject}} | ConvertTo-Json -Compress`,
        );
        return parseAuthenticode(out.stdout);
      },
    },
    inventory: {
      async installed() {
        const keys = [
          'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
          'HKLM\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
          'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
        ];
        const apps = [];
        for (const key of keys) {
          const out = await run('reg.exe', ['query', key, '/s'], { timeoutMs: 30_000 }).catch(() => undefined);
          if (out?.code === 0) apps.push(...parseUninstallKeys(out.stdout));
        }
        const appx = await ps('Get-AppxPackage | Select-Object Name,PackageFamilyName,InstallLocation,Version,Publisher | ConvertTo-Json -Compress').catch(() => undefined);
        if (appx?.code === 0) apps.push(...parseAppxPackages(appx.stdout));
        return apps;
      },
    },
    history: {
      profiles: async () =>
        profilesUnder({
          chromium: [
            [join(local, 'Google', 'Chrome', 'User Data'), 'Google Chrome'],
            [join(local, 'Microsoft', 'Edge', 'User Data'), 'Microsoft Edge'],
            [join(local, 'BraveSoftware', 'Brave-Browser', 'User Data'), 'Brave'],
          ],
          firefox: [join(roaming, 'Mozilla', 'Firefox', 'Profiles')],
        }),
    },
    watcher: createFileWatcher(),
  };
}

export { parseWin32Processes, parseNetstat, parseAuthenticode, parseUninstallKeys, parseAppxPackages, parsePsDate } from './parse.js';
export { createWin32PasteSources, type Win32PasteOptions } from './paste-sources.js';
export {
  chooseWin32Content,
  encodePowerShell,
  parseWin32HelperLine,
  parseWin32TextOutput,
  powershellCommand,
  win32FocusWindow,
  win32HelperScript,
  win32NotifyScript,
  win32ReadTextScript,
  win32WriteTextInput,
  WIN32_HELPER_CSHARP,
} from './paste-scripts.js';
