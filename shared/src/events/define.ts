import type { z } from 'zod';

/**
 * Where an event type sits in OCSF (https://schema.ocsf.io). The collector's SIEM export renders events
 * into these classes; docs/ocsf-mapping.md is generated from the same data.
 */
export interface OcsfMapping {
  readonly classUid: number;
  readonly className: string;
  readonly categoryUid: number;
  readonly activityId: number;
  readonly activityName: string;
}

export interface EventTypeDefinition<T extends string = string, P extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly description: string;
  readonly payload: P;
  readonly ocsf: OcsfMapping;
  /**
   * The payload's words that the collector indexes for full-text search. Only fields that are safe to
   * store in clear belong here: never raw pasted content or secrets.
   */
  readonly searchText: (payload: z.infer<P>) => readonly string[];
}

export function defineEventType<const T extends string, P extends z.ZodType>(
  definition: EventTypeDefinition<T, P>,
): EventTypeDefinition<T, P> {
  return definition;
}

/** OCSF classes the event types map to. */
export const OCSF = {
  baseEvent: { classUid: 0, className: 'Base Event', categoryUid: 0 },
  processActivity: { classUid: 1007, className: 'Process Activity', categoryUid: 1 },
  networkActivity: { classUid: 4001, className: 'Network Activity', categoryUid: 4 },
  deviceInventoryInfo: { classUid: 5001, className: 'Device Inventory Info', categoryUid: 5 },
  detectionFinding: { classUid: 2004, className: 'Detection Finding', categoryUid: 2 },
  dataSecurityFinding: { classUid: 2006, className: 'Data Security Finding', categoryUid: 2 },
  deviceConfigStateChange: { classUid: 5019, className: 'Device Config State Change', categoryUid: 5 },
  webResourcesActivity: { classUid: 6001, className: 'Web Resources Activity', categoryUid: 6 },
  applicationLifecycle: { classUid: 6002, className: 'Application Lifecycle', categoryUid: 6 },
} as const;
