import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  classifyApp,
  classifyDomain,
  classifyMatch,
  classifyModelFile,
  clip,
  MAX_EVENT_EVIDENCE,
  MAX_EVENT_PATH_CHARS,
  MAX_EVENT_TITLE_CHARS,
  MODEL_FILE_FORMATS,
  parseUrl,
  parseWindowTitle,
  type AppKind,
  type CompiledCatalog,
  type EventPayload,
  type EventType,
  type FingerprintMatch,
} from '@sluice/shared';
import type { Capability, CapabilityContext } from '../capability.js';
import type { AgentErrorCode } from '../errors.js';
import { FocusTracker, type FocusSession } from './focus.js';
import type { HashCacheOptions } from './hash-cache.js';
import { readHistory } from './history.js';
import { Inspector, isHostExecutable, isUserPlacedExecutable, type ProcessFinding } from './inspector.js';
import { catalogFolders, type CatalogFolder } from './paths.js';
import { isLoopback, type ProbeOptions } from './probe.js';
import type { DiscoverySources, ListeningSocket, ProcessEntry, WatchHandle } from './sources.js';
import { DiscoveryState, type RunningRecord } from './state.js';

/** Sampling defaults of issue 4: the window about once a second, processes every 5 s, inventory hourly. */
export const DISCOVERY_DEFAULTS = {
  windowIntervalMs: 1_000,
  processIntervalMs: 5_000,
  inventoryIntervalMs: 60 * 60 * 1_000,
  historyIntervalMs: 60 * 60 * 1_000,
  /** The first inventory and history pass waits this long after start, so start-up stays light. */
  initialDelayMs: 15_000,
  /** How far back the first read of a browser history goes. */
  historyLookbackMs: 7 * 24 * 60 * 60 * 1_000,
  /** Folder depth watched below a model folder. */
  watchDepth: 6,
  /** New processes inspected per sample; the rest wait for the next one. */
  maxNewProcessesPerSample: 2_000,
  /** Ports probed per sample. */
  maxProbesPerSample: 8,
  includeTitles: true,
} as const;

export interface DiscoveryOptions {
  readonly windowIntervalMs?: number;
  readonly processIntervalMs?: number;
  readonly inventoryIntervalMs?: number;
  readonly historyIntervalMs?: number;
  readonly initialDelayMs?: number;
  readonly historyLookbackMs?: number;
  readonly watchDepth?: number;
  readonly maxNewProcessesPerSample?: number;
  readonly maxProbesPerSample?: number;
  /** Whether focus events carry the (bounded) window title. */
  readonly includeTitles?: boolean;
  readonly catalog?: CompiledCatalog;
  readonly probe?: ProbeOptions;
  readonly hash?: HashCacheOptions;
}

export const DISCOVERY_COMPONENTS = {
  window: 'discovery.window',
  processes: 'discovery.processes',
  sockets: 'discovery.sockets',
  inventory: 'discovery.inventory',
  history: 'discovery.history',
  watch: 'discovery.watch',
  state: 'discovery.state',
  events: 'discovery.events',
} as const;

interface Tracked {
  readonly key: string;
  readonly entry: ProcessEntry;
  finding: ProcessFinding | undefined;
  match: FingerprintMatch | null;
  /** This process is the one reported for its app (not a helper of a reported parent). */
  reported: boolean;
  readonly probed: Set<number>;
}

interface FocusItem {
  readonly match: FingerprintMatch;
  readonly host: string | undefined;
  readonly browser: string | undefined;
  readonly title: string | undefined;
}

const processKey = (e: Pick<ProcessEntry, 'pid' | 'startTime'>): string => `${e.pid}:${e.startTime}`;

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}

/**
 * AI discovery on the device: processes (with hash, signature and asar name), the foreground
 * window as focus sessions, listening runtimes confirmed by an HTTP probe, installed apps, model
 * and configuration folders, and browser history. Every finding becomes one of the seven discovery
 * events, classified by the policy in force. Each source runs on its own timer and fails alone.
 */
