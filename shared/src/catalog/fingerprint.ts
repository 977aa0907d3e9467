import { builtinCompiledCatalog, type CompiledCatalog, type DomainRef } from './compiled.js';
import type { Descriptor, ProbeResult } from './descriptor.js';
import { resolveDomainHit } from './domain-matcher.js';
import { evaluateProbes } from './probe-eval.js';
import type { AppKind } from './schema.js';
import {
  basename,
  clip,
  evidenceText,
  MAX_SCAN_CHARS,
  normalizePath,
  normalizeProcessName,
  normalizeSigner,
  teamIdFromSigner,
} from './text.js';
import { parseWindowTitle } from './title.js';
import { parseUrl } from './url.js';

export const SIGNAL_KINDS = [
  'sha256',
  'team_id',
  'signer',
  'bundle_id',
  'package_family',
  'asar_name',
  'extension_id',
  'cmdline_marker',
  'probe',
  'install_path',
  'url_domain',
  'window_title',
  'process_name',
  'listen_port',
  'parent',
  'team_id_mismatch',
  'bundle_id_mismatch',
  'signer_mismatch',
  'ambiguous',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/**
 * How much one signal alone says the observed thing is the app (0..1). Signals combine as
 * independent evidence: score = 1 − Π(1 − weight), one weight per signal kind. See docs/catalog.md.
 */
export const SIGNAL_WEIGHTS = {
  sha256: 0.99,
  extensionId: 0.95,
  urlDomain: 0.95,
  teamId: 0.9,
  signer: 0.9,
  bundleId: 0.9,
  bundleIdChild: 0.8,
  packageFamily: 0.9,
  cmdlineMarker: 0.9,
  probe: 0.9,
  probeOnDefaultPort: 0.8,
  genericProbe: 0.85,
  asarName: 0.85,
  installPath: 0.7,
  windowTitle: 0.6,
  parent: 0.45,
  processName: 0.35,
  processNameOtherCase: 0.33,
  /** A Google or Microsoft signature: it proves the vendor, not that the binary is AI. */
  sharedSignature: 0.3,
  listenPort: 0.25,
  commonListenPort: 0.1,
} as const;

/** Factor applied when the binary's own identity contradicts the app (a look-alike). */
export const MISMATCH_FACTOR = 0.3;
/** Score ceiling when two apps explain the evidence equally well. */
export const AMBIGUOUS_CEILING = 0.6;
/** Below this nothing is reported. */
export const MIN_REPORTED_SCORE = 0.2;

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

export function confidenceLevel(score: number): ConfidenceLevel {
  if (score >= 0.8) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

export interface Evidence {
  readonly signal: SignalKind;
  /** The observed value that matched (bounded, never a whole title or command line). */
  readonly value: string;
  readonly weight: number;
}

export interface FingerprintMatch {
  /** Catalog app id; null for a web domain the catalog lists without an app. */
  readonly app: string | null;
  readonly name: string;
  readonly vendor: string;
  readonly kind: AppKind;
  readonly confidence: ConfidenceLevel;
  /** The combined score in [0, 1], two decimals. */
  readonly score: number;
  readonly evidence: readonly Evidence[];
  /** The catalog domain, when a URL matched. */
  readonly domain?: string;
}

export interface MatchContext {
  /** What the parent process matched, when the caller knows it. */
  readonly parent?: Pick<FingerprintMatch, 'app' | 'confidence'> | null;
}

export interface FingerprinterOptions {
  /** Lookup tables of the catalog to use; the built-in catalog by default. */
  readonly catalog?: CompiledCatalog;
  /** Hashes the agent already attributed (sha256 → app id), for example from a previous run. */
  readonly knownHashes?: Iterable<readonly [string, string]>;
  /** Most hashes remembered by `learn`; the oldest are forgotten first. Default 10 000. */
  readonly maxLearnedHashes?: number;
}

export interface Fingerprinter {
  /** Combines every signal of one descriptor into the best match, or null. Never throws. */
  match(descriptor: Descriptor, context?: MatchContext): FingerprintMatch | null;
  /**
   * Remembers the executable hash of a descriptor that matched on identity signals, so a copy under
   * another name or path is recognised later. Returns true when the hash was recorded.
   */
  learn(descriptor: Descriptor, match: FingerprintMatch | null): boolean;
  /** Hashes learned so far (sha256 → app id). */
  learnedHashes(): ReadonlyMap<string, string>;
}

/** Executables that host other programs: their hash or name says nothing about the program. */
const HOST_EXECUTABLES = new Set([
  'node', 'nodejs', 'bun', 'deno', 'python', 'python3', 'pythonw', 'py', 'java', 'javaw', 'ruby', 'perl',
  'uv', 'uvx', 'npx', 'npm', 'pnpm', 'pnpx', 'yarn', 'pipx', 'bash', 'sh', 'zsh', 'fish', 'dash', 'pwsh',
  'powershell', 'cmd', 'conhost', 'electron', 'env', 'sudo', 'docker', 'podman', 'wsl',
]);

function isHostExecutable(name: string): boolean {
  const n = normalizeProcessName(name);
  return HOST_EXECUTABLES.has(n) || /^python\d(\.\d+)?$/.test(n) || /^node\d+$/.test(n);
}

const BROWSER_NAMES = new Set([
  'chrome', 'google chrome', 'chromium', 'chromium-browser', 'msedge', 'microsoft edge', 'firefox', 'firefox-esr',
  'brave', 'brave browser', 'opera', 'vivaldi', 'safari', 'arc', 'zen', 'librewolf', 'waterfox', 'yandex',
]);

const COMMON_PORTS = new Set([80, 443, 3000, 5000, 8000, 8080, 8081, 8443, 8888, 9000]);

/** Splits a command line into at most `max` tokens, honouring simple quotes. */
function tokenize(cmdline: string, max = 64): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while (out.length < max && (m = re.exec(cmdline)) !== null) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

function cmdlineText(cmdline: Descriptor['cmdline']): { text: string; argv: string[] } {
  if (cmdline === undefined) return { text: '', argv: [] };
  if (typeof cmdline === 'string') {
    const text = clip(cmdline, MAX_SCAN_CHARS);
    return { text, argv: tokenize(text) };
  }
  const argv: string[] = [];
  let size = 0;
  for (const arg of cmdline) {
    if (argv.length >= 256 || size > MAX_SCAN_CHARS) break;
    const a = clip(arg, 4096);
    argv.push(a);
    size += a.length + 1;
  }
  return { text: clip(argv.join(' '), MAX_SCAN_CHARS), argv: argv.slice(0, 64) };
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9_-]/.test(c);

/** True when `marker` occurs in `text` with no identifier character glued to either side. */
function containsMarker(text: string, marker: string): boolean {
  let from = 0;
  for (let guard = 0; guard < 64; guard += 1) {
    const at = text.indexOf(marker, from);
    if (at < 0) return false;
    const before = text[at - 1];
    const after = text[at + marker.length];
    const first = marker[0] ?? '';
    const last = marker[marker.length - 1] ?? '';
    const okBefore = !isWordChar(first) || !isWordChar(before);
    const okAfter = !isWordChar(last) || !isWordChar(after);
    if (okBefore && okAfter) return true;
    from = at + 1;
  }
  return false;
}

const EXTENSION_DIR = /\/extensions\/([a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*)-\d+\.\d+[^/]*\//g;

interface Candidate {
  readonly key: string;
  readonly app: string | null;
  readonly domain?: DomainRef & { domain: string };
  readonly evidence: Evidence[];
}

export function createFingerprinter(options: FingerprinterOptions = {}): Fingerprinter {
  const compiled = options.catalog ?? builtinCompiledCatalog();
  const maxLearned = options.maxLearnedHashes ?? 10_000;
  const learned = new Map<string, string>();
  for (const [hash, app] of options.knownHashes ?? []) {
    if (/^[0-9a-f]{64}$/i.test(hash) && compiled.apps.has(app)) learned.set(hash.toLowerCase(), app);
  }

  // The catalog domain a URL matched during the current `collect`, reported with an app match.
  let urlDomain: string | undefined;

  function collect(d: Descriptor, context: MatchContext | undefined): Map<string, Candidate> {
    const candidates = new Map<string, Candidate>();
    urlDomain = undefined;
    const add = (app: string, signal: SignalKind, value: string, weight: number): void => {
      if (!compiled.apps.has(app)) return;
      let c = candidates.get(app);
      if (!c) {
        c = { key: app, app, evidence: [] };
        candidates.set(app, c);
      }
      if (c.evidence.length < 32) c.evidence.push({ signal, value: evidenceText(value), weight });
    };

    const exe = d.exe === undefined ? '' : clip(d.exe, 4096);
    const exePath = normalizePath(exe);
    const { text: cmd, argv } = cmdlineText(d.cmdline);
    const cmdNorm = cmd.replace(/\\/g, '/').toLowerCase();

    // Names: the reported name, the executable's file name, argv[0], and the script a host runs.
    const nameCandidates = new Set<string>();
    if (d.name) nameCandidates.add(clip(d.name, 256).trim());
    if (exe) nameCandidates.add(basename(exe));
    const argv0 = argv[0];
    if (argv0) {
      nameCandidates.add(basename(argv0));
      if (isHostExecutable(basename(argv0))) {
        const script = argv.slice(1, 8).find((a) => !a.startsWith('-'));
        if (script) nameCandidates.add(basename(script).replace(/\.(c|m)?js$|\.py$/i, ''));
      }
    }
    for (const raw of nameCandidates) {
      if (!raw || isHostExecutable(raw)) continue;
      const hits = compiled.names.get(normalizeProcessName(raw));
      for (const hit of hits ?? []) {
        const exact = hit.name === raw || hit.name.replace(/\.exe$/i, '') === raw.replace(/\.exe$/i, '');
        add(hit.app, 'process_name', raw, exact ? SIGNAL_WEIGHTS.processName : SIGNAL_WEIGHTS.processNameOtherCase);
      }
    }

    if (d.sha256) {
      const h = d.sha256.toLowerCase();
      const app = compiled.hashes.get(h) ?? learned.get(h);
      if (app) add(app, 'sha256', h, SIGNAL_WEIGHTS.sha256);
    }

    const teamId = (d.teamId ?? (d.signer ? teamIdFromSigner(d.signer) : undefined))?.trim().toUpperCase();
    if (teamId) {
      for (const ref of compiled.teamIds.get(teamId) ?? []) {
        add(ref.app, 'team_id', teamId, ref.identifies ? SIGNAL_WEIGHTS.teamId : SIGNAL_WEIGHTS.sharedSignature);
      }
    }
    const signer = d.signer ? normalizeSigner(d.signer) : '';
    if (signer) {
      for (const ref of compiled.publishers.get(signer) ?? []) {
        add(ref.app, 'signer', d.signer ?? signer, ref.identifies ? SIGNAL_WEIGHTS.signer : SIGNAL_WEIGHTS.sharedSignature);
      }
    }

    const bundle = d.bundleId?.trim().toLowerCase();
    if (bundle) {
      let probe = bundle;
      for (let depth = 0; depth < 4 && probe.includes('.'); depth += 1) {
        for (const app of compiled.bundleIds.get(probe) ?? []) {
          add(app, 'bundle_id', d.bundleId ?? bundle, depth === 0 ? SIGNAL_WEIGHTS.bundleId : SIGNAL_WEIGHTS.bundleIdChild);
        }
        probe = probe.slice(0, probe.lastIndexOf('.'));
      }
    }
    if (d.packageFamilyName) {
      for (const app of compiled.packageFamilies.get(d.packageFamilyName.trim().toLowerCase()) ?? []) {
        add(app, 'package_family', d.packageFamilyName, SIGNAL_WEIGHTS.packageFamily);
      }
    }
    if (d.asarName) {
      for (const app of compiled.asarNames.get(d.asarName.trim().toLowerCase()) ?? []) {
        add(app, 'asar_name', d.asarName, SIGNAL_WEIGHTS.asarName);
      }
    }

    const extensionIds = new Set<string>();
    if (d.extensionId) extensionIds.add(d.extensionId.trim().toLowerCase());
    for (const text of [exePath, cmdNorm]) {
      EXTENSION_DIR.lastIndex = 0;
      let m: RegExpExecArray | null;
      for (let i = 0; i < 8 && (m = EXTENSION_DIR.exec(text)) !== null; i += 1) if (m[1]) extensionIds.add(m[1]);
    }
    for (const id of extensionIds) {
      for (const app of compiled.extensionIds.get(id) ?? []) add(app, 'extension_id', id, SIGNAL_WEIGHTS.extensionId);
    }

    if (cmdNorm) {
      for (const { marker, app } of compiled.markers) {
        if (containsMarker(cmdNorm, marker)) add(app, 'cmdline_marker', marker, SIGNAL_WEIGHTS.cmdlineMarker);
      }
    }

    if (exePath) {
      for (const ref of compiled.installPaths) {
        const at = exePath.indexOf(ref.fragment);
        if (at < 0) continue;
        if (ref.file && at + ref.fragment.length !== exePath.length) continue;
        add(ref.app, 'install_path', ref.fragment, SIGNAL_WEIGHTS.installPath);
      }
    }

    const ports = new Set<number>(d.listenPorts ?? []);
    const probes: ProbeResult[] = d.probe === undefined ? [] : Array.isArray(d.probe) ? d.probe : [d.probe];
    for (const p of probes) if (p.port !== undefined) ports.add(p.port);
    for (const hit of evaluateProbes(compiled, probes, ports)) {
      const weight = hit.generic ? SIGNAL_WEIGHTS.genericProbe : hit.viaPort ? SIGNAL_WEIGHTS.probeOnDefaultPort : SIGNAL_WEIGHTS.probe;
      add(hit.app, 'probe', hit.label, weight);
    }
    for (const port of [...ports].slice(0, 64)) {
      for (const ref of compiled.ports.get(port) ?? []) {
        add(ref.app, 'listen_port', String(port), COMMON_PORTS.has(port) ? SIGNAL_WEIGHTS.commonListenPort : SIGNAL_WEIGHTS.listenPort);
      }
    }

    if (d.url) {
      const parsed = parseUrl(d.url);
      if (parsed) {
        const hit = resolveDomainHit(compiled.domains.matchAll(parsed.host), parsed.path);
        if (hit?.value.app) {
          add(hit.value.app, 'url_domain', parsed.host, SIGNAL_WEIGHTS.urlDomain);
          urlDomain = hit.domain;
        }
        else if (hit) {
          const key = `domain:${hit.domain}`;
          candidates.set(key, {
            key,
            app: null,
            domain: { ...hit.value, domain: hit.domain },
            evidence: [{ signal: 'url_domain', value: evidenceText(parsed.host), weight: SIGNAL_WEIGHTS.urlDomain }],
          });
        }
      }
    }

    if (d.title) {
      const parsed = parseWindowTitle(d.title);
      const owner = d.name ? normalizeProcessName(d.name) : exe ? normalizeProcessName(basename(exe)) : '';
      if (parsed.browser || BROWSER_NAMES.has(owner)) {
        for (const site of parsed.siteNames) {
          const apps = compiled.titles.get(site.toLowerCase());
          for (const app of apps ?? []) add(app, 'window_title', site, SIGNAL_WEIGHTS.windowTitle);
          if (apps) break;
        }
      }
    }

    const parent = context?.parent;
    if (parent?.app && parent.confidence !== 'low') add(parent.app, 'parent', parent.app, SIGNAL_WEIGHTS.parent);

    return candidates;
  }

  function score(d: Descriptor, c: Candidate): { score: number; evidence: Evidence[] } {
    const best = new Map<SignalKind, Evidence>();
    for (const e of c.evidence) {
      const prev = best.get(e.signal);
      if (!prev || e.weight > prev.weight) best.set(e.signal, e);
    }
    let miss = 1;
    for (const e of best.values()) miss *= 1 - e.weight;
    let s = 1 - miss;
    const evidence = [...best.values()];
    if (c.app && !best.has('sha256')) {
      const teamId = (d.teamId ?? (d.signer ? teamIdFromSigner(d.signer) : undefined))?.trim().toUpperCase();
      const known = compiled.appTeamIds.get(c.app);
      if (teamId && known && known.size > 0 && !known.has(teamId)) {
        s *= MISMATCH_FACTOR;
        evidence.push({ signal: 'team_id_mismatch', value: evidenceText(teamId), weight: -(1 - MISMATCH_FACTOR) });
      }
      const bundles = compiled.appBundleIds.get(c.app);
      const bundle = d.bundleId?.trim().toLowerCase();
      if (bundle && bundles && bundles.length > 0 && !bundles.some((b) => bundle === b || bundle.startsWith(`${b}.`))) {
        s *= MISMATCH_FACTOR;
        evidence.push({ signal: 'bundle_id_mismatch', value: evidenceText(bundle), weight: -(1 - MISMATCH_FACTOR) });
      }
      const publishers = compiled.appPublishers.get(c.app);
      if (d.signer && !teamId && publishers && publishers.size > 0 && !publishers.has(normalizeSigner(d.signer))) {
        s *= MISMATCH_FACTOR;
        evidence.push({ signal: 'signer_mismatch', value: evidenceText(d.signer), weight: -(1 - MISMATCH_FACTOR) });
      }
    }
    return { score: s, evidence };
  }

  function match(d: Descriptor, context?: MatchContext): FingerprintMatch | null {
    try {
      const candidates = collect(d, context);
      if (candidates.size === 0) return null;
      const scored = [...candidates.values()]
        .map((c) => ({ c, ...score(d, c) }))
        .sort((a, b) => b.score - a.score || b.evidence.length - a.evidence.length || a.c.key.localeCompare(b.c.key));
      const top = scored[0];
      if (!top || top.score < MIN_REPORTED_SCORE) return null;
      let s = top.score;
      const evidence = top.evidence.sort((a, b) => b.weight - a.weight).slice(0, 16);
      const runnerUp = scored[1];
      if (runnerUp && top.score - runnerUp.score < 1e-9 && s > AMBIGUOUS_CEILING) {
        s = AMBIGUOUS_CEILING;
        evidence.push({ signal: 'ambiguous', value: runnerUp.c.key, weight: 0 });
      }
      const rounded = Math.round(s * 100) / 100;
      if (top.c.app) {
        const app = compiled.apps.get(top.c.app);
        if (!app) return null;
        const viaUrl = urlDomain !== undefined && evidence.some((e) => e.signal === 'url_domain');
        return {
          app: app.id,
          name: app.name,
          vendor: app.vendor,
          kind: app.kind,
          confidence: confidenceLevel(s),
          score: rounded,
          evidence,
          ...(viaUrl ? { domain: urlDomain } : {}),
        };
      }
      const domain = top.c.domain;
      if (!domain) return null;
      return {
        app: null,
        name: domain.domain,
        vendor: domain.vendor,
        kind: 'web_app',
        confidence: confidenceLevel(s),
        score: rounded,
        evidence,
        domain: domain.domain,
      };
    } catch {
      // The matcher is fed hostile data; a bug must cost one verdict, never the caller.
      return null;
    }
  }

  const LEARNABLE: ReadonlySet<SignalKind> = new Set(['team_id', 'signer', 'bundle_id', 'package_family', 'asar_name', 'probe', 'install_path']);

  function learn(d: Descriptor, m: FingerprintMatch | null): boolean {
    if (!m?.app || !d.sha256 || m.confidence !== 'high') return false;
    const exeName = d.exe ? basename(d.exe) : (d.name ?? '');
    if (exeName && isHostExecutable(exeName)) return false;
    if (!m.evidence.some((e) => LEARNABLE.has(e.signal) && e.weight >= SIGNAL_WEIGHTS.installPath)) return false;
    if (m.evidence.some((e) => e.weight < 0 || e.signal === 'ambiguous')) return false;
    const h = d.sha256.toLowerCase();
    if (compiled.hashes.has(h)) return false;
    learned.delete(h);
    learned.set(h, m.app);
    while (learned.size > maxLearned) {
      const oldest = learned.keys().next().value;
      if (oldest === undefined) break;
      learned.delete(oldest);
    }
    return true;
  }

  return { match, learn, learnedHashes: () => learned };
}

let shared: Fingerprinter | undefined;

/** Matches one descriptor against the built-in catalog (no learned hashes). */
export function fingerprint(descriptor: Descriptor, context?: MatchContext): FingerprintMatch | null {
  shared ??= createFingerprinter();
  return shared.match(descriptor, context);
}
