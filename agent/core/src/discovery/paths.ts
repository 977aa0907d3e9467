import { builtinCatalog, type Catalog, type Os } from '@sluice/shared';

export interface CatalogFolder {
  readonly app: string;
  readonly role: 'config' | 'models';
  /** The folder on this machine (absolute). */
  readonly path: string;
}

const WINDOWS_VARS: Record<string, string> = {
  USERPROFILE: '',
  APPDATA: 'AppData\\Roaming',
  LOCALAPPDATA: 'AppData\\Local',
};

/**
 * Turns a catalog path into a folder of this machine: `~` is the user's home, `%VAR%` a Windows
 * folder. Catalog paths that are fragments (`/comfyui/models/`: "wherever it is installed") cannot be
 * watched and give undefined.
 */
export function expandCatalogPath(path: string, os: Os, home: string, env: Readonly<Record<string, string | undefined>> = {}): string | undefined {
  if (path.startsWith('~')) return `${home}${path.slice(1)}`;
  if (os === 'win32') {
    const m = /^%([A-Z_()0-9]+)%(.*)$/i.exec(path);
    if (m?.[1] !== undefined) {
      const name = m[1].toUpperCase();
      const base = env[name] ?? (WINDOWS_VARS[name] !== undefined ? `${home}${WINDOWS_VARS[name] ? `\\${WINDOWS_VARS[name]}` : ''}` : undefined);
      return base === undefined ? undefined : `${base}${m[2] ?? ''}`;
    }
    return /^[a-z]:\\/i.test(path) ? path : undefined;
  }
  // Absolute catalog paths name real folders only below the usual roots; the others are fragments.
  return /^\/(usr|opt|var|etc|Applications|Library|home|srv)\//.test(path) ? path : undefined;
}

/** The catalog's configuration and model folders for this OS, expanded. */
export function catalogFolders(os: Os, home: string, env: Readonly<Record<string, string | undefined>> = {}, catalog: Catalog = builtinCatalog()): CatalogFolder[] {
  const out: CatalogFolder[] = [];
  const seen = new Set<string>();
  for (const app of catalog.apps) {
    for (const group of app.signals) {
      for (const [role, list] of [['config', group.configPaths?.[os]], ['models', group.modelPaths?.[os]]] as const) {
        for (const raw of list ?? []) {
          const path = expandCatalogPath(raw, os, home, env);
          if (!path || seen.has(`${role}:${app.id}:${path}`)) continue;
          seen.add(`${role}:${app.id}:${path}`);
          out.push({ app: app.id, role, path });
        }
      }
    }
  }
  return out;
}
