import { z } from 'zod';
import { AI_CLASSIFICATIONS } from '../catalog/classify.js';
import { CONFIDENCE_LEVELS, SIGNAL_KINDS } from '../catalog/fingerprint.js';
import { MODEL_FILE_FORMATS } from '../catalog/paths.js';
import { AppKindSchema, CatalogIdSchema, PortSchema } from '../catalog/schema.js';
import { defineEventType, OCSF } from './define.js';
import { MAX_SHORT_TEXT_CHARS } from './limits.js';

/**
 * Events of AI discovery (capability 3). Each carries what was found, how sure the matcher is, the
 * evidence, and what the policy in force said about it. Window titles are cut to MAX_TITLE_CHARS on
 * the device; URLs are reduced to host and catalog domain, never the path or query.
 */

/** Longest window title an event may carry. */
export const MAX_EVENT_TITLE_CHARS = 256;
/** Longest file-system path an event may carry. */
export const MAX_EVENT_PATH_CHARS = 1024;
/** Most evidence items per event. */
export const MAX_EVENT_EVIDENCE = 16;

const shortText = z.string().max(MAX_SHORT_TEXT_CHARS);
const count = z.number().int().nonnegative();
const host = z.string().max(253);
const pathText = z.string().max(MAX_EVENT_PATH_CHARS);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const AiClassificationSchema = z.enum(AI_CLASSIFICATIONS);

export const EvidenceItemSchema = z.strictObject({
  signal: z.enum(SIGNAL_KINDS),
  value: z.string().max(256),
  weight: z.number().min(-1).max(1),
});

/** What every discovery event says about the thing it found. */
const FindingShape = {
  /** Catalog app id; null for a catalogued domain without an app. */
  app: CatalogIdSchema.nullable(),
  name: shortText,
  vendor: shortText,
  kind: AppKindSchema,
  confidence: z.enum(CONFIDENCE_LEVELS),
  score: z.number().min(0).max(1),
  evidence: z.array(EvidenceItemSchema).max(MAX_EVENT_EVIDENCE),
  /** The policy's verdict when the event was made. */
  classification: AiClassificationSchema,
  /** Version of the policy that classified it; null before any policy was applied. */
  policyVersion: z.number().int().nonnegative().nullable(),
};

const ProcessShape = {
  pid: count,
  ppid: count.optional(),
  /** Executable path, cut to MAX_EVENT_PATH_CHARS. */
  exe: pathText.optional(),
  sha256: sha256.optional(),
};

const findingSearchText = (p: { app: string | null; name: string; vendor: string; kind: string; classification: string }): string[] => [
  p.app ?? '',
  p.name,
  p.vendor,
  p.kind,
  p.classification,
];

export const aiAppFirstSeen = defineEventType({
  type: 'ai.app_first_seen',
  description: 'An AI app, agent, runtime or MCP server was seen on the device for the first time.',
  payload: z.strictObject({
    ...FindingShape,
    /** Which collector saw it first. */
    via: z.enum(['process', 'inventory', 'window', 'browser_history', 'socket', 'file']),
    path: pathText.optional(),
    version: shortText.optional(),
  }),
  ocsf: { ...OCSF.deviceInventoryInfo, activityId: 2, activityName: 'Collect' },
  searchText: (p) => [...findingSearchText(p), p.via],
});

export const aiAppStarted = defineEventType({
  type: 'ai.app_started',
  description: 'A process of an AI app, agent, runtime or MCP server started.',
  payload: z.strictObject({ ...FindingShape, ...ProcessShape }),
  ocsf: { ...OCSF.processActivity, activityId: 1, activityName: 'Launch' },
  searchText: (p) => findingSearchText(p),
});

export const aiAppStopped = defineEventType({
  type: 'ai.app_stopped',
  description: 'A process of an AI app, agent, runtime or MCP server stopped.',
  payload: z.strictObject({ ...FindingShape, ...ProcessShape, runtimeMs: count }),
  ocsf: { ...OCSF.processActivity, activityId: 2, activityName: 'Terminate' },
  searchText: (p) => findingSearchText(p),
});

export const aiAppFocused = defineEventType({
  type: 'ai.app_focused',
  description: 'The user had an AI app or AI site in the foreground for a while (one focus session).',
  payload: z.strictObject({
    ...FindingShape,
    /** When the focus session began, in milliseconds since the Unix epoch. */
    startTime: count,
    durationMs: count,
    /** The browser, when the focus was on an AI site in a browser tab. */
    browser: shortText.optional(),
    /** The site's host; never the path or query. */
    host: host.optional(),
    /** The window title, cut to MAX_EVENT_TITLE_CHARS (policy may omit it). */
    title: z.string().max(MAX_EVENT_TITLE_CHARS).optional(),
  }),
  ocsf: { ...OCSF.applicationLifecycle, activityId: 99, activityName: 'Focus' },
  searchText: (p) => [...findingSearchText(p), p.host ?? '', p.browser ?? ''],
});

export const aiSiteVisited = defineEventType({
  type: 'ai.site_visited',
  description: 'A browser visited an AI web domain (seen in the foreground window or the browser history).',
  payload: z.strictObject({
    ...FindingShape,
    host,
    /** The catalog domain that covers the host. */
    domain: host,
    via: z.enum(['window', 'browser_history', 'extension']),
    browser: shortText.optional(),
    visitCount: count.optional(),
    lastVisitTime: count.optional(),
  }),
  ocsf: { ...OCSF.webResourcesActivity, activityId: 2, activityName: 'Read' },
  searchText: (p) => [...findingSearchText(p), p.host, p.domain, p.browser ?? ''],
});

export const aiRuntimeListening = defineEventType({
  type: 'ai.runtime_listening',
  description: 'A local model runtime is listening on a port, confirmed by an HTTP probe where possible.',
  payload: z.strictObject({
    ...FindingShape,
    port: PortSchema,
    /** The address it listens on: loopback, a LAN address or every interface. */
    address: z.string().max(64),
    exposure: z.enum(['loopback', 'network']),
    /** The protocol the probe confirmed, or null when no probe answered. */
    protocol: CatalogIdSchema.nullable(),
    pid: count.optional(),
    exe: pathText.optional(),
  }),
  ocsf: { ...OCSF.networkActivity, activityId: 7, activityName: 'Listen' },
  searchText: (p) => [...findingSearchText(p), String(p.port), p.protocol ?? '', p.exposure],
});

export const aiModelFilePresent = defineEventType({
  type: 'ai.model_file_present',
  description: 'A file of model weights (GGUF, safetensors…) is present on the device.',
  payload: z.strictObject({
    /** The runtime whose model folder holds it, or null. */
    app: CatalogIdSchema.nullable(),
    path: pathText,
    format: z.enum(Object.keys(MODEL_FILE_FORMATS) as [keyof typeof MODEL_FILE_FORMATS, ...(keyof typeof MODEL_FILE_FORMATS)[]]),
    sizeBytes: count,
    sha256: sha256.optional(),
    classification: AiClassificationSchema,
    policyVersion: z.number().int().nonnegative().nullable(),
  }),
  ocsf: { ...OCSF.deviceInventoryInfo, activityId: 2, activityName: 'Collect' },
  searchText: (p) => [p.app ?? '', p.format, p.classification],
});

export const DISCOVERY_EVENT_TYPES = [
  aiAppFirstSeen,
  aiAppStarted,
  aiAppStopped,
  aiAppFocused,
  aiSiteVisited,
  aiRuntimeListening,
  aiModelFilePresent,
] as const;
