import type { CompiledCatalog } from './compiled.js';
import type { ProbeResult } from './descriptor.js';
import type { ProbeExpectation, ProbeSpec } from './schema.js';
import { clip, evidenceText } from './text.js';

export interface ProbeHit {
  readonly app: string;
  readonly probe: string;
  /** Short description for the evidence list: `ollama-version /api/version`. */
  readonly label: string;
  /** The probe proves only a shared protocol and no port or field narrowed it down. */
  readonly generic: boolean;
  /** The app was chosen because the port is its documented default. */
  readonly viaPort: boolean;
}

const MAX_PROBE_BODY_CHARS = 64 * 1024;

function parseJson(body: string): unknown {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads `a.0.b` out of parsed JSON without prototype lookups. */
export function jsonPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const part of path.split('.').slice(0, 8)) {
    if (Array.isArray(at)) {
      if (!/^\d{1,4}$/.test(part)) return undefined;
      at = at[Number(part)];
    } else if (at !== null && typeof at === 'object') {
      if (!Object.prototype.hasOwnProperty.call(at, part)) return undefined;
      at = (at as Record<string, unknown>)[part];
    } else return undefined;
  }
  return at;
}

function meets(expect: ProbeExpectation, result: ProbeResult, body: string, json: unknown): boolean {
  if (result.status !== expect.status) return false;
  if (expect.bodyEquals !== undefined && body.trim() !== expect.bodyEquals) return false;
  const needsJson = expect.jsonKeys || expect.jsonOnlyKeys || expect.jsonEquals;
  if (!needsJson) return expect.bodyEquals !== undefined;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  if (expect.jsonKeys && !expect.jsonKeys.every((k) => keys.includes(k))) return false;
  if (expect.jsonOnlyKeys && keys.some((k) => !expect.jsonOnlyKeys?.includes(k))) return false;
  for (const [path, value] of Object.entries(expect.jsonEquals ?? {})) {
    if (jsonPath(json, path) !== value) return false;
  }
  return true;
}

function pathOf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const p = clip(path, 1024).trim();
  const q = p.search(/[?#]/);
  return q < 0 ? p : p.slice(0, q);
}

/**
 * Checks probe answers against the catalog's probe specs. When an answer says which path it came
 * from, only specs for that path are tried; otherwise every spec is tried on the body (bounded: the
 * body is parsed once and there are a few dozen specs).
 */
export function evaluateProbes(compiled: CompiledCatalog, results: readonly ProbeResult[], ports: ReadonlySet<number>): ProbeHit[] {
  const hits: ProbeHit[] = [];
  for (const result of results.slice(0, 16)) {
    const body = clip(result.body, MAX_PROBE_BODY_CHARS);
    const json = parseJson(body);
    const path = pathOf(result.path);
    for (const spec of compiled.probes) {
      if (path !== undefined && path !== spec.path) continue;
      if (!meets(spec.expect, result, body, json)) continue;
      hits.push(resolve(compiled, spec, json, result.port !== undefined ? new Set([result.port]) : ports));
    }
  }
  return hits;
}

function resolve(compiled: CompiledCatalog, spec: ProbeSpec, json: unknown, ports: ReadonlySet<number>): ProbeHit {
  const label = `${spec.id} ${spec.path}`;
  for (const r of spec.refine ?? []) {
    const value = jsonPath(json, r.path);
    if (typeof value === 'string' && value === r.equals) {
      return { app: r.app, probe: spec.id, label: evidenceText(`${label} ${r.path}=${r.equals}`), generic: false, viaPort: false };
    }
  }
  const generic = spec.app === undefined || spec.app === 'openai-compatible-server';
  if (generic) {
    // A shared protocol on a port that one runtime documents as its default points to that runtime.
    for (const port of ports) {
      const owners = (compiled.ports.get(port) ?? []).filter((o) => o.probes.includes(spec.id) && o.app !== spec.app);
      const only = owners.length === 1 ? owners[0] : undefined;
      if (only) return { app: only.app, probe: spec.id, label: `${label} on port ${port}`, generic: false, viaPort: true };
    }
  }
  return { app: spec.app ?? 'openai-compatible-server', probe: spec.id, label, generic, viaPort: false };
}
