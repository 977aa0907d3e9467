import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyModelFile, type FingerprintMatch } from '@sluice/shared';
import { Inspector, isHostExecutable, isUserPlacedExecutable, type InspectorOptions, type ProcessFinding } from './inspector.js';
import { catalogFolders } from './paths.js';
import { isLoopback } from './probe.js';
import type { DiscoverySources, ProcessEntry } from './sources.js';

export interface DiscoveredProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
  readonly exe?: string;
  readonly sha256?: string;
  readonly startTime: number;
  readonly user?: string;
  readonly match: FingerprintMatch;
}

export interface DiscoveredListener {
  readonly pid: number;
  readonly port: number;
  readonly address: string;
  readonly exposure: 'loopback' | 'network';
  readonly protocol: string | null;
  readonly match: FingerprintMatch;
}

export interface DiscoveredInstall {
  readonly via: string;
  readonly path?: string;
  readonly version?: string;
  readonly match: FingerprintMatch;
}

export interface DiscoveredFolder {
  readonly app: string;
  readonly role: 'config' | 'models';
  readonly path: string;
}

export interface DiscoveredModelFile {
  readonly path: string;
  readonly format: string;
  readonly app: string | null;
  readonly sizeBytes: number;
}

export interface DiscoveryReport {
  readonly time: number;
  readonly os: string;
  readonly processes: DiscoveredProcess[];
  readonly listening: DiscoveredListener[];
  readonly installed: DiscoveredInstall[];
  readonly folders: DiscoveredFolder[];
  readonly modelFiles: DiscoveredModelFile[];
  readonly window: { readonly title?: string; readonly owner?: string; readonly match: FingerprintMatch | null } | null;
  readonly unavailable: { readonly source: string; readonly reason: string }[];
}

export interface DiscoverNowOptions extends InspectorOptions {
  /** Files looked at below model folders at most. Default 20 000. */
  readonly maxModelScanEntries?: number;
  readonly now?: () => number;
}

async function scanModels(roots: readonly string[], limit: number): Promise<DiscoveredModelFile[]> {
  const out: DiscoveredModelFile[] = [];
  let budget = limit;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 6 || budget <= 0) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (budget-- <= 0) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile()) {
        const model = classifyModelFile(path);
        if (!model) continue;
        const size = await stat(path).then((s) => s.size, () => 0);
        out.push({ path, format: model.format, app: model.app ?? null, sizeBytes: size });
      }
    }
  };
  for (const root of roots) await walk(root, 0);
  return out;
}

/**
 * One pass of every discovery source, for `sluice discover`: what AI is installed, running,
 * listening and in the foreground right now, each with its evidence.
 */
