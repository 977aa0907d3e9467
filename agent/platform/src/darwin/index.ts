import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ActiveWindow, DiscoverySources, InstalledApp, ProcessSource, SignatureReader, SocketSource, WindowSource } from '@sluice/agent-core';
import { profilesUnder } from '../common/history-paths.js';
import { run } from '../common/exec.js';
import { createFileWatcher } from '../common/watcher.js';
import { parseCodesign } from './codesign.js';
import { parseLsofListen } from './lsof.js';
import { parseXmlPlist } from './plist.js';
import { parsePsArgs, parsePsList } from './ps.js';

/** Processes through BSD `ps` (macOS has no /proc): one listing per sample, one `ps -p` per new process. */
export function createDarwinProcessSource(): ProcessSource {
  const comms = new Map<number, string>();
  return {
    async list() {
      const out = await run('ps', ['-axww', '-o', 'pid=,ppid=,uid=,lstart=,comm='], { timeoutMs: 10_000 });
      const rows = parsePsList(out.stdout);
      comms.clear();
      for (const r of rows) comms.set(r.pid, r.comm);
      return rows;
    },
    async details(pid) {
      const out = await run('ps', ['-ww', '-o', 'args=', '-p', String(pid)], { timeoutMs: 5_000 });
      if (out.code !== 0) return undefined;
      const comm = comms.get(pid);
      const cmdline = parsePsArgs(out.stdout);
      return { ...(comm?.startsWith('/') ? { exe: comm } : {}), ...(cmdline ? { cmdline } : {}) };
    },
  };
}

export function createDarwinSocketSource(): SocketSource {
  return {
    async listening() {
      const out = await run('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-F', 'pcn'], { timeoutMs: 10_000 });
      return parseLsofListen(out.stdout);
    },
  };
}

export function createDarwinSignatureReader(): SignatureReader {
  return {
    async read(exe) {
      const out = await run('codesign', ['-dv', '--verbose=2', exe], { timeoutMs: 10_000 });
      return parseCodesign(out.stderr);
    },
  };
}

async function readPlist(file: string): Promise<Record<string, string>> {
  const head = readFileSync(file);
  if (head.subarray(0, 6).toString('latin1') === 'bplist') {
    const out = await run('plutil', ['-convert', 'xml1', '-o', '-', file], { timeoutMs: 5_000 });
    return parseXmlPlist(out.stdout);
  }
  return parseXmlPlist(head.toString('utf8'));
}

/** Apps in /Applications and ~/Applications, read from each bundle's Contents/Info.plist. */
export async function darwinInstalledApps(dirs: readonly string[]): Promise<InstalledApp[]> {
  const out: InstalledApp[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.app')).slice(0, 5_000);
    } catch {
      continue;
    }
    for (const name of names) {
      const bundle = join(dir, name);
      try {
        const info = await readPlist(join(bundle, 'Contents', 'Info.plist'));
        const executable = info.CFBundleExecutable;
        out.push({
          via: 'info-plist',
          path: bundle,
          name: info.CFBundleDisplayName ?? info.CFBundleName ?? name.replace(/\.app$/, ''),
          ...(info.CFBundleIdentifier ? { bundleId: info.CFBundleIdentifier } : {}),
          ...(executable ? { exe: join(bundle, 'Contents', 'MacOS', executable) } : {}),
          ...(info.CFBundleShortVersionString ? { version: info.CFBundleShortVersionString } : {}),
        });
      } catch {
        // not a readable bundle
      }
    }
  }
  return out;
}

/** get-windows on macOS gives the owner's bundle id and, with Accessibility permission, a browser tab's URL. */
export function createGetWindowsSource(): WindowSource {
  type Fn = () => Promise<{ title?: string; url?: string; owner?: { name?: string; processId?: number; path?: string; bundleId?: string } } | undefined>;
  let fn: Fn | undefined;
  return {
    async check() {
      return { available: true };
    },
    async active(): Promise<ActiveWindow | undefined> {
      fn ??= (await import('get-windows')).activeWindow as Fn;
      const w = await fn();
      if (!w) return undefined;
      return {
        ...(w.title ? { title: w.title } : {}),
        ...(w.url ? { url: w.url } : {}),
        ...(w.owner?.name ? { ownerName: w.owner.name } : {}),
        ...(w.owner?.processId ? { ownerPid: w.owner.processId } : {}),
        ...(w.owner?.path ? { ownerPath: w.owner.path } : {}),
        ...(w.owner?.bundleId ? { bundleId: w.owner.bundleId } : {}),
      };
    },
  };
}

export function createDarwinSources(options: { home?: string; env?: NodeJS.ProcessEnv } = {}): DiscoverySources {
  const home = options.home ?? homedir();
  const support = join(home, 'Library', 'Application Support');
  return {
    os: 'darwin',
    home,
    env: options.env ?? process.env,
    processes: createDarwinProcessSource(),
    windows: createGetWindowsSource(),
    sockets: createDarwinSocketSource(),
    signatures: createDarwinSignatureReader(),
    inventory: { installed: () => darwinInstalledApps(['/Applications', join(home, 'Applications')]) },
    history: {
      profiles: async () =>
        profilesUnder({
          chromium: [
            [join(support, 'Google', 'Chrome'), 'Google Chrome'],
            [join(support, 'Microsoft Edge'), 'Microsoft Edge'],
            [join(support, 'BraveSoftware', 'Brave-Browser'), 'Brave'],
            [join(support, 'Chromium'), 'Chromium'],
          ],
          firefox: [join(support, 'Firefox', 'Profiles')],
        }),
    },
    watcher: createFileWatcher(),
  };
}

export { parsePsList, parsePsArgs, parseLstart } from './ps.js';
export { parseLsofListen } from './lsof.js';
export { parseCodesign } from './codesign.js';
export { parseXmlPlist } from './plist.js';
export { createDarwinPasteSources, type DarwinPasteOptions } from './paste-sources.js';
export {
  appleScriptString,
  classifyPasteboardTypes,
  darwinFocusWindow,
  darwinNotifyCommand,
  darwinNotifyScript,
  parseDarwinHelperLine,
  pbcopyWouldRetype,
  DARWIN_COMMANDS,
  DARWIN_HELPER_JXA,
} from './paste-scripts.js';
