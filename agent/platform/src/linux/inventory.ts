import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinCompiledCatalog, normalizeProcessName } from '@sluice/shared';
import type { InstalledApp, InventorySource } from '@sluice/agent-core';
import { run } from '../common/exec.js';

const MAX_DESKTOP_FILE_BYTES = 64 * 1024;
const MAX_FILES_PER_DIR = 5_000;

/** Reads the `[Desktop Entry]` group of a .desktop file (freedesktop Desktop Entry Specification). */
export function parseDesktopEntry(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inEntry = false;
  for (const raw of text.split('\n').slice(0, 2_000)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inEntry = line === '[Desktop Entry]';
      continue;
    }
    if (!inEntry || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z0-9-]+$/.test(key) || key in out) continue;
    out[key] = line.slice(eq + 1).trim().slice(0, 4_096);
  }
  return out;
}

/** The program an `Exec=` line runs: its first word, unquoted, skipping `env VAR=…` prefixes. */
export function execProgram(exec: string): string | undefined {
  const words = [...exec.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
  let i = 0;
  if (words[0] === 'env') {
    i = 1;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '')) i += 1;
  }
  const program = words[i];
  return program && !program.startsWith('%') ? program : undefined;
}

/** Installed packages from dpkg's status database: name, version, for packages in state `installed`. */
export function parseDpkgStatus(text: string): { name: string; version: string }[] {
  const out: { name: string; version: string }[] = [];
  for (const block of text.split(/\n\n+/)) {
    const name = /^Package: (.+)$/m.exec(block)?.[1]?.trim();
    const status = /^Status: (.+)$/m.exec(block)?.[1] ?? '';
    const version = /^Version: (.+)$/m.exec(block)?.[1]?.trim() ?? '';
    if (name && / installed$/.test(status)) out.push({ name, version });
  }
  return out;
}

/** `publisher.name-1.2.3[-platform]` extension folders → `publisher.name`. */
export function extensionIdFromFolder(folder: string): string | undefined {
  const m = /^([a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9._-]*?)-\d+\.\d+/i.exec(folder);
  return m?.[1]?.toLowerCase();
}

/** The file a desktop entry's program resolves to: looked up in PATH when bare, symbolic links followed. */
export function resolveProgram(program: string | undefined, path: string | undefined): string | undefined {
  if (!program) return undefined;
  const candidates = program.includes('/') ? [program] : (path ?? '').split(':').filter((d) => d.startsWith('/')).map((d) => join(d, program));
  for (const candidate of candidates.slice(0, 64)) {
    try {
      if (statSync(candidate).isFile()) return realpathSync(candidate);
    } catch {
      // not there
    }
  }
  return program.startsWith('/') ? program : undefined;
}

function files(dir: string, suffix: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(suffix))
      .slice(0, MAX_FILES_PER_DIR)
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function readSmall(path: string, max: number): string | undefined {
  try {
    if (statSync(path).size > max) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface LinuxInventoryOptions {
  readonly home: string;
  readonly root?: string;
  /** PATH used to resolve bare program names of desktop entries. */
  readonly path?: string;
}

/**
 * Installed AI software on Linux: desktop entries (system, user, Flatpak and Snap exports), packages
 * from dpkg's status file or rpm, and editor extensions. Package databases list thousands of
 * packages; only those whose name is a catalogued process name are looked at further.
 */
export function createLinuxInventorySource(options: LinuxInventoryOptions): InventorySource {
  const root = options.root ?? '';
  const home = options.home;
  return {
    async installed() {
      const out: InstalledApp[] = [];
      const desktopDirs = [
        `${root}/usr/share/applications`,
        `${root}/usr/local/share/applications`,
        `${root}/var/lib/flatpak/exports/share/applications`,
        `${root}/var/lib/snapd/desktop/applications`,
        join(home, '.local/share/applications'),
        join(home, '.local/share/flatpak/exports/share/applications'),
      ];
      for (const dir of desktopDirs) {
        for (const file of files(dir, '.desktop')) {
          const text = readSmall(file, MAX_DESKTOP_FILE_BYTES);
          if (!text) continue;
          const entry = parseDesktopEntry(text);
          if (entry.Type && entry.Type !== 'Application') continue;
          const program = resolveProgram(execProgram(entry.TryExec ?? entry.Exec ?? ''), options.path);
          out.push({ via: 'desktop-file', path: file, ...(entry.Name ? { name: entry.Name } : {}), ...(program ? { exe: program } : {}) });
        }
      }

      const names = builtinCompiledCatalog().names;
      const status = readSmall(`${root}/var/lib/dpkg/status`, 64 * 1024 * 1024);
      if (status) {
        for (const pkg of parseDpkgStatus(status)) {
          if (!names.has(normalizeProcessName(pkg.name))) continue;
          let exe: string | undefined;
          for (const list of [`${root}/var/lib/dpkg/info/${pkg.name}.list`, ...files(`${root}/var/lib/dpkg/info`, '.list').filter((f) => f.includes(`/${pkg.name}:`))]) {
            const text = readSmall(list, 8 * 1024 * 1024);
            exe = text?.split('\n').find((l) => /^\/(usr\/(local\/)?)?s?bin\/[^/]+$|^\/opt\/.+\/[^/.]+$/.test(l));
            if (exe) break;
          }
          out.push({ via: 'dpkg', name: pkg.name, version: pkg.version, ...(exe ? { exe } : {}) });
        }
      } else if (existsSync(`${root}/var/lib/rpm`) || existsSync(`${root}/usr/lib/sysimage/rpm`)) {
        try {
          const rpm = await run('rpm', ['-qa', '--qf', '%{NAME}\\t%{VERSION}\\n'], { timeoutMs: 60_000 });
          for (const line of rpm.stdout.split('\n')) {
            const [name, version] = line.split('\t');
            if (name && names.has(normalizeProcessName(name))) out.push({ via: 'rpm', name, ...(version ? { version } : {}) });
          }
        } catch {
          // no rpm tool
        }
      }

      for (const dir of ['.vscode/extensions', '.vscode-server/extensions', '.vscode-oss/extensions', '.cursor/extensions', '.windsurf/extensions']) {
        let folders: string[];
        try {
          folders = readdirSync(join(home, dir)).slice(0, MAX_FILES_PER_DIR);
        } catch {
          continue;
        }
        for (const folder of folders) {
          const id = extensionIdFromFolder(folder);
          if (id) out.push({ via: 'vscode-extension', extensionId: id, path: join(home, dir, folder) });
        }
      }
      return out;
    },
  };
}
