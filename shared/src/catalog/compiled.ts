import { builtinCatalog, type Catalog } from './catalog.js';
import { createDomainMatcher, type DomainMatcher } from './domain-matcher.js';
import type { AppEntry, AppKind, DomainGroup, Os, PerOs, ProbeSpec } from './schema.js';
import { normalizePath, normalizeProcessName, normalizeSigner } from './text.js';

/** What a domain lookup returns: who runs the site, and the catalog app when there is one. */
export interface DomainRef {
  readonly vendor: string;
  readonly app: string | undefined;
  readonly category: DomainGroup['category'] | 'app';
  readonly paths: readonly string[] | undefined;
  readonly source: string;
}

export interface PathRef {
  readonly app: string;
  readonly fragment: string;
  /** True when the fragment names a file, so it must end the path. */
  readonly file: boolean;
  readonly os: Os;
}

export interface SignerRef {
  readonly app: string;
  /** False when the vendor signs software that is not AI with this identity. */
  readonly identifies: boolean;
}

/** Lookup tables built once from the catalog, so matching one descriptor costs hash lookups. */
export interface CompiledCatalog {
  readonly catalog: Catalog;
  readonly apps: ReadonlyMap<string, AppEntry>;
  readonly names: ReadonlyMap<string, readonly { app: string; name: string }[]>;
  readonly bundleIds: ReadonlyMap<string, readonly string[]>;
  readonly teamIds: ReadonlyMap<string, readonly SignerRef[]>;
  readonly publishers: ReadonlyMap<string, readonly SignerRef[]>;
  readonly packageFamilies: ReadonlyMap<string, readonly string[]>;
  readonly asarNames: ReadonlyMap<string, readonly string[]>;
  readonly extensionIds: ReadonlyMap<string, readonly string[]>;
  readonly hashes: ReadonlyMap<string, string>;
  readonly markers: readonly { marker: string; app: string }[];
  readonly installPaths: readonly PathRef[];
  readonly configPaths: readonly PathRef[];
  readonly modelPaths: readonly PathRef[];
  readonly ports: ReadonlyMap<number, readonly { app: string; probes: readonly string[] }[]>;
  readonly titles: ReadonlyMap<string, readonly string[]>;
  readonly probes: readonly ProbeSpec[];
  readonly domains: DomainMatcher<DomainRef>;
  /** Apps that carry a signal of each kind, for mismatch checks. */
  readonly appTeamIds: ReadonlyMap<string, ReadonlySet<string>>;
  readonly appBundleIds: ReadonlyMap<string, readonly string[]>;
  readonly appPublishers: ReadonlyMap<string, ReadonlySet<string>>;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
};

const WINDOWS_FOLDERS: readonly (readonly [RegExp, string])[] = [
  [/^%localappdata%/, '/appdata/local'],
  [/^%appdata%/, '/appdata/roaming'],
  [/^%programfiles\(x86\)%/, '/program files (x86)'],
  [/^%programfiles%/, '/program files'],
  [/^%programdata%/, '/programdata'],
  [/^%userprofile%/, ''],
];

/**
 * Turns a catalog path (`~/.ollama/`, `%LOCALAPPDATA%\Programs\Ollama\`) into the fragment an
 * observed absolute path must contain. Home folders differ per user, so `~` becomes "any prefix".
 * A fragment that does not end in `/` or `*` names a file and must end the observed path.
 */
export function pathFragment(path: string): { fragment: string; file: boolean } {
  let p = normalizePath(path);
  // A trailing `*` makes the entry a prefix (`WindowsApps\Claude_*` covers every versioned folder).
  const prefix = p.endsWith('*');
  if (prefix) p = p.slice(0, -1);
  if (p.startsWith('~')) p = p.slice(1);
  for (const [pattern, replacement] of WINDOWS_FOLDERS) {
    if (pattern.test(p)) {
      p = p.replace(pattern, replacement);
      break;
    }
  }
  p = p.replace(/^[a-z]:/, '');
  if (!p.startsWith('/')) p = `/${p}`;
  const file = !prefix && !p.endsWith('/');
  return { fragment: p, file };
}

function perOsEntries(value: PerOs | undefined): [Os, string][] {
  if (!value) return [];
  const out: [Os, string][] = [];
  for (const os of ['linux', 'darwin', 'win32'] as const) for (const v of value[os] ?? []) out.push([os, v]);
  return out;
}

