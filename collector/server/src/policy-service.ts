import {
  compileCustomDetectors,
  PolicyInputSchema,
  PolicySchema,
  SluiceError,
  describeIssues,
  signPolicy,
  verifySignedPolicy,
  type EdmIndexRef,
  type Policy,
} from '@sluice/shared';
import { policiesInForce } from './domain/policies-in-force.js';
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
 *
 * Every policy signed here names all the exact-data-match indexes the collector holds
 * (`dlp.edmIndexes`); when they change, `reissue` signs the policies in force again.
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
    return this.serialized(() => this.publishNow(input));
  }

  /**
   * Signs every policy some device enforces again, oldest first, so each device moves to a new
   * version of the policy it had, naming the current indexes; online agents get it at once.
   */
  reissue(): Promise<StoredPolicyResult[]> {
    return this.serialized(() => this.reissueNow());
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async publishNow(input: unknown): Promise<StoredPolicyResult> {
    const { policy, stored } = await this.signAndStore(input);
    return { policy, stored, pushedTo: this.hub.pushPolicy(stored) };
  }

  private async signAndStore(input: unknown): Promise<{ policy: Policy; stored: StoredPolicy }> {
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
    const edmIndexes = await this.edmIndexRefs();
    const policy = PolicySchema.parse({ ...parsed.data, dlp: { ...parsed.data.dlp, edmIndexes }, version, issuedAt: this.now() });
    const signed = signPolicy(policy, this.keys);
    const stored: StoredPolicy = { version, policyId: policy.id, scope: policy.scope, signed, createdAt: policy.issuedAt };
    await this.store.storePolicy(stored);
    return { policy, stored };
  }

  private async reissueNow(): Promise<StoredPolicyResult[]> {
    const signed: { policy: Policy; stored: StoredPolicy }[] = [];
    for (const policy of policiesInForce(await this.genuinePolicies())) {
      const { version: _version, issuedAt: _issuedAt, dlp, ...body } = policy;
      const { edmIndexes: _edmIndexes, ...authored } = dlp;
      signed.push(await this.signAndStore({ ...body, dlp: authored }));
    }
    const pushedTo = this.hub.pushNewestPolicies(signed.map((s) => s.stored));
    return signed.map((s, i) => ({ ...s, pushedTo: pushedTo[i] ?? 0 }));
  }

  /**
   * Stored policies, newest first, that verify against the collector's own key under the version
   * they are stored as. A row edited in the database is no policy at all: agents would refuse it,
   * and signing its text again would launder the edit.
   */
  private async genuinePolicies(): Promise<Policy[]> {
    const genuine: Policy[] = [];
    for (const stored of await this.store.listPolicies()) {
      const verified = verifySignedPolicy(stored.signed, this.keys.publicKey);
      if (verified.ok && verified.value.version === stored.version) genuine.push(verified.value);
    }
    return genuine;
  }

  private async edmIndexRefs(): Promise<EdmIndexRef[]> {
    return (await this.store.listEdmIndexes()).map(({ name, sha256, size }) => ({ name, sha256, size }));
  }
}
