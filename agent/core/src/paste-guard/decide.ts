import {
  resolveDlpAction,
  strictestAction,
  type DataCategory,
  type DestinationClass,
  type DlpAction,
  type DlpFinding,
} from '@sluice/shared';
import type { EffectivePolicy } from '../policy-state.js';

export interface PasteDecision {
  /** The strictest action among the categories found. */
  readonly action: DlpAction;
  readonly categories: readonly DataCategory[];
  /** The action each category asked for, for the notice ("credentials: redact, personal data: warn"). */
  readonly byCategory: ReadonlyMap<DataCategory, DlpAction>;
  readonly mode: 'monitor' | 'enforce';
}

/**
 * What the policy asks for when these findings meet this destination: each category's action by
 * the most specific rule, then the strictest of them (allow < warn < redact < justify < block).
 * Source-code regions only count when the policy gives `source_code` a rule of its own.
 */
export function decidePaste(findings: readonly DlpFinding[], destination: DestinationClass, policy: EffectivePolicy): PasteDecision {
  const byCategory = new Map<DataCategory, DlpAction>();
  for (const f of findings) {
    if (!byCategory.has(f.category)) byCategory.set(f.category, resolveDlpAction(policy.document.dlp, f.category, destination));
  }
  return {
    action: strictestAction(byCategory.values()),
    categories: [...byCategory.keys()],
    byCategory,
    mode: policy.document.mode,
  };
}
