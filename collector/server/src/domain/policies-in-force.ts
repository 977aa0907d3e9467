import type { PolicyScope } from '@sluice/shared';

export interface ScopedPolicy {
  readonly version: number;
  readonly scope: PolicyScope;
}

/**
 * The policies some device enforces. A device enforces the newest policy whose scope includes it,
 * so, walking newest first, a policy is in force when its scope reaches a device no newer policy
 * reaches; the first `all` policy shadows everything older. The result is oldest first: signing
 * them again in that order keeps every device, enrolled or not yet, on the same policy.
 */
export function policiesInForce<P extends ScopedPolicy>(newestFirst: readonly P[]): P[] {
  const inForce: P[] = [];
  const reached = new Set<string>();
  for (const policy of newestFirst) {
    if (policy.scope.kind === 'all') {
      inForce.push(policy);
      break;
    }
    if (policy.scope.devices.every((d) => reached.has(d))) continue;
    inForce.push(policy);
    for (const d of policy.scope.devices) reached.add(d);
  }
  return inForce.reverse();
}