export async function discoverNow(sources: DiscoverySources, options: DiscoverNowOptions = {}): Promise<DiscoveryReport> {
  const inspector = new Inspector(sources, options);
  const unavailable: { source: string; reason: string }[] = [];
  const processes: DiscoveredProcess[] = [];
  const listening: DiscoveredListener[] = [];
  const findings = new Map<number, ProcessFinding>();

  if (sources.processes) {
    try {
      const list = [...(await sources.processes.list())].sort((a: ProcessEntry, b: ProcessEntry) => a.startTime - b.startTime || a.pid - b.pid);
      for (const entry of list) {
        const details = await sources.processes.details(entry.pid).catch(() => undefined);
        const parent = findings.get(entry.ppid)?.match;
        const finding = await inspector.inspectProcess(entry, details ?? {}, parent?.app ? { app: parent.app, confidence: parent.confidence } : null);
        findings.set(entry.pid, finding);
        if (finding.match) {
          processes.push({
            pid: entry.pid,
            ppid: entry.ppid,
            name: finding.descriptor.name ?? entry.name,
            startTime: entry.startTime,
            ...(finding.details.exe ? { exe: finding.details.exe } : {}),
            ...(finding.descriptor.sha256 ? { sha256: finding.descriptor.sha256 } : {}),
            ...(finding.details.user ? { user: finding.details.user } : {}),
            match: finding.match,
          });
        }
      }
    } catch (error) {
      unavailable.push({ source: 'processes', reason: (error as Error).message });
    }
  } else unavailable.push({ source: 'processes', reason: 'no process source on this platform' });

  if (sources.sockets) {
    try {
      const suspects = new Set<number>();
      for (const [pid, f] of findings) {
        const exe = f.details.exe;
        if (f.match || (exe && (isHostExecutable(exe.replace(/^.*[\\/]/, '')) || isUserPlacedExecutable(exe, sources.os)))) suspects.add(pid);
      }
      for (const socket of await sources.sockets.listening(suspects)) {
        if (socket.pid === undefined || !suspects.has(socket.pid)) continue;
        const finding = findings.get(socket.pid);
        if (!finding) continue;
        const result = await inspector.probeSocket(finding, socket);
        if (!result.match || (result.protocol === null && result.match.kind !== 'local_runtime')) continue;
        if (!processes.some((p) => p.pid === socket.pid)) {
          // Known only by what it serves (a renamed runtime): it runs, so list it with that match.
          processes.push({
            pid: socket.pid,
            ppid: finding.entry.ppid,
            name: finding.descriptor.name ?? finding.entry.name,
            startTime: finding.entry.startTime,
            ...(finding.details.exe ? { exe: finding.details.exe } : {}),
            ...(finding.descriptor.sha256 ? { sha256: finding.descriptor.sha256 } : {}),
            ...(finding.details.user ? { user: finding.details.user } : {}),
            match: result.match,
          });
        }
        listening.push({
          pid: socket.pid,
          port: socket.port,
          address: socket.address,
          exposure: isLoopback(socket.address) ? 'loopback' : 'network',
          protocol: result.protocol,
          match: result.match,
        });
      }
    } catch (error) {
      unavailable.push({ source: 'sockets', reason: (error as Error).message });
    }
  }

  const installed: DiscoveredInstall[] = [];
  if (sources.inventory) {
    try {
      for (const item of await sources.inventory.installed()) {
        const match = inspector.fingerprinter.match({
          platform: sources.os,
          ...(item.name ? { name: item.name.slice(0, 256) } : {}),
          ...(item.exe ? { exe: item.exe.slice(0, 4096) } : {}),
          ...(item.bundleId ? { bundleId: item.bundleId.slice(0, 255) } : {}),
          ...(item.teamId ? { teamId: item.teamId.slice(0, 64) } : {}),
          ...(item.signer ? { signer: item.signer.slice(0, 1024) } : {}),
          ...(item.packageFamilyName ? { packageFamilyName: item.packageFamilyName.slice(0, 255) } : {}),
          ...(item.extensionId ? { extensionId: item.extensionId.slice(0, 255) } : {}),
        });
        if (match?.app && match.confidence !== 'low') {
          installed.push({ via: item.via, match, ...(item.path ?? item.exe ? { path: item.path ?? item.exe } : {}), ...(item.version ? { version: item.version } : {}) });
        }
      }
    } catch (error) {
      unavailable.push({ source: 'inventory', reason: (error as Error).message });
    }
  }

  const folders = catalogFolders(sources.os, sources.home, sources.env ?? {}, inspector.compiled.catalog).filter((f) => existsSync(f.path));
  const modelFiles = await scanModels(
    folders.filter((f) => f.role === 'models').map((f) => f.path),
    options.maxModelScanEntries ?? 20_000,
  );

  let window: DiscoveryReport['window'] = null;
  if (sources.windows) {
    const availability = await sources.windows.check().catch((e: Error) => ({ available: false as const, reason: e.message }));
    if (availability.available) {
      const w = await sources.windows.active().catch(() => undefined);
      if (w) {
        const owner = w.ownerPid !== undefined ? findings.get(w.ownerPid)?.match : undefined;
        window = { ...(w.title ? { title: w.title.slice(0, 256) } : {}), ...(w.ownerName ? { owner: w.ownerName } : {}), match: inspector.matchWindow(w, owner) };
      }
      await sources.windows.close?.();
    } else unavailable.push({ source: 'window', reason: availability.reason });
  }

  return { time: (options.now ?? Date.now)(), os: sources.os, processes, listening, installed, folders, modelFiles, window, unavailable };
}