export function createDiscoveryCapability(sources: DiscoverySources, options: DiscoveryOptions = {}): Capability {
  const o = { ...DISCOVERY_DEFAULTS, ...options };
  const timers = new Set<NodeJS.Timeout>();
  const reportedErrors = new Set<string>();
  const tracked = new Map<string, Tracked>();
  const byPid = new Map<number, Tracked>();
  const historySignatures = new Map<string, string>();
  const watchedRoots = new Set<string>();
  const watchedParents = new Set<string>();
  let catalogFolderList: CatalogFolder[] | undefined;
  const folders = (): CatalogFolder[] =>
    (catalogFolderList ??= inspector ? catalogFolders(sources.os, sources.home, sources.env ?? {}, inspector.compiled.catalog) : []);
  let configWatch: WatchHandle | undefined;
  let ctx: CapabilityContext | undefined;
  let state: DiscoveryState | undefined;
  let inspector: Inspector | undefined;
  let focus: FocusTracker<FocusItem> | undefined;
  let watch: WatchHandle | undefined;
  let windowReady = false;
  let firstProcessSample = true;
  let stopped = false;
  let hashCacheSize = 0;

  // ---- emission -----------------------------------------------------------------------------

  function reportError(component: string, code: AgentErrorCode, message: string, onceKey = `${component}:${code}`): void {
    if (!ctx || reportedErrors.has(onceKey)) return;
    reportedErrors.add(onceKey);
    if (reportedErrors.size > 1_000) reportedErrors.clear();
    ctx.log.warn({ component, code }, message);
    try {
      ctx.record('agent.error', { component, code, message: clip(message, 4_096) }, { user: '' });
    } catch (error) {
      ctx.log.error({ err: (error as Error).message }, 'could not record a discovery error');
    }
  }

  function emit<T extends EventType>(type: T, payload: EventPayload<T>, time?: number): void {
    if (!ctx || stopped) return;
    try {
      ctx.record(type, payload, time !== undefined ? { time } : undefined);
    } catch (error) {
      reportError(DISCOVERY_COMPONENTS.events, 'E_DISCOVERY_EVENT', `A ${type} event was not recorded: ${clip((error as Error).message, 1_000)}`, `event:${type}`);
    }
  }

  function policyAi() {
    return ctx?.policy.current.document.ai;
  }

  function finding(match: FingerprintMatch) {
    return {
      app: match.app,
      name: clip(match.name, 256),
      vendor: clip(match.vendor, 256),
      kind: match.kind,
      confidence: match.confidence,
      score: Math.min(1, Math.max(0, match.score)),
      evidence: match.evidence.slice(0, MAX_EVENT_EVIDENCE).map((e) => ({ signal: e.signal, value: clip(e.value, 256), weight: Math.min(1, Math.max(-1, e.weight)) })),
      classification: classifyMatch(policyAi(), match, inspector?.compiled),
      policyVersion: ctx?.policy.version ?? null,
    };
  }

  function firstSeen(match: FingerprintMatch, via: EventPayload<'ai.app_first_seen'>['via'], extra: { path?: string; version?: string } = {}): void {
    const key = match.app ?? (match.domain ? `domain:${match.domain}` : undefined);
    if (!key || !state || !ctx) return;
    if (!state.firstSeen(key, ctx.now())) return;
    emit('ai.app_first_seen', {
      ...finding(match),
      via,
      ...(extra.path ? { path: clip(extra.path, MAX_EVENT_PATH_CHARS) } : {}),
      ...(extra.version ? { version: clip(extra.version, 256) } : {}),
    });
  }

  const processShape = (t: Pick<Tracked, 'entry' | 'finding'>) => ({
    pid: t.entry.pid,
    ppid: t.entry.ppid,
    ...(t.finding?.details.exe ? { exe: clip(t.finding.details.exe, MAX_EVENT_PATH_CHARS) } : {}),
    ...(t.finding?.descriptor.sha256 ? { sha256: t.finding.descriptor.sha256.toLowerCase() } : {}),
  });

  function reportStarted(t: Tracked, match: FingerprintMatch, via: 'process' | 'socket'): void {
    if (!state || !ctx) return;
    t.reported = true;
    const now = ctx.now();
    const time = t.entry.startTime > 0 && t.entry.startTime <= now ? t.entry.startTime : now;
    emit('ai.app_started', { ...finding(match), ...processShape(t) }, time);
    state.data.running[t.key] = {
      app: match.app,
      name: clip(match.name, 256),
      vendor: clip(match.vendor, 256),
      kind: match.kind,
      confidence: match.confidence,
      score: match.score,
      pid: t.entry.pid,
      ppid: t.entry.ppid,
      startTime: t.entry.startTime,
      ...(t.finding?.details.exe ? { exe: clip(t.finding.details.exe, MAX_EVENT_PATH_CHARS) } : {}),
    };
    state.touch();
    firstSeen(match, via, t.finding?.details.exe ? { path: t.finding.details.exe } : {});
  }

  function reportStopped(key: string, record: RunningRecord): void {
    if (!state || !ctx) return;
    const now = ctx.now();
    const kind = record.kind as AppKind;
    emit('ai.app_stopped', {
      app: record.app,
      name: record.name,
      vendor: record.vendor,
      kind,
      confidence: record.confidence,
      score: record.score,
      evidence: [],
      classification: classifyApp(policyAi(), record.app),
      policyVersion: ctx.policy.version,
      pid: record.pid,
      ...(record.ppid !== undefined ? { ppid: record.ppid } : {}),
      ...(record.exe ? { exe: record.exe } : {}),
      runtimeMs: record.startTime > 0 ? Math.max(0, now - record.startTime) : 0,
    });
    delete state.data.running[key];
    state.touch();
  }

  // ---- processes and sockets ----------------------------------------------------------------

  function isSuspect(t: Tracked): boolean {
    if (t.match) return true;
    const exe = t.finding?.details.exe;
    if (!exe) return false;
    return isHostExecutable(baseName(exe)) || isUserPlacedExecutable(exe, sources.os);
  }

  async function sampleProcesses(): Promise<void> {
    const source = sources.processes;
    if (!source || !inspector || !state || !ctx) return;
    let list: readonly ProcessEntry[];
    try {
      list = await source.list();
    } catch (error) {
      reportError(DISCOVERY_COMPONENTS.processes, 'E_DISCOVERY_SOURCE', `Listing processes failed: ${(error as Error).message}`);
      return;
    }
    const present = new Set<string>();
    for (const e of list) present.add(processKey(e));
    for (const [key, t] of tracked) {
      if (present.has(key)) continue;
      tracked.delete(key);
      if (byPid.get(t.entry.pid) === t) byPid.delete(t.entry.pid);
      const record = state.data.running[key];
      if (record) reportStopped(key, record);
    }
    if (firstProcessSample) {
      // AI processes reported by a previous run that ended while the agent was down.
      for (const [key, record] of Object.entries(state.data.running)) if (!present.has(key)) reportStopped(key, record);
      firstProcessSample = false;
    }

    const fresh = list.filter((e) => !tracked.has(processKey(e))).sort((a, b) => a.startTime - b.startTime || a.pid - b.pid);
    for (const entry of fresh.slice(0, o.maxNewProcessesPerSample)) {
      if (stopped) return;
      let details;
      try {
        details = await source.details(entry.pid);
      } catch {
        details = undefined;
      }
      const parent = byPid.get(entry.ppid)?.match;
      const parentContext = parent?.app ? { app: parent.app, confidence: parent.confidence } : null;
      // A process that vanished or hides its details is still matched on its name.
      const inspected = await inspector.inspectProcess(entry, details ?? {}, parentContext);
      const key = processKey(entry);
      const t: Tracked = { key, entry, finding: inspected, match: inspected.match, reported: false, probed: new Set() };
      tracked.set(key, t);
      byPid.set(entry.pid, t);
      const match = inspected.match;
      if (!match) continue;
      if (state.data.running[key]) {
        t.reported = true;
        continue;
      }
      const helper = match.app !== null && parent?.app === match.app;
      if (!helper) reportStarted(t, match, 'process');
    }
    if (inspector.hashes.size !== hashCacheSize) {
      hashCacheSize = inspector.hashes.size;
      state.touch();
    }
    await sampleSockets();
    saveState();
  }

  async function sampleSockets(): Promise<void> {
    const source = sources.sockets;
    if (!source || !inspector || !ctx) return;
    const suspects = new Set<number>();
    for (const t of byPid.values()) if (isSuspect(t)) suspects.add(t.entry.pid);
    if (suspects.size === 0) return;
    let sockets: readonly ListeningSocket[];
    try {
      sockets = await source.listening(suspects);
    } catch (error) {
      reportError(DISCOVERY_COMPONENTS.sockets, 'E_DISCOVERY_SOURCE', `Listing listening sockets failed: ${(error as Error).message}`);
      return;
    }
    let probes = 0;
    for (const socket of sockets) {
      if (stopped || probes >= o.maxProbesPerSample) break;
      if (socket.pid === undefined || !suspects.has(socket.pid)) continue;
      const t = byPid.get(socket.pid);
      if (!t?.finding || t.probed.has(socket.port) || t.probed.size >= 16) continue;
      t.probed.add(socket.port);
      probes += 1;
      const parent = byPid.get(t.entry.ppid)?.match;
      const result = await inspector.probeSocket(t.finding, socket, parent?.app ? { app: parent.app, confidence: parent.confidence } : null);
      const match = result.match;
      if (!match || (result.protocol === null && match.kind !== 'local_runtime')) continue;
      const exposure = isLoopback(socket.address) ? 'loopback' : 'network';
      emit('ai.runtime_listening', {
        ...finding(match),
        port: socket.port,
        address: clip(socket.address, 64),
        exposure,
        protocol: result.protocol,
        pid: t.entry.pid,
        ...(t.finding.details.exe ? { exe: clip(t.finding.details.exe, MAX_EVENT_PATH_CHARS) } : {}),
      });
      if (!t.reported || t.match?.app !== match.app) {
        t.match = match;
        reportStarted(t, match, 'socket');
      }
    }
  }

  // ---- foreground window --------------------------------------------------------------------

  function emitFocused(session: FocusSession<FocusItem>): void {
    const { match, host, browser, title } = session.item;
    emit(
      'ai.app_focused',
      {
        ...finding(match),
        startTime: session.startTime,
        durationMs: session.durationMs,
        ...(browser ? { browser: clip(browser, 256) } : {}),
        ...(host ? { host } : {}),
        ...(title && o.includeTitles ? { title } : {}),
      },
      session.startTime,
    );
  }

  let windowBusy = false;
  async function sampleWindow(): Promise<void> {
    const source = sources.windows;
    if (!source || !windowReady || !inspector || !focus || !ctx || windowBusy) return;
    windowBusy = true;
    try {
      let window;
      try {
        window = await source.active();
      } catch (error) {
        reportError(DISCOVERY_COMPONENTS.window, 'E_DISCOVERY_SOURCE', `Reading the foreground window failed: ${(error as Error).message}`);
        window = undefined;
      }
      const now = ctx.now();
      let key: string | undefined;
      let item: FocusItem | undefined;
      if (window) {
        const owner = window.ownerPid !== undefined ? byPid.get(window.ownerPid)?.match : undefined;
        const match = inspector.matchWindow(window, owner);
        if (match) {
          const host = window.url ? parseUrl(window.url)?.host : undefined;
          const parsed = window.title ? parseWindowTitle(window.title) : undefined;
          const title = window.title ? clip(clip(window.title, 4 * MAX_EVENT_TITLE_CHARS).replace(/[\u0000-\u001f\u007f]/g, ' ').trim(), MAX_EVENT_TITLE_CHARS) : undefined;
          key = `${match.app ?? `domain:${match.domain ?? ''}`}${host ? `@${host}` : ''}`;
          item = { match, host, browser: parsed?.browser ?? (host ? window.ownerName : undefined), title: title || undefined };
        }
      }
      const { ended, started } = focus.sample(now, key, item);
      if (ended) emitFocused(ended);
      if (started && item) {
        if (item.host && item.match.domain) {
          emit('ai.site_visited', {
            ...finding(item.match),
            host: item.host,
            domain: item.match.domain,
            via: 'window',
            ...(item.browser ? { browser: clip(item.browser, 256) } : {}),
          });
        }
        firstSeen(item.match, 'window');
      }
    } finally {
      windowBusy = false;
    }
  }

  // ---- inventory, folders, models -----------------------------------------------------------

  function folderMatch(app: string, fragment: string, weight: number): FingerprintMatch | null {
    const entry = inspector?.compiled.apps.get(app);
    if (!entry) return null;
    return {
      app,
      name: entry.name,
      vendor: entry.vendor,
      kind: entry.kind,
      confidence: weight >= 0.8 ? 'high' : weight >= 0.5 ? 'medium' : 'low',
      score: weight,
      evidence: [{ signal: 'install_path', value: clip(fragment, 256), weight }],
    };
  }

  async function sampleInventory(): Promise<void> {
    if (!inspector || !state || !ctx) return;
    if (sources.inventory) {
      try {
        const items = await sources.inventory.installed();
        for (const item of items.slice(0, 50_000)) {
          const match = inspector.fingerprinter.match({
            platform: sources.os,
            ...(item.name ? { name: clip(item.name, 256) } : {}),
            ...(item.exe ? { exe: clip(item.exe, 4_096) } : {}),
            ...(item.bundleId ? { bundleId: clip(item.bundleId, 255) } : {}),
            ...(item.teamId ? { teamId: clip(item.teamId, 64) } : {}),
            ...(item.signer ? { signer: clip(item.signer, 1_024) } : {}),
            ...(item.packageFamilyName ? { packageFamilyName: clip(item.packageFamilyName, 255) } : {}),
            ...(item.extensionId ? { extensionId: clip(item.extensionId, 255) } : {}),
          });
          if (match?.app && match.confidence !== 'low') {
            const path = item.path ?? item.exe;
            firstSeen(match, 'inventory', { ...(path ? { path } : {}), ...(item.version ? { version: item.version } : {}) });
          }
        }
      } catch (error) {
        reportError(DISCOVERY_COMPONENTS.inventory, 'E_DISCOVERY_SOURCE', `Reading installed apps failed: ${(error as Error).message}`);
      }
    }
    const roots: string[] = [];
    const parents: string[] = [];
    for (const folder of folders()) {
      if (folder.role === 'config') {
        // The folder's parent is watched, so a configuration folder created later is seen at once.
        const parent = dirname(folder.path.replace(/[\\/]+$/, ''));
        if (!watchedParents.has(parent) && existsSync(parent)) {
          watchedParents.add(parent);
          parents.push(parent);
        }
      }
      if (!existsSync(folder.path)) continue;
      if (folder.role === 'config') configFolderSeen(folder.path);
      else if (!watchedRoots.has(folder.path)) {
        watchedRoots.add(folder.path);
        roots.push(folder.path);
      }
    }
    if (roots.length > 0) startWatching(roots);
    if (parents.length > 0) watchConfigParents(parents);
    saveState();
  }

  /** Reports the app whose catalogued configuration folder `path` is, once. */
  function configFolderSeen(path: string): void {
    if (!inspector) return;
    const bare = path.replace(/[\\/]+$/, '');
    for (const folder of folders()) {
      if (folder.role !== 'config' || folder.path.replace(/[\\/]+$/, '') !== bare) continue;
      const match = folderMatch(folder.app, folder.path, 0.7);
      if (match) firstSeen(match, 'file', { path: folder.path });
    }
  }

  function watchConfigParents(parents: string[]): void {
    if (!sources.watcher) return;
    if (configWatch) {
      configWatch.add(parents);
      return;
    }
    try {
      configWatch = sources.watcher.watch(
        parents,
        { accept: () => false, depth: 0 },
        (event) => {
          if (event.kind === 'addDir') configFolderSeen(event.path);
        },
        (error) => reportError(DISCOVERY_COMPONENTS.watch, 'E_DISCOVERY_WATCH', `Watching configuration folders: ${(error as Error).message}`),
      );
    } catch (error) {
      reportError(DISCOVERY_COMPONENTS.watch, 'E_DISCOVERY_WATCH', `Watching configuration folders failed: ${(error as Error).message}`);
    }
  }

  const MODEL_EXTENSIONS = Object.values(MODEL_FILE_FORMATS).flatMap((f) => [...f.extensions]);
  const isModelPath = (path: string): boolean => {
    const lower = path.toLowerCase();
    return MODEL_EXTENSIONS.some((e) => lower.endsWith(e));
  };

  function startWatching(roots: string[]): void {
    if (!sources.watcher) return;
    if (watch) {
      watch.add(roots);
      return;
    }
    try {
      watch = sources.watcher.watch(
        roots,
        { accept: isModelPath, depth: o.watchDepth },
        (event) => {
          if (!state || !ctx || !inspector) return;
          if (event.kind === 'addDir') return;
          if (event.kind === 'unlink') {
            if (state.data.models[event.path] !== undefined) {
              delete state.data.models[event.path];
              state.touch();
            }
            return;
          }
          const model = classifyModelFile(event.path, inspector.compiled);
          if (!model) return;
          const size = event.size ?? 0;
          if (state.data.models[event.path] === size) return;
          state.data.models[event.path] = size;
          state.touch();
          emit('ai.model_file_present', {
            app: model.app ?? null,
            path: clip(event.path, MAX_EVENT_PATH_CHARS),
            format: model.format,
            sizeBytes: size,
            classification: classifyApp(policyAi(), model.app),
            policyVersion: ctx.policy.version,
          });
        },
        (error) => reportError(DISCOVERY_COMPONENTS.watch, 'E_DISCOVERY_WATCH', `Watching model folders: ${(error as Error).message}`),
      );
    } catch (error) {
      reportError(DISCOVERY_COMPONENTS.watch, 'E_DISCOVERY_WATCH', `Watching model folders failed: ${(error as Error).message}`);
    }
  }

  // ---- browser history ----------------------------------------------------------------------

  async function sampleHistory(): Promise<void> {
    if (!sources.history || !inspector || !state || !ctx) return;
    let profiles;
    try {
      profiles = await sources.history.profiles();
    } catch (error) {
      reportError(DISCOVERY_COMPONENTS.history, 'E_DISCOVERY_SOURCE', `Finding browser profiles failed: ${(error as Error).message}`);
      return;
    }
    for (const profile of profiles.slice(0, 64)) {
      if (stopped) return;
      let signature: string;
      try {
        const s = statSync(profile.path);
        signature = `${s.size}:${s.mtimeMs}`;
      } catch {
        continue;
      }
      if (historySignatures.get(profile.path) === signature) continue;
      historySignatures.set(profile.path, signature);
      const since = state.data.history[profile.path] ?? ctx.now() - o.historyLookbackMs;
      let read;
      try {
        read = readHistory(profile, since, ctx.dataDir, inspector.compiled);
      } catch (error) {
        reportError(
          DISCOVERY_COMPONENTS.history,
          'E_DISCOVERY_HISTORY',
          `${profile.browser} history could not be read: ${clip((error as Error).message, 300)}`,
          `history:${profile.path}:${signature}`,
        );
        continue;
      }
      state.data.history[profile.path] = read.watermark;
      state.touch();
      for (const site of read.sites) {
        const app = site.app ? inspector.compiled.apps.get(site.app) : undefined;
        const match: FingerprintMatch = {
          app: site.app ?? null,
          name: app?.name ?? site.domain,
          vendor: site.vendor,
          kind: app?.kind ?? 'web_app',
          confidence: 'high',
          score: 0.95,
          evidence: [{ signal: 'url_domain', value: site.host, weight: 0.95 }],
          domain: site.domain,
        };
        emit('ai.site_visited', {
          ...finding(match),
          classification: classifyDomain(policyAi(), site.host, inspector.compiled),
          host: site.host,
          domain: site.domain,
          via: 'browser_history',
          browser: clip(profile.browser, 256),
          visitCount: site.visitCount,
          lastVisitTime: site.lastVisitTime,
        }, site.lastVisitTime);
        firstSeen(match, 'browser_history');
      }
    }
    saveState();
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  function saveState(): void {
    if (!state || !inspector) return;
    try {
      state.data.learned = [...inspector.fingerprinter.learnedHashes()];
      state.setHashCache(inspector.hashes.snapshot());
      state.save();
    } catch (error) {
      reportError(DISCOVERY_COMPONENTS.state, 'E_DISCOVERY_STATE', `Saving the discovery state failed: ${(error as Error).message}`);
    }
  }

  /** Runs `task` now (after `delayMs`) and then every `intervalMs`, never overlapping itself. */
  function every(intervalMs: number, delayMs: number, task: () => Promise<void>): void {
    const run = (): void => {
      if (stopped) return;
      task()
        .catch((error: unknown) => ctx?.log.error({ err: (error as Error).message }, 'discovery task failed'))
        .finally(() => {
          if (stopped) return;
          const timer = setTimeout(run, intervalMs);
          timers.add(timer);
        });
    };
    const timer = setTimeout(run, delayMs);
    timers.add(timer);
  }

  let learnedBefore = 0;
  return {
    name: 'discovery',
    async start(context) {
      ctx = context;
      state = DiscoveryState.load(context.dataDir);
      if (state.damaged) reportError(DISCOVERY_COMPONENTS.state, 'E_DISCOVERY_STATE', `The discovery state was reset: ${state.damaged}.`);
      inspector = new Inspector(sources, {
        ...(o.catalog ? { catalog: o.catalog } : {}),
        learned: state.data.learned,
        hashCache: state.data.hashCache,
        ...(o.hash ? { hash: o.hash } : {}),
        ...(o.probe ? { probe: o.probe } : {}),
      });
      learnedBefore = state.data.learned.length;
      hashCacheSize = inspector.hashes.size;
      focus = new FocusTracker<FocusItem>({ intervalMs: o.windowIntervalMs });

      if (sources.windows) {
        let availability;
        try {
          availability = await sources.windows.check();
        } catch (error) {
          availability = { available: false as const, code: 'E_DISCOVERY_SOURCE' as const, reason: (error as Error).message };
        }
        if (availability.available) {
          windowReady = true;
          every(o.windowIntervalMs, 0, sampleWindow);
        } else {
          context.reportUnavailable(DISCOVERY_COMPONENTS.window, availability.code, availability.reason);
        }
      } else {
        context.reportUnavailable(DISCOVERY_COMPONENTS.window, 'E_DISCOVERY_SOURCE', 'No foreground-window source on this platform.');
      }
      if (sources.processes) every(o.processIntervalMs, 0, sampleProcesses);
      every(o.inventoryIntervalMs, o.initialDelayMs, sampleInventory);
      if (sources.history) every(o.historyIntervalMs, o.initialDelayMs, sampleHistory);
      context.log.info(
        { window: windowReady, processIntervalMs: o.processIntervalMs, windowIntervalMs: o.windowIntervalMs, learnedHashes: learnedBefore },
        'AI discovery started',
      );
    },
    async stop() {
      if (stopped) return;
      const session = ctx && focus ? focus.flush(ctx.now()) : undefined;
      if (session) emitFocused(session);
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      try {
        await sources.windows?.close?.();
      } catch {
        // closing is best effort
      }
      await watch?.close().catch(() => undefined);
      await configWatch?.close().catch(() => undefined);
      watch = undefined;
      configWatch = undefined;
      saveState();
    },
  };
}
