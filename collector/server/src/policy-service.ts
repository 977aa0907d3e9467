import {
  compileCustomDetectors,
  PolicyInputSchema,
  PolicySchema,
  SluiceError,
  describeIssues,
  signPolicy,
  type Policy,
} from '@sluice/shared';
import type { AgentHub } from './ingest/hub.js';
import type { PolicyKeys } from './keys.js';
import type { Store, StoredPolicy } from './storage/store.js';

export interface StoredPolicyResult {
  policy: Policy;
  stored: StoredPolicy;
  /** Online agents in scope that were sent the policy. */
  pushedTo: number;
}

/**
 * Versions, signs, stores and distributes policies. Versions are assigned here, strictly increasing
 * across all policies, so an agent can refuse anything not newer than what it applied. Writes are
 * serialized so that two concurrent pushes cannot claim the same version.
 */
export class PolicyService {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly keys: PolicyKeys,
    private readonly hub: AgentHub,
    private readonly now: () => number,
  ) {}

  publish(input: unknown): Promise<StoredPolicyResult> {
    const run = this.tail.then(() => this.publishNow(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async publishNow(input: unknown): Promise<StoredPolicyResult> {
    const parsed = PolicyInputSchema.safeParse(input);
    if (!parsed.success) throw new SluiceError('E_POLICY_INVALID', `The policy is not valid: ${describeIssues(parsed.error)}`);
    // Agents compile custom detectors; one that cannot compile (a backtracking pattern) is refused here.
    const detectors = compileCustomDetectors(parsed.data.dlp.customDetectors);
    if (!detectors.ok) throw new SluiceError('E_POLICY_INVALID', `The policy is not valid: ${detectors.error.code}: ${detectors.error.message}`);
    const max = await this.store.maxPolicyVersion();
    const version = parsed.data.version ?? max + 1;
    if (version <= max) {
      throw new SluiceError('E_POLICY_STALE', `Version ${version} is not newer than the stored version ${max}.`);
    }
    const policy = PolicySchema.parse({ ...parsed.data, version, issuedAt: this.now() });
    const signed = signPolicy(policy, this.keys);
    const stored: StoredPolicy = { version, policyId: policy.id, scope: policy.scope, signed, createdAt: policy.issuedAt };
    await this.store.storePolicy(stored);
    return { policy, stored, pushedTo: this.hub.pushPolicy(stored) };
  }
}