export function compileCatalog(catalog: Catalog = builtinCatalog()): CompiledCatalog {
  const apps = new Map<string, AppEntry>();
  const names = new Map<string, { app: string; name: string }[]>();
  const bundleIds = new Map<string, string[]>();
  const teamIds = new Map<string, SignerRef[]>();
  const publishers = new Map<string, SignerRef[]>();
  const packageFamilies = new Map<string, string[]>();
  const asarNames = new Map<string, string[]>();
  const extensionIds = new Map<string, string[]>();
  const hashes = new Map<string, string>();
  const markers: { marker: string; app: string }[] = [];
  const installPaths: PathRef[] = [];
  const configPaths: PathRef[] = [];
  const modelPaths: PathRef[] = [];
  const ports = new Map<number, { app: string; probes: string[] }[]>();
  const titles = new Map<string, string[]>();
  const domainEntries: [string, DomainRef][] = [];
  const appTeamIds = new Map<string, Set<string>>();
  const appBundleIds = new Map<string, string[]>();
  const appPublishers = new Map<string, Set<string>>();

  for (const app of catalog.apps) {
    apps.set(app.id, app);
    for (const g of app.signals) {
      const identifies = g.signatureIdentifiesApp ?? true;
      for (const [, n] of perOsEntries(g.processNames)) {
        const key = normalizeProcessName(n);
        const list = names.get(key) ?? [];
        if (!list.some((e) => e.app === app.id && e.name === n)) list.push({ app: app.id, name: n });
        names.set(key, list);
      }
      for (const b of g.bundleIds ?? []) {
        push(bundleIds, b.toLowerCase(), app.id);
        push(appBundleIds as Map<string, string[]>, app.id, b.toLowerCase());
      }
      for (const t of g.teamIds ?? []) {
        const list = teamIds.get(t) ?? [];
        if (!list.some((r) => r.app === app.id)) list.push({ app: app.id, identifies });
        teamIds.set(t, list);
        const set = appTeamIds.get(app.id) ?? new Set();
        set.add(t);
        appTeamIds.set(app.id, set);
      }
      for (const p of g.publishers ?? []) {
        const key = normalizeSigner(p);
        const list = publishers.get(key) ?? [];
        if (!list.some((r) => r.app === app.id)) list.push({ app: app.id, identifies });
        publishers.set(key, list);
        const set = appPublishers.get(app.id) ?? new Set();
        set.add(key);
        appPublishers.set(app.id, set);
      }
      for (const f of g.packageFamilyNames ?? []) push(packageFamilies, f.toLowerCase(), app.id);
      for (const a of g.asarNames ?? []) push(asarNames, a.toLowerCase(), app.id);
      for (const e of g.extensionIds ?? []) push(extensionIds, e.toLowerCase(), app.id);
      for (const h of g.sha256 ?? []) hashes.set(h, app.id);
      for (const m of g.cmdlineMarkers ?? []) {
        const marker = m.toLowerCase().replace(/\\/g, '/');
        if (!markers.some((x) => x.marker === marker && x.app === app.id)) markers.push({ marker, app: app.id });
      }
      for (const [os, p] of perOsEntries(g.installPaths)) installPaths.push({ app: app.id, os, ...pathFragment(p) });
      for (const [os, p] of perOsEntries(g.configPaths)) configPaths.push({ app: app.id, os, ...pathFragment(p) });
      for (const [os, p] of perOsEntries(g.modelPaths)) modelPaths.push({ app: app.id, os, ...pathFragment(p) });
      for (const port of g.ports ?? []) {
        const list = ports.get(port.port) ?? [];
        list.push({ app: app.id, probes: port.probes });
        ports.set(port.port, list);
      }
      for (const t of g.titles ?? []) push(titles, t.toLowerCase(), app.id);
      for (const d of g.domains ?? []) {
        domainEntries.push([d, { vendor: app.vendor, app: app.id, category: 'app', paths: undefined, source: g.source }]);
      }
    }
  }
  for (const group of catalog.domains) {
    const vendor = group.app ? (apps.get(group.app)?.vendor ?? group.vendor) : group.vendor;
    for (const d of group.domains) {
      domainEntries.push([d, { vendor, app: group.app, category: group.category, paths: group.paths, source: group.source }]);
    }
  }
  // Longer markers first, so `@openai/codex-sdk` is tried before `@openai/codex`.
  markers.sort((a, b) => b.marker.length - a.marker.length);

  return {
    catalog,
    apps,
    names,
    bundleIds,
    teamIds,
    publishers,
    packageFamilies,
    asarNames,
    extensionIds,
    hashes,
    markers,
    installPaths,
    configPaths,
    modelPaths,
    ports,
    titles,
    probes: catalog.probes,
    domains: createDomainMatcher(domainEntries),
    appTeamIds,
    appBundleIds,
    appPublishers,
  };
}

let compiled: CompiledCatalog | undefined;

/** The built-in catalog's lookup tables, built on first use. */
export function builtinCompiledCatalog(): CompiledCatalog {
  compiled ??= compileCatalog();
  return compiled;
}

export type { AppKind };
