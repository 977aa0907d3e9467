import { builtinCompiledCatalog, type CompiledCatalog } from './compiled.js';
import { resolveDomainHit } from './domain-matcher.js';
import { basename, normalizePath } from './text.js';
import { parseUrl } from './url.js';

/** File formats that hold model weights; the first three are unambiguous wherever they are. */
export const MODEL_FILE_FORMATS = {
  gguf: { extensions: ['.gguf'], anywhere: true },
  safetensors: { extensions: ['.safetensors'], anywhere: true },
  llamafile: { extensions: ['.llamafile'], anywhere: true },
  ggml: { extensions: ['.ggml', '.ggmlv3'], anywhere: true },
  mlx: { extensions: ['.mlpackage', '.mlmodelc'], anywhere: false },
  onnx: { extensions: ['.onnx'], anywhere: false },
  pytorch: { extensions: ['.pt', '.pth', '.ckpt', '.bin'], anywhere: false },
} as const;
export type ModelFileFormat = keyof typeof MODEL_FILE_FORMATS;

export interface PathMatch {
  readonly app: string;
  readonly role: 'install' | 'config' | 'models';
  readonly fragment: string;
}

/** Catalog folders (install, configuration, models) that contain `path`, most specific first. */
export function matchPath(path: string, catalog: CompiledCatalog = builtinCompiledCatalog()): PathMatch[] {
  const p = normalizePath(path);
  const withSlash = p.endsWith('/') ? p : `${p}/`;
  const out: PathMatch[] = [];
  const scan = (refs: CompiledCatalog['installPaths'], role: PathMatch['role']): void => {
    for (const ref of refs) {
      const hit = ref.file ? p.endsWith(ref.fragment) : withSlash.includes(ref.fragment);
      if (hit && !out.some((o) => o.app === ref.app && o.role === role)) out.push({ app: ref.app, role, fragment: ref.fragment });
    }
  };
  scan(catalog.modelPaths, 'models');
  scan(catalog.configPaths, 'config');
  scan(catalog.installPaths, 'install');
  return out.sort((a, b) => b.fragment.length - a.fragment.length);
}

export interface ModelFileMatch {
  readonly format: ModelFileFormat;
  /** The runtime whose model folder holds the file, when known. */
  readonly app: string | undefined;
}

/**
 * Says whether a file is model weights. Formats used only for models count anywhere; generic ones
 * (`.bin`, `.pt`, `.onnx`) count only inside a catalogued model folder.
 */
export function classifyModelFile(path: string, catalog: CompiledCatalog = builtinCompiledCatalog()): ModelFileMatch | undefined {
  const name = basename(path).toLowerCase();
  const folder = matchPath(path, catalog).find((m) => m.role === 'models');
  for (const [format, spec] of Object.entries(MODEL_FILE_FORMATS) as [ModelFileFormat, (typeof MODEL_FILE_FORMATS)[ModelFileFormat]][]) {
    if (!spec.extensions.some((e) => name.endsWith(e))) continue;
    if (!spec.anywhere && !folder) return undefined;
    return { format, app: folder?.app };
  }
  return undefined;
}

/** The catalog's view of a URL: which vendor and app run it, if any. */
export function matchUrl(url: string, catalog: CompiledCatalog = builtinCompiledCatalog()) {
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  const hit = resolveDomainHit(catalog.domains.matchAll(parsed.host), parsed.path);
  return hit ? { host: parsed.host, domain: hit.domain, vendor: hit.value.vendor, app: hit.value.app, category: hit.value.category } : undefined;
}

/** The catalog's view of a bare host name (paths-scoped entries never match a bare host). */
export function matchDomain(host: string, catalog: CompiledCatalog = builtinCompiledCatalog()) {
  const hit = resolveDomainHit(catalog.domains.matchAll(host), undefined);
  return hit ? { domain: hit.domain, vendor: hit.value.vendor, app: hit.value.app, category: hit.value.category, exact: hit.exact } : undefined;
}
