import type { Os } from '@sluice/shared';
import type { AgentErrorCode } from '../errors.js';

/**
 * What AI discovery needs from the operating system. Each OS implements these in agent/platform;
 * the core never reads /proc, the registry or a plist itself. Every method may be slow or fail: the
 * capability bounds and catches them, so an implementation reports trouble by throwing.
 */

/** One process as the cheap listing sees it; `pid` and `startTime` together identify it (pids are reused). */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** The OS's short name (comm on Linux, image name on Windows). */
  readonly name: string;
  /** When it started, in milliseconds since the Unix epoch (0 when unknown). */
  readonly startTime: number;
}

/** What is read once per new process. Any field may be missing (exited, not permitted, kernel thread). */
export interface ProcessDetails {
  readonly exe?: string;
  readonly cmdline?: readonly string[];
  readonly user?: string;
}

export interface ProcessSource {
  /** Every process, cheaply: called at each process sample. */
  list(): Promise<readonly ProcessEntry[]>;
  /** Details of one process; undefined when it vanished or cannot be read. */
  details(pid: number): Promise<ProcessDetails | undefined>;
}

/** The foreground window. */
export interface ActiveWindow {
  readonly title?: string;
  /** The browser tab's URL, where the OS gives it (macOS and Windows browsers). */
  readonly url?: string;
  readonly ownerName?: string;
  readonly ownerPid?: number;
  readonly ownerPath?: string;
  readonly bundleId?: string;
}

export type SourceAvailability = { readonly available: true } | { readonly available: false; readonly code: AgentErrorCode; readonly reason: string };

export interface WindowSource {
  /** Whether a graphical session is there to read; asked once at start. */
  check(): Promise<SourceAvailability>;
  /** The window in the foreground now, or undefined (none, locked screen, unreadable). */
  active(): Promise<ActiveWindow | undefined>;
  close?(): Promise<void> | void;
}

export interface ListeningSocket {
  readonly port: number;
  /** The bound address as text: `127.0.0.1`, `::1`, `0.0.0.0`, `::` or a LAN address. */
  readonly address: string;
  readonly family: 4 | 6;
  /** The owning process, when the OS says (Linux resolves it only for the pids asked about). */
  readonly pid?: number;
}

export interface SocketSource {
  /** TCP sockets in the LISTEN state; `pids` are the processes whose sockets matter (may narrow the work). */
  listening(pids: ReadonlySet<number>): Promise<readonly ListeningSocket[]>;
}

/** One installed application, package or editor extension. */
export interface InstalledApp {
  /** Where it was found: `desktop-file`, `dpkg`, `rpm`, `info-plist`, `uninstall-key`, `appx`, `vscode-extension`. */
  readonly via: string;
  readonly name?: string;
  readonly exe?: string;
  /** The bundle, install folder or file that holds it. */
  readonly path?: string;
  readonly version?: string;
  readonly bundleId?: string;
  readonly teamId?: string;
  readonly signer?: string;
  readonly packageFamilyName?: string;
  readonly extensionId?: string;
}

export interface InventorySource {
  installed(): Promise<readonly InstalledApp[]>;
}

export interface BrowserProfile {
  /** `Google Chrome`, `Microsoft Edge`, `Brave`, `Firefox`… */
  readonly browser: string;
  readonly kind: 'chromium' | 'firefox';
  /** The history database: Chromium's `History`, Firefox's `places.sqlite`. */
  readonly path: string;
}

export interface HistorySource {
  profiles(): Promise<readonly BrowserProfile[]>;
}

export interface CodeSignature {
  readonly teamId?: string;
  readonly signer?: string;
  readonly bundleId?: string;
}

export interface SignatureReader {
  /** The code signature of an executable; undefined when unsigned or unreadable. */
  read(exe: string): Promise<CodeSignature | undefined>;
}

export interface AsarReader {
  /** The `name` in the package.json of the Electron app that `exe` runs, if it is one. */
  read(exe: string): Promise<string | undefined>;
}

export interface FileWatchEvent {
  /** `addDir`: a folder appeared (or existed when watching started). */
  readonly kind: 'add' | 'unlink' | 'addDir';
  readonly path: string;
  readonly size?: number;
}

export interface WatchHandle {
  add(roots: readonly string[]): void;
  close(): Promise<void>;
}

export interface FileWatcher {
  /**
   * Watches folders for files (existing ones are reported as `add` first). `accept` says which file
   * paths matter, so the implementation can skip the others without a stat.
   */
  watch(roots: readonly string[], options: { accept(path: string): boolean; depth: number }, onEvent: (event: FileWatchEvent) => void, onError: (error: Error) => void): WatchHandle;
}

/** The sources of one OS. Missing sources are simply not used. */
export interface DiscoverySources {
  readonly os: Os;
  /** The interactive user's home folder, for `~` in catalog paths. */
  readonly home: string;
  /** Environment folders for `%VAR%` in Windows catalog paths. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly processes?: ProcessSource;
  readonly windows?: WindowSource;
  readonly sockets?: SocketSource;
  readonly inventory?: InventorySource;
  readonly history?: HistorySource;
  readonly signatures?: SignatureReader;
  readonly asar?: AsarReader;
  readonly watcher?: FileWatcher;
}
