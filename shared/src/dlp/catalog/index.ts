import type { DetectorDefinition } from '../types.js';
import { CONFIDENTIAL_DETECTORS } from './confidential.js';
import { FINANCIAL_DETECTORS } from './financial.js';
import { GOVERNMENT_ID_DETECTORS } from './government-ids.js';
import { HEALTH_DETECTORS } from './health.js';
import { PII_DETECTORS } from './pii.js';
import { AI_SECRETS } from './secrets-ai.js';
import { CLOUD_SECRETS } from './secrets-cloud.js';
import { DEV_SECRETS } from './secrets-dev.js';
import { GENERIC_SECRETS } from './secrets-generic.js';
import { MESSAGING_SECRETS } from './secrets-messaging.js';
import { PAYMENT_SECRETS } from './secrets-payments.js';

/**
 * The built-in catalog, in the order listings show it. Specific detectors come before generic ones
 * in each group; when two findings tie under the overlap rule, order does not matter (ADR 0102).
 */
export const BUILTIN_DETECTORS: readonly DetectorDefinition[] = [
  ...CLOUD_SECRETS,
  ...DEV_SECRETS,
  ...AI_SECRETS,
  ...PAYMENT_SECRETS,
  ...MESSAGING_SECRETS,
  ...GENERIC_SECRETS,
  ...PII_DETECTORS,
  ...FINANCIAL_DETECTORS,
  ...GOVERNMENT_ID_DETECTORS,
  ...HEALTH_DETECTORS,
  ...CONFIDENTIAL_DETECTORS,
];
