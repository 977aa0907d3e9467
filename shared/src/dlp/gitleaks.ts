import { parse } from 'smol-toml';
import { z } from 'zod';
import { err, ok, type Result, type SluiceError } from '../errors.js';
import { describeIssues } from '../validation.js';
import { compileCustomDetector, compileUserPattern, CustomDetectorSchema } from './custom.js';
import { dlpError } from './errors.js';
import type { RuntimeDetector } from './runtime.js';
import type { ValueContext } from './types.js';

/**
 * Import of gitleaks configuration files (TOML), so organizations reuse the rules they already
 * have. Gitleaks rules are Go RE2 expressions, which re2js runs unchanged and in linear time.
 *
 * Supported: `[[rules]]` with id, description, regex, secretGroup, entropy, keywords, tags, and
 * allowlists (`[rules.allowlist]` and `[[rules.allowlists]]`) with regexes, regexTarget
 * (secret, match, line), stopwords and condition (OR, AND); the global `[allowlist]` /
 * `[[allowlists]]`. Not applicable to pasted text and reported as skipped: path-only rules, and
 * allowlist entries on paths and commits. `[extend]` is ignored: the built-in catalog already
 * plays the part of the default configuration.
 */

const AllowlistSchema = z.looseObject({
  description: z.string().optional(),
  condition: z.enum(['OR', 'AND', 'or', 'and']).optional(),
  regexTarget: z.enum(['secret', 'match', 'line']).optional(),
  regexes: z.array(z.string()).optional(),
  stopwords: z.array(z.string()).optional(),
  paths: z.array(z.string()).optional(),
  commits: z.array(z.string()).optional(),
});

const RuleSchema = z.looseObject({
  id: z.string().min(1).max(200),
  description: z.string().max(2_000).optional(),
  regex: z.string().max(20_000).optional(),
  secretGroup: z.number().int().min(0).optional(),
  entropy: z.number().min(0).max(8).optional(),
  keywords: z.array(z.string()).optional(),
  path: z.string().optional(),
  tags: z.array(z.string()).optional(),
  allowlist: AllowlistSchema.optional(),
  allowlists: z.array(AllowlistSchema).optional(),
});

const ConfigSchema = z.looseObject({
  title: z.string().optional(),
  rules: z.array(RuleSchema).max(5_000).default([]),
  allowlist: AllowlistSchema.optional(),
  allowlists: z.array(AllowlistSchema).optional(),
});

type Allowlist = z.infer<typeof AllowlistSchema>;

export interface GitleaksImportOptions {
  /** Prefix for detector ids, so imported rules never collide with built-ins. Default `gitleaks-`. */
  readonly idPrefix?: string;
  /** Confidence of an imported rule's findings. Default 0.8. */
  readonly confidence?: number;
}

export interface SkippedRule {
  readonly rule: string;
  readonly code: string;
  readonly reason: string;
}

export interface GitleaksImport {
  readonly detectors: RuntimeDetector[];
  readonly skipped: SkippedRule[];
}

