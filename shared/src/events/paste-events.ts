import { z } from 'zod';
import { AI_CLASSIFICATIONS } from '../catalog/classify.js';
import { AppKindSchema, CatalogIdSchema } from '../catalog/schema.js';
import { DlpEvidenceSchema } from '../dlp/evidence.js';
import { DataCategorySchema, DestinationClassSchema, DlpActionSchema } from '../policy/policy.js';
import { defineEventType, OCSF } from './define.js';
import { MAX_EVENT_PATH_CHARS, MAX_EVENT_TITLE_CHARS } from './discovery-events.js';
import { MAX_SHORT_TEXT_CHARS } from './limits.js';

/**
 * Events of the paste guard (capability 4): sensitive content on the clipboard met an AI destination,
 * what the DLP engine found (as evidence that never contains the values), what the policy asked for
 * and what the agent did. The raw content travels only when the policy's evidence level is `raw`.
 */

/** Largest raw excerpt an event may carry, and only under `evidence: raw`. */
export const MAX_RAW_EVIDENCE_CHARS = 16 * 1024;
/** Longest justification a user may give. */
export const MAX_JUSTIFICATION_CHARS = 1_000;

const shortText = z.string().max(MAX_SHORT_TEXT_CHARS);
const title = z.string().max(MAX_EVENT_TITLE_CHARS);
const count = z.number().int().nonnegative();

/** Where the content was copied from. */
export const PasteSourceSchema = z.strictObject({
  /** The application's name as the window system gives it (process or window class). */
  app: shortText.nullable(),
  /** The window title at copy time, bounded; omitted when the policy keeps titles on the device. */
  title: title.optional(),
  /** A file or repository path the title reveals (an editor's open file). */
  path: z.string().max(MAX_EVENT_PATH_CHARS).optional(),
  /** Catalog id when the source is itself an AI app. */
  aiApp: CatalogIdSchema.nullable(),
});

/** The AI destination that had focus. */
export const PasteDestinationSchema = z.strictObject({
  app: CatalogIdSchema.nullable(),
  name: shortText,
  kind: AppKindSchema,
  /** Catalog domain, for AI sites. */
  domain: z.string().max(253).optional(),
  classification: z.enum(AI_CLASSIFICATIONS),
  destinationClass: DestinationClassSchema,
  title: title.optional(),
});

export const PasteContentSchema = z.strictObject({
  kind: z.enum(['text', 'image', 'files', 'other']),
  /** MIME type or X11 target, for non-text content. */
  mime: shortText.optional(),
  /** Size of the clipboard content in bytes (as read, up to the read bound). */
  bytes: count,
  /** Length of the text in UTF-16 code units. */
  chars: count,
  /** True when the content exceeded what the agent reads or scans. */
  truncated: z.boolean(),
});

export const PASTE_OUTCOMES = [
  /** The action was applied on the device. */
  'applied',
  /** Monitor mode: recorded what the action would have been; nothing changed. */
  'monitored',
  /** `justify`: held back until the user gives a reason. */
  'awaiting_justification',
  /** The clipboard could not be changed (the action failed); the user was still told. */
  'failed',
] as const;

export const pasteToAi = defineEventType({
  type: 'paste.to_ai',
  description: 'Sensitive or non-text clipboard content met an AI destination; what was found and what the agent did.',
  payload: z.strictObject({
    trigger: z.enum(['clipboard_change', 'focus_change']),
    source: PasteSourceSchema,
    destination: PasteDestinationSchema,
    content: PasteContentSchema,
    findings: DlpEvidenceSchema,
    categories: z.array(DataCategorySchema).max(16),
    action: DlpActionSchema,
    outcome: z.enum(PASTE_OUTCOMES),
    mode: z.enum(['monitor', 'enforce']),
    policy: z.strictObject({ id: shortText, version: count.nullable() }),
    /** From the clipboard or focus change to the action applied, in milliseconds. */
    latencyMs: count,
    /** The matched text itself: only when the policy's evidence level is `raw`. */
    raw: z.string().max(MAX_RAW_EVIDENCE_CHARS).optional(),
  }),
  ocsf: { ...OCSF.dataSecurityFinding, activityId: 1, activityName: 'Create' },
  searchText: (p) => [
    p.destination.name,
    p.destination.app ?? '',
    p.destination.domain ?? '',
    p.destination.classification,
    p.action,
    p.outcome,
    p.source.app ?? '',
    ...p.categories,
    ...p.findings.items.map((i) => `${i.detector} ${i.entity}`),
  ],
});

export const pasteJustified = defineEventType({
  type: 'paste.justified',
  description: 'The user gave a reason to paste content the policy held back; the paste was then allowed.',
  payload: z.strictObject({
    /** The `paste.to_ai` event that asked for the justification. */
    pasteEventId: z.string().max(64),
    reason: z.string().min(1).max(MAX_JUSTIFICATION_CHARS),
    destination: PasteDestinationSchema,
    detectors: z.array(z.string().max(64)).max(64),
    /** How the reason was given: the desktop dialog or the command line. */
    via: z.enum(['dialog', 'cli']),
  }),
  ocsf: { ...OCSF.dataSecurityFinding, activityId: 2, activityName: 'Update' },
  searchText: (p) => [p.reason, p.destination.name, p.destination.domain ?? '', ...p.detectors],
});

export const PASTE_EVENT_TYPES = [pasteToAi, pasteJustified] as const;
