import {
  builtinCompiledCatalog,
  clip,
  createFingerprinter,
  type CompiledCatalog,
  type Descriptor,
  type Fingerprinter,
  type FingerprintMatch,
  type MatchContext,
  type Os,
  type ProbeResult,
} from '@sluice/shared';
import { createAsarReader } from './asar.js';
import { HashCache, type HashCacheEntry, type HashCacheOptions } from './hash-cache.js';
import { probePort, probeTarget, type ProbeOptions } from './probe.js';
import type { ActiveWindow, AsarReader, CodeSignature, DiscoverySources, ListeningSocket, ProcessDetails, ProcessEntry } from './sources.js';

/** Bounds applied to what a source hands over, before anything else reads it. */
export const INPUT_LIMITS = { name: 256, path: 4096, args: 256, argChars: 16 * 1024, cmdlineChars: 128 * 1024, title: 1024, url: 8192 } as const;

/**
 * Folders whose executables the package manager or the OS vendor owns. They are not hashed: a
 * renamed AI binary needs a writable folder, and skipping them keeps the first sample of a fresh
 * machine from reading every system binary.
 */
const SYSTEM_DIRS: Record<Os, readonly string[]> = {
  linux: ['/usr/bin/', '/usr/sbin/', '/bin/', '/sbin/', '/usr/lib/', '/usr/lib64/', '/usr/libexec/', '/lib/', '/lib64/'],
  darwin: ['/System/', '/usr/bin/', '/usr/sbin/', '/usr/libexec/', '/bin/', '/sbin/', '/Library/Apple/'],
  win32: ['c:\\windows\\'],
};

/**
 * Folders of installed applications (admin-installed, or managed by a package system). Their
 * programs are not probe suspects unless they match something: a renamed runtime needs a folder the
 * user can write to.
 */
const INSTALLED_DIRS: Record<Os, readonly string[]> = {
  linux: ['/opt/', '/snap/', '/usr/share/', '/var/lib/flatpak/', '/usr/local/share/'],
  darwin: ['/Applications/', '/opt/homebrew/Cellar/', '/usr/local/Cellar/'],
  win32: ['c:\\program files\\', 'c:\\program files (x86)\\', 'c:\\programdata\\'],
};

/** Interpreters and shells: they run programs without being them (mirrors the matcher's list). */
const HOSTS = /^(node|nodejs|bun|deno|python[0-9.]*|pythonw|java|ruby|perl|uvx?|npx|electron)(\.exe)?$/i;

/** Evidence that says what the *binary* is; only such matches teach the matcher a hash. */
const BINARY_IDENTITY = new Set(['team_id', 'signer', 'bundle_id', 'package_family', 'asar_name', 'install_path']);

export function isSystemExecutable(exe: string, os: Os): boolean {
  const p = os === 'win32' ? exe.toLowerCase() : exe;
  return SYSTEM_DIRS[os].some((d) => p.startsWith(d));
}

/** True for executables a user could have placed or renamed: not a system or installed-app folder. */
export function isUserPlacedExecutable(exe: string, os: Os): boolean {
  const p = os === 'win32' ? exe.toLowerCase() : exe;
  return !isSystemExecutable(exe, os) && !INSTALLED_DIRS[os].some((d) => p.startsWith(d));
}

export function isHostExecutable(name: string): boolean {
  return HOSTS.test(name);
}

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}

/** A bounded, well-formed copy of a command line. */
export function boundArgs(args: readonly string[] | undefined): string[] | undefined {
  if (!args) return undefined;
  const out: string[] = [];
  let total = 0;
  for (const arg of args) {
    if (out.length >= INPUT_LIMITS.args || total >= INPUT_LIMITS.cmdlineChars) break;
    const a = clip(String(arg), Math.min(INPUT_LIMITS.argChars, INPUT_LIMITS.cmdlineChars - total));
    out.push(a);
    total += a.length;
  }
  return out;
}

export interface ProcessFinding {
  readonly entry: ProcessEntry;
  readonly details: ProcessDetails;
  readonly descriptor: Descriptor;
  readonly match: FingerprintMatch | null;
}

export interface InspectorOptions {
  readonly catalog?: CompiledCatalog;
  readonly learned?: Iterable<readonly [string, string]>;
  readonly hashCache?: Iterable<readonly [string, HashCacheEntry]>;
  readonly hash?: HashCacheOptions;
  readonly probe?: ProbeOptions;
}

/**
 * Turns what the sources report into fingerprint matches: gathers the hash, signature and asar name
 * of an executable (each cached), probes listening ports, and teaches the matcher hashes. Shared by
 * the running capability and `sluice discover`.
 */
export class Inspector {
  readonly compiled: CompiledCatalog;
  readonly fingerprinter: Fingerprinter;
  readonly hashes: HashCache;
  private readonly asar: AsarReader;
  private readonly signatures = new Map<string, CodeSignature | undefined>();

