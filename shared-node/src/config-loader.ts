import { readFileSync } from 'node:fs';
import { describeIssues, SluiceError } from '@sluice/shared';
import type { z } from 'zod';

/** One environment variable and the dotted configuration key it sets. */
export interface EnvBinding {
  readonly key: string;
  readonly kind?: 'string' | 'integer';
}

export interface LayeredConfigSources {
  /** JSON file; missing is fine unless `fileRequired`. */
  file?: string;
  fileRequired?: boolean;
  env?: NodeJS.ProcessEnv;
  bindings?: Readonly<Record<string, EnvBinding>>;
  /** Highest precedence: values from command-line flags, by dotted key. */
  overrides?: Readonly<Record<string, unknown>>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** Reads a JSON object from a file: undefined when absent and not required; E_CONFIG_FILE otherwise. */
export function readJsonObjectFile(file: string, required: boolean): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SluiceError('E_CONFIG_FILE', `Cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SluiceError('E_CONFIG_FILE', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SluiceError('E_CONFIG_FILE', `${file} must hold a JSON object.`);
  }
  return json as Record<string, unknown>;
}

/**
 * Builds a configuration from layers, lowest precedence first: schema defaults, the JSON file,
 * environment variables, then overrides from flags. Validation errors are E_CONFIG_INVALID and name
 * each offending key and where its value can come from.
 */
export function loadLayeredConfig<S extends z.ZodType>(schema: S, sources: LayeredConfigSources): z.infer<S> {
  const merged: Record<string, unknown> = sources.file ? (readJsonObjectFile(sources.file, sources.fileRequired ?? false) ?? {}) : {};
  const env = sources.env ?? {};
  for (const [name, binding] of Object.entries(sources.bindings ?? {})) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = binding.kind === 'integer' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    setPath(merged, binding.key, value);
  }
  for (const [key, value] of Object.entries(sources.overrides ?? {})) {
    if (value !== undefined) setPath(merged, key, value);
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const origin = sources.file ? ` (from ${sources.file}, SLUICE_* variables or flags)` : '';
    throw new SluiceError('E_CONFIG_INVALID', `Invalid configuration${origin}: ${describeIssues(parsed.error, 10)}`);
  }
  return parsed.data;
}
