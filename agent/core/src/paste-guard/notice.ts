import type { DetectorInfo, DlpAction, DlpFinding } from '@sluice/shared';
import type { UserNotice } from './sources.js';

/** A detector's name for people: its description up to the first colon ("AWS access key id"). */
export function detectorName(info: Pick<DetectorInfo, 'description' | 'label'> | undefined, fallback: string): string {
  const text = info?.description?.split(/[:.(]/, 1)[0]?.trim();
  return text && text.length <= 60 ? text : (info?.label ?? fallback).replace(/_/g, ' ').toLowerCase();
}

/** "an AWS access key id and 2 credit card numbers", from the findings' detectors. */
export function describeFindings(findings: readonly DlpFinding[], names: (detector: string) => string): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(names(f.detector), (counts.get(names(f.detector)) ?? 0) + 1);
  const parts = [...counts].map(([name, n]) => (n === 1 ? name : `${n} × ${name}`));
  if (parts.length <= 1) return parts[0] ?? 'sensitive content';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export interface NoticeInput {
  readonly action: DlpAction;
  readonly found: string;
  readonly destination: string;
  readonly policyName: string;
  /** Shown for `justify`: how the user gives a reason. */
  readonly justifyHint?: string;
}

/**
 * The sentence the employee reads, at once: what was found, what was done and why, and what they
 * can do. Never the content itself.
 */
export function pasteNotice(input: NoticeInput): UserNotice | undefined {
  const { found, destination, policyName } = input;
  const why = `Policy: ${policyName}.`;
  switch (input.action) {
    case 'allow':
      return undefined;
    case 'warn':
      return {
        title: `Sensitive data on your clipboard`,
        body: `Your clipboard holds ${found}. Think twice before pasting it into ${destination}. ${why}`,
        urgency: 'normal',
      };
    case 'redact':
      return {
        title: `Redacted before pasting into ${destination}`,
        body: `Sluice replaced ${found} on your clipboard with placeholders while ${destination} is in front. Your original comes back when you switch away. ${why}`,
        urgency: 'critical',
      };
    case 'block':
      return {
        title: `Paste into ${destination} blocked`,
        body: `Your clipboard holds ${found}, which may not be pasted into ${destination}. It is emptied while ${destination} is in front and restored when you switch away. ${why}`,
        urgency: 'critical',
      };
    case 'justify':
      return {
        title: `Reason needed to paste into ${destination}`,
        body: `Your clipboard holds ${found}. It is held back while ${destination} is in front until you give a reason${input.justifyHint ? `: ${input.justifyHint}` : '.'} ${why}`,
        urgency: 'critical',
      };
  }
}