/** A kebab-case detector id from a gitleaks rule id. */
function kebab(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

type Check = (secret: string, context: ValueContext) => boolean;

/** The allowlist entries that apply to text, compiled; undefined when nothing applies. */
function compileAllowlist(list: Allowlist): Result<Check | undefined, SluiceError> {
  const checks: Check[] = [];
  const target = list.regexTarget ?? 'secret';
  for (const source of list.regexes ?? []) {
    const compiled = compileUserPattern(source);
    if (!compiled.ok) return err(compiled.error);
    const re = compiled.value;
    checks.push((secret, ctx) => {
      if (target === 'secret') return re.test(secret);
      if (target === 'line') {
        const lineStart = ctx.text.lastIndexOf('\n', ctx.start - 1) + 1;
        let lineEnd = ctx.text.indexOf('\n', ctx.end);
        if (lineEnd < 0) lineEnd = ctx.text.length;
        return re.test(ctx.text.slice(lineStart, lineEnd));
      }
      // The rule's whole match is not kept; the line around the secret is the closest we have.
      return re.test(ctx.text.slice(Math.max(0, ctx.start - 200), Math.min(ctx.text.length, ctx.end + 200)));
    });
  }
  const stopwords = (list.stopwords ?? []).map((w) => w.toLowerCase());
  if (stopwords.length > 0) checks.push((secret) => stopwords.some((w) => secret.toLowerCase().includes(w)));
  if (checks.length === 0) return ok(undefined);
  const and = (list.condition ?? 'OR').toUpperCase() === 'AND';
  return ok(and ? (s, c) => checks.every((f) => f(s, c)) : (s, c) => checks.some((f) => f(s, c)));
}

/**
 * Imports a gitleaks TOML configuration. A document that is not TOML (or not a gitleaks
 * configuration) is an error; a rule that cannot be imported is skipped and reported with a
 * code, so one bad rule does not reject the rest.
 */
export function importGitleaksToml(toml: string, options: GitleaksImportOptions = {}): Result<GitleaksImport, SluiceError> {
  let doc: unknown;
  try {
    doc = parse(toml);
  } catch (e) {
    return err(dlpError('E_DLP_GITLEAKS_TOML', (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 200)));
  }
  const config = ConfigSchema.safeParse(doc);
  if (!config.success) return err(dlpError('E_DLP_GITLEAKS_TOML', describeIssues(config.error)));
  const prefix = options.idPrefix ?? 'gitleaks-';
  const skipped: SkippedRule[] = [];
  const globalLists = [...(config.data.allowlist ? [config.data.allowlist] : []), ...(config.data.allowlists ?? [])];
  const globalChecks: Check[] = [];
  for (const list of globalLists) {
    const compiled = compileAllowlist(list);
    if (!compiled.ok) return err(dlpError('E_DLP_GITLEAKS_TOML', `Global allowlist: ${compiled.error.message}`));
    if (compiled.value) globalChecks.push(compiled.value);
  }
  const detectors: RuntimeDetector[] = [];
  const ids = new Set<string>();
  for (const rule of config.data.rules) {
    const id = kebab(`${prefix}${rule.id}`);
    if (!rule.regex) {
      skipped.push({ rule: rule.id, code: 'E_DLP_GITLEAKS_RULE', reason: 'path-only rule: Sluice scans text, not files' });
      continue;
    }
    if (ids.has(id)) {
      skipped.push({ rule: rule.id, code: 'E_DLP_DUPLICATE_ID', reason: `another rule maps to the id "${id}"` });
      continue;
    }
    const ruleChecks: Check[] = [...globalChecks];
    let allowError: SluiceError | undefined;
    for (const list of [...(rule.allowlist ? [rule.allowlist] : []), ...(rule.allowlists ?? [])]) {
      const compiled = compileAllowlist(list);
      if (!compiled.ok) {
        allowError = compiled.error;
        break;
      }
      if (compiled.value) ruleChecks.push(compiled.value);
    }
    if (allowError) {
      skipped.push({ rule: rule.id, code: allowError.code, reason: `allowlist: ${allowError.message}` });
      continue;
    }
    const def = CustomDetectorSchema.safeParse({
      id,
      description: (rule.description ?? `gitleaks rule ${rule.id}`).slice(0, 500),
      category: 'credential',
      entity: 'SECRET',
      pattern: rule.regex,
      ...(rule.secretGroup ? { group: rule.secretGroup } : {}),
      keywords: (rule.keywords ?? []).filter((k) => k.length > 0),
      confidence: options.confidence ?? 0.8,
    });
    if (!def.success) {
      skipped.push({ rule: rule.id, code: 'E_DLP_GITLEAKS_RULE', reason: describeIssues(def.error) });
      continue;
    }
    const threshold = rule.entropy;
    const compiled = compileCustomDetector(def.data, {
      source: 'gitleaks',
      firstGroup: !rule.secretGroup,
      provider: 'gitleaks',
      // gitleaks keeps a secret only when its entropy is above the rule's threshold.
      suppress: (value, ctx) => (threshold !== undefined && shannonEntropyAtMost(value, threshold)) || ruleChecks.some((f) => f(value, ctx)),
    });
    if (!compiled.ok) {
      skipped.push({ rule: rule.id, code: compiled.error.code, reason: compiled.error.message });
      continue;
    }
    ids.add(id);
    detectors.push(compiled.value);
  }
  return ok({ detectors, skipped });
}

function shannonEntropyAtMost(value: string, threshold: number): boolean {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...value].length;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h <= threshold;
}
