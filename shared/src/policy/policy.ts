import { z } from 'zod';
import { DeviceIdSchema } from '../ids.js';
import { CustomDetectorListSchema } from '../dlp/custom.js';
import { EdmIndexRefListSchema } from './edm-refs.js';
import {
  DataCategorySchema,
  DestinationClassSchema,
  DLP_ACTIONS,
  DlpActionSchema,
  type DataCategory,
  type DestinationClass,
  type DlpAction,
} from './vocabulary.js';

export {
  DATA_CATEGORIES,
  DataCategorySchema,
  DESTINATION_CLASSES,
  DestinationClassSchema,
  DLP_ACTIONS,
  DlpActionSchema,
  type DataCategory,
  type DestinationClass,
  type DlpAction,
} from './vocabulary.js';

export const POLICY_SCHEMA_ID = 'sluice.policy/v1';

const kebabId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and single dashes)');

/** A domain name as written in policies: lowercase, matching itself and its subdomains. */
export const DomainSchema = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lowercase domain name');

export const PolicyScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('devices'), devices: z.array(DeviceIdSchema).min(1).max(10_000) }),
]);
export type PolicyScope = z.infer<typeof PolicyScopeSchema>;

export const DlpRuleSchema = z.strictObject({
  category: z.union([DataCategorySchema, z.literal('*')]),
  destination: z.union([DestinationClassSchema, z.literal('*')]),
  action: DlpActionSchema,
});
export type DlpRule = z.infer<typeof DlpRuleSchema>;

const listOf = <T extends z.ZodType>(item: T) => z.array(item).max(5_000).default([]);

const PolicyDlpInputSchema = z.strictObject({
  rules: z.array(DlpRuleSchema).max(500),
  defaultAction: DlpActionSchema,
  /**
   * What leaves the device with a finding. `masked` (the default): detector, counts, salted hash
   * and a masked preview. `raw` adds the matched text and must be chosen explicitly.
   */
  evidence: z.enum(['masked', 'raw']).default('masked'),
  /**
   * The organization's own detectors (RE2 patterns, keyword dictionaries, named validators),
   * compiled on the device next to the built-in catalog. Each must compile, or the policy is refused.
   */
  customDetectors: CustomDetectorListSchema.default([]),
});

/**
 * The DLP section as agents receive it. `edmIndexes` is written by the collector, never by policy
 * authors: it lists every exact-data-match index the collector holds (by name, digest and size),
 * and each change to those indexes signs the policies in force again with the new list.
 */
const PolicyDlpSchema = PolicyDlpInputSchema.extend({
  edmIndexes: EdmIndexRefListSchema.default([]),
});

const PolicyBodyShape = {
  schema: z.literal(POLICY_SCHEMA_ID),
  /** Stable name of the policy (`default`, `engineering`…); versions of one id replace each other. */
  id: kebabId,
  name: z.string().min(1).max(200),
  description: z.string().max(2_000).optional(),
  scope: PolicyScopeSchema,
  /** `monitor` records what enforcement would have done and changes nothing on the device. */
  mode: z.enum(['monitor', 'enforce']),
  ai: z.strictObject({
    /** Catalog ids of AI apps the organization approves. */
    sanctionedApps: listOf(kebabId),
    unsanctionedApps: listOf(kebabId),
    sanctionedDomains: listOf(DomainSchema),
    unsanctionedDomains: listOf(DomainSchema),
  }),
  dlp: PolicyDlpInputSchema,
};

export const PolicySchema = z.strictObject({
  ...PolicyBodyShape,
  dlp: PolicyDlpSchema,
  /** Assigned by the collector, strictly increasing across all policies it stores. */
  version: z.number().int().positive(),
  /** When the collector signed it, in milliseconds since the Unix epoch. */
  issuedAt: z.number().int().nonnegative(),
});
export type Policy = z.infer<typeof PolicySchema>;

/** A policy as agents enforce it, without the collector's version stamp (the built-in default is one). */
export const PolicyDocumentSchema = PolicySchema.omit({ version: true, issuedAt: true });
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

/** What a policy author writes: the collector adds version and issuedAt when it stores it. */
export const PolicyInputSchema = z.strictObject({
  ...PolicyBodyShape,
  version: z.number().int().positive().optional(),
});
export type PolicyInput = z.input<typeof PolicyInputSchema>;

/**
 * The recommended policy that applies before any other is pushed: credentials never reach an AI
 * tool in clear, personal and financial data raise a warning, everything else is logged.
 */
export const DEFAULT_POLICY_INPUT: PolicyInput = {
  schema: POLICY_SCHEMA_ID,
  id: 'default',
  name: 'Recommended default',
  description: 'Redact credentials pasted into any AI destination, warn on personal data, allow the rest.',
  scope: { kind: 'all' },
  mode: 'enforce',
  ai: { sanctionedApps: [], unsanctionedApps: [], sanctionedDomains: [], unsanctionedDomains: [] },
  dlp: {
    rules: [
      { category: 'credential', destination: '*', action: 'redact' },
      { category: 'pii', destination: '*', action: 'warn' },
      { category: 'financial', destination: '*', action: 'warn' },
      { category: 'government_id', destination: '*', action: 'warn' },
      { category: 'health', destination: '*', action: 'warn' },
    ],
    defaultAction: 'allow',
    evidence: 'masked',
  },
};

export function policyAppliesTo(scope: PolicyScope, deviceId: string): boolean {
  return scope.kind === 'all' || scope.devices.includes(deviceId);
}

/**
 * The action for one category going to one destination class. The most specific rule wins:
 * exact category and destination, then exact category, then exact destination, then `*`/`*`,
 * then the default.
 */
export function resolveDlpAction(
  dlp: Pick<Policy['dlp'], 'rules' | 'defaultAction'>,
  category: DataCategory,
  destination: DestinationClass,
): DlpAction {
  let best: DlpRule | undefined;
  let bestRank = -1;
  for (const rule of dlp.rules) {
    if (rule.category !== '*' && rule.category !== category) continue;
    if (rule.destination !== '*' && rule.destination !== destination) continue;
    const rank = (rule.category === '*' ? 0 : 2) + (rule.destination === '*' ? 0 : 1);
    if (rank > bestRank) {
      best = rule;
      bestRank = rank;
    }
  }
  return best ? best.action : dlp.defaultAction;
}

export function strictestAction(actions: Iterable<DlpAction>): DlpAction {
  let index = 0;
  for (const action of actions) index = Math.max(index, DLP_ACTIONS.indexOf(action));
  return DLP_ACTIONS[index] ?? 'allow';
}
