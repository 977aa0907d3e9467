import { z } from 'zod';

/**
 * The shape of the AI catalog. Every entry is data: the matcher, the collectors and the docs all read
 * the same records, and a test validates the whole catalog against these schemas.
 */

export const APP_KINDS = [
  'desktop_app',
  'ai_browser',
  'ai_ide',
  'cli_agent',
  'ide_extension',
  'local_runtime',
  'mcp_server',
  'web_app',
] as const;
export const AppKindSchema = z.enum(APP_KINDS);
export type AppKind = z.infer<typeof AppKindSchema>;

export const OPERATING_SYSTEMS = ['linux', 'darwin', 'win32'] as const;
export const OsSchema = z.enum(OPERATING_SYSTEMS);
export type Os = z.infer<typeof OsSchema>;

/** Stable kebab-case ids: policies name them, so they never change once published. */
export const CatalogIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and single dashes)');

/**
 * Where a fact came from: a URL of the vendor's documentation or site, or `product: <how observed>` for
 * something read off the product itself (a bundle's Info.plist, `codesign -dv`, a `--help` text).
 */
export const SourceSchema = z
  .string()
  .max(500)
  .regex(/^(https:\/\/\S+|product: .{8,})$/, 'must be an https URL or "product: <how it was observed>"');

/** A domain as the catalog writes it: lowercase labels; `*` stands for exactly one label. */
export const CatalogDomainSchema = z
  .string()
  .max(253)
  .regex(
    /^(?:(?:\*|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'must be a lowercase domain name (a `*` label matches any one label)',
  );

const names = z.array(z.string().min(1).max(128)).max(32);
const perOs = z.strictObject({ linux: names.optional(), darwin: names.optional(), win32: names.optional() });
export type PerOs = z.infer<typeof perOs>;

/** What a local HTTP service answers, written as checks on status and body. */
export const ProbeExpectationSchema = z.strictObject({
  status: z.number().int().min(100).max(599).default(200),
  /** Exact body after trimming whitespace. */
  bodyEquals: z.string().max(256).optional(),
  /** Top-level JSON keys that must all be present. */
  jsonKeys: z.array(z.string().max(64)).max(8).optional(),
  /** Top-level JSON keys outside this list make the check fail (keeps `{"version": …}` specific). */
  jsonOnlyKeys: z.array(z.string().max(64)).max(16).optional(),
  /** Dotted paths (array indexes allowed) whose string values must equal these. */
  jsonEquals: z.record(z.string().max(64), z.string().max(128)).optional(),
});
export type ProbeExpectation = z.infer<typeof ProbeExpectationSchema>;

/** One request a collector may send to a suspect listening port, and what confirms a protocol. */
export const ProbeSpecSchema = z.strictObject({
  id: CatalogIdSchema,
  /** The protocol the answer proves (`ollama-api`, `openai-compatible`…). */
  protocol: CatalogIdSchema,
  description: z.string().max(300),
  method: z.literal('GET'),
  path: z.string().regex(/^\/[\x21-\x7e]{0,127}$/),
  expect: ProbeExpectationSchema,
  /**
   * The catalog app the answer identifies by itself. Without it the protocol is shared by several
   * runtimes and `refine` or the port narrows it down.
   */
  app: CatalogIdSchema.optional(),
  /** Values in the answer that name the implementation (for example `data.0.owned_by`). */
  refine: z
    .array(z.strictObject({ path: z.string().max(64), equals: z.string().max(128), app: CatalogIdSchema }))
    .max(16)
    .optional(),
  source: SourceSchema,
});
export type ProbeSpec = z.infer<typeof ProbeSpecSchema>;

export const PortSchema = z.number().int().min(1).max(65_535);

/**
 * A group of signals that one source vouches for. An app carries several groups, so every fact keeps
 * its own source without repeating the URL on each value.
 */
export const SignalGroupSchema = z.strictObject({
  source: SourceSchema,
  /** Process or executable names (without directories), per OS, as the OS reports them. */
  processNames: perOs.optional(),
  /** macOS CFBundleIdentifier of the app; helpers (`<id>.helper…`) match as children. */
  bundleIds: z.array(z.string().min(3).max(255)).max(16).optional(),
  /** Apple Developer Team IDs in the code signature. */
  teamIds: z.array(z.string().regex(/^[A-Z0-9]{10}$/)).max(8).optional(),
  /** Windows Authenticode publisher (signer subject CN). */
  publishers: z.array(z.string().min(2).max(200)).max(8).optional(),
  /**
   * False when the vendor signs software that is not AI with the same identity (Google, Microsoft):
   * then the signature only corroborates other evidence and never identifies the app by itself.
   */
  signatureIdentifiesApp: z.boolean().optional(),
  /** Windows Store / MSIX package family names. */
  packageFamilyNames: z.array(z.string().min(3).max(200)).max(8).optional(),
  /** Known install locations; `~` is the home folder, `%VAR%` a Windows environment folder. */
  installPaths: perOs.optional(),
  /** The `name` in the package.json inside an Electron app's `resources/app.asar`. */
  asarNames: z.array(z.string().min(2).max(128)).max(8).optional(),
  /**
   * Strings that identify the app inside a command line whatever the executable is called (npm
   * package names, Python modules, script paths). Matched case-insensitively at token boundaries.
   */
  cmdlineMarkers: z.array(z.string().min(4).max(128)).max(32).optional(),
  /** npm / PyPI / Homebrew package names, for inventory collectors. */
  packages: z
    .array(z.strictObject({ registry: z.enum(['npm', 'pypi', 'homebrew', 'cargo', 'winget', 'vscode', 'jetbrains']), name: z.string().min(1).max(214) }))
    .max(16)
    .optional(),
  /** Editor extension ids (`publisher.name`) as they appear in the extensions folder. */
  extensionIds: z.array(z.string().min(3).max(128)).max(8).optional(),
  /** Default listening ports, and the probe ids that confirm what answers there. */
  ports: z.array(z.strictObject({ port: PortSchema, probes: z.array(CatalogIdSchema).max(8) })).max(8).optional(),
  /** Configuration and state folders or files. */
  configPaths: perOs.optional(),
  /** Folders where the app keeps model weights. */
  modelPaths: perOs.optional(),
  /** Web domains the app or service lives on (subdomains included). */
  domains: z.array(CatalogDomainSchema).max(64).optional(),
  /** Site names a browser tab title carries ("ChatGPT", "Claude"). */
  titles: z.array(z.string().min(2).max(64)).max(16).optional(),
  /** SHA-256 of published binaries. */
  sha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(64).optional(),
});
export type SignalGroup = z.infer<typeof SignalGroupSchema>;

export const AppEntrySchema = z.strictObject({
  id: CatalogIdSchema,
  name: z.string().min(1).max(100),
  vendor: z.string().min(1).max(100),
  kind: AppKindSchema,
  /** What a security team should know about it, in one or two sentences. */
  risk: z.string().min(10).max(500),
  homepage: z.string().url().max(300),
  signals: z.array(SignalGroupSchema).min(1).max(32),
});
export type AppEntry = z.infer<typeof AppEntrySchema>;
export type AppEntryInput = z.input<typeof AppEntrySchema>;

/**
 * AI web domains, grouped by vendor and source. `app` links them to a catalog entry where the vendor
 * has one; `paths` limits an entry to URL path prefixes on a host that is otherwise not AI.
 */
export const DomainGroupSchema = z.strictObject({
  vendor: z.string().min(1).max(100),
  app: CatalogIdSchema.optional(),
  category: z.enum([
    'assistant',
    'coding',
    'model_api',
    'image',
    'video',
    'audio',
    'search',
    'writing',
    'meeting',
    'agent',
    'model_hub',
    'companion',
    'productivity',
    'browser',
    'runtime',
  ]),
  source: SourceSchema,
  domains: z.array(CatalogDomainSchema).min(1).max(64),
  paths: z.array(z.string().regex(/^\/[\x21-\x7e]{1,127}$/)).max(8).optional(),
});
export type DomainGroup = z.infer<typeof DomainGroupSchema>;