  constructor(
    private readonly sources: DiscoverySources,
    private readonly options: InspectorOptions = {},
  ) {
    this.compiled = options.catalog ?? builtinCompiledCatalog();
    this.fingerprinter = createFingerprinter({ catalog: this.compiled, ...(options.learned ? { knownHashes: options.learned } : {}) });
    this.hashes = new HashCache(options.hash, options.hashCache);
    this.asar = sources.asar ?? createAsarReader(sources.os);
  }

  /** Reads what identifies a process's executable and matches it. Never throws. */
  async inspectProcess(entry: ProcessEntry, details: ProcessDetails, parent?: MatchContext['parent']): Promise<ProcessFinding> {
    const exe = details.exe ? clip(details.exe, INPUT_LIMITS.path) : undefined;
    const cmdline = boundArgs(details.cmdline);
    const name = clip(entry.name, INPUT_LIMITS.name);
    let sha256: string | undefined;
    let signature: CodeSignature | undefined;
    let asarName: string | undefined;
    if (exe) {
      if (!isSystemExecutable(exe, this.sources.os)) sha256 = await this.hashes.hash(exe);
      signature = await this.signature(exe);
      if (!isHostExecutable(baseName(exe))) asarName = await this.asar.read(exe).catch(() => undefined);
    }
    const descriptor: Descriptor = {
      name,
      pid: entry.pid,
      ppid: entry.ppid,
      platform: this.sources.os,
      ...(exe ? { exe } : {}),
      ...(cmdline && cmdline.length > 0 ? { cmdline } : {}),
      ...(sha256 ? { sha256 } : {}),
      ...(signature?.teamId ? { teamId: signature.teamId } : {}),
      ...(signature?.signer ? { signer: clip(signature.signer, 1024) } : {}),
      ...(signature?.bundleId ? { bundleId: clip(signature.bundleId, 255) } : {}),
      ...(asarName ? { asarName: clip(asarName, 214) } : {}),
    };
    const match = this.fingerprinter.match(descriptor, { parent: parent ?? null });
    this.learn(descriptor, match);
    return { entry, details: { ...details, ...(exe ? { exe } : {}) }, descriptor, match };
  }

  /** Teaches the matcher the hash of a binary that matched on what the binary is (never on what it serves). */
  learn(descriptor: Descriptor, match: FingerprintMatch | null): boolean {
    if (!match?.app || !descriptor.sha256) return false;
    if (!match.evidence.some((e) => BINARY_IDENTITY.has(e.signal) && e.weight >= 0.7)) return false;
    return this.fingerprinter.learn(descriptor, match);
  }

  /** Probes one listening socket of a process and matches the process again with the answers. */
  async probeSocket(
    finding: Pick<ProcessFinding, 'descriptor'>,
    socket: ListeningSocket,
    parent?: MatchContext['parent'],
  ): Promise<{ results: ProbeResult[]; match: FingerprintMatch | null; protocol: string | null }> {
    const target = probeTarget(socket.address, socket.family);
    const results = target ? await probePort(this.compiled, target, socket.port, this.options.probe) : [];
    const descriptor: Descriptor = { ...finding.descriptor, listenPorts: [socket.port], ...(results.length > 0 ? { probe: results.slice(0, 16) } : {}) };
    const match = this.fingerprinter.match(descriptor, { parent: parent ?? null });
    return { results, match, protocol: this.protocolOf(match) };
  }

  /** The protocol a match's probe evidence proves (`ollama-api`, `openai-compatible`…), or null. */
  protocolOf(match: FingerprintMatch | null): string | null {
    const evidence = match?.evidence.find((e) => e.signal === 'probe');
    if (!evidence) return null;
    const id = evidence.value.split(' ')[0];
    return this.compiled.probes.find((p) => p.id === id)?.protocol ?? null;
  }

  /** Matches the foreground window: the site in it first, then what the owning process is. */
  matchWindow(window: ActiveWindow, owner: FingerprintMatch | null | undefined): FingerprintMatch | null {
    const descriptor: Descriptor = {
      platform: this.sources.os,
      ...(window.title ? { title: clip(window.title, INPUT_LIMITS.title) } : {}),
      ...(window.url ? { url: clip(window.url, INPUT_LIMITS.url) } : {}),
      ...(window.ownerName ? { name: clip(window.ownerName, INPUT_LIMITS.name) } : {}),
      ...(window.ownerPath ? { exe: clip(window.ownerPath, INPUT_LIMITS.path) } : {}),
      ...(window.bundleId ? { bundleId: clip(window.bundleId, 255) } : {}),
    };
    const byWindow = this.fingerprinter.match(descriptor);
    const viaSite = byWindow?.evidence.some((e) => e.signal === 'url_domain' || e.signal === 'window_title');
    if (byWindow && viaSite) return byWindow;
    if (owner && owner.confidence !== 'low') return owner;
    return byWindow;
  }

  private async signature(exe: string): Promise<CodeSignature | undefined> {
    const reader = this.sources.signatures;
    if (!reader) return undefined;
    if (this.signatures.has(exe)) return this.signatures.get(exe);
    let value: CodeSignature | undefined;
    try {
      value = await reader.read(exe);
    } catch {
      value = undefined;
    }
    if (this.signatures.size > 4_096) this.signatures.clear();
    this.signatures.set(exe, value);
    return value;
  }
}
