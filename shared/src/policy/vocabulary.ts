import { z } from 'zod';

/** Kinds of sensitive data the DLP engine reports; policies assign actions per category. */
export const DATA_CATEGORIES = [
  'credential',
  'pii',
  'financial',
  'government_id',
  'health',
  'network',
  'source_code',
  'confidential',
  'custom',
] as const;
export const DataCategorySchema = z.enum(DATA_CATEGORIES);
export type DataCategory = z.infer<typeof DataCategorySchema>;

/** Where content is going, as AI discovery and the policy classify the destination. */
export const DESTINATION_CLASSES = ['sanctioned_ai', 'unsanctioned_ai', 'unknown_ai'] as const;
export const DestinationClassSchema = z.enum(DESTINATION_CLASSES);
export type DestinationClass = z.infer<typeof DestinationClassSchema>;

/** Ordered from least to most restrictive; when several findings apply, the strictest wins. */
export const DLP_ACTIONS = ['allow', 'warn', 'redact', 'justify', 'block'] as const;
export const DlpActionSchema = z.enum(DLP_ACTIONS);
export type DlpAction = z.infer<typeof DlpActionSchema>;
