import { join } from 'node:path';
import {
  compileCustomDetectors,
  DEFAULT_POLICY_INPUT,
  PolicyDocumentSchema,
  policyAppliesTo,
  SignedPolicySchema,
  verifySignedPolicy,
  wireError,
  type Policy,
  type PolicyDocument,
  type SluiceError,
  type WireErrorCode,
} from '@sluice/shared';
import { readIfExists, writePrivateFile, type Logger } from '@sluice/shared-node';

export const POLICY_FILE = 'policy.json';

/** The policy the agent enforces: the last verified one, or the built-in recommended default. */
export interface EffectivePolicy {
  /** null for the built-in default (before the collector sent one). */
  readonly version: number | null;
  readonly document: PolicyDocument;
}

export type PolicyDecision =
  | { status: 'applied'; policy: Policy; previousVersion: number | null }
  | { status: 'rejected'; code: WireErrorCode; reason: string; version: number | null; policyId: string | null };

const BUILT_IN: EffectivePolicy = { version: null, document: PolicyDocumentSchema.parse(DEFAULT_POLICY_INPUT) };

/**
 * Holds the applied policy. A policy is accepted only if its signature verifies against the key
 * learned at enrollment, its version is newer than the applied one and its scope includes this
 * device; it is then persisted before it takes effect, so a restart resumes with it.
 */
export class PolicyState {
  private effective: EffectivePolicy = BUILT_IN;
  private readonly listeners: ((policy: EffectivePolicy) => void)[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly deviceId: string,
    private readonly publicKey: Uint8Array,
    private readonly log: Logger,
  ) {}

  get current(): EffectivePolicy {
    return this.effective;
  }

  get version(): number | null {
    return this.effective.version;
  }

  onChange(listener: (policy: EffectivePolicy) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Loads the persisted policy, verifying it again: a file edited on disk is refused like a forged
   * push. Returns the refusal, if any, so the caller can report it.
   */
  load(): PolicyDecision | undefined {
    const text = readIfExists(join(this.dataDir, POLICY_FILE));
    if (text === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.refuse(wireError('E_POLICY_INVALID', 'The stored policy file is not JSON.'), null, null);
    }
    const verified = verifySignedPolicy(json, this.publicKey);
    if (!verified.ok) return this.refuse(verified.error, null, null);
    this.effective = { version: verified.value.version, document: verified.value };
    return undefined;
  }

  /** Verifies, persists and applies a policy from the collector. */
  receive(signed: unknown): PolicyDecision {
    const verified = verifySignedPolicy(signed, this.publicKey);
    if (!verified.ok) return this.refuse(verified.error, null, null);
    const policy = verified.value;
    const previousVersion = this.effective.version;
    if (previousVersion !== null && policy.version <= previousVersion) {
      return this.refuse(wireError('E_POLICY_STALE', `Version ${policy.version} is not newer than ${previousVersion}.`), policy.version, policy.id);
    }
    if (!policyAppliesTo(policy.scope, this.deviceId)) {
      return this.refuse(wireError('E_POLICY_SCOPE'), policy.version, policy.id);
    }
    const detectors = compileCustomDetectors(policy.dlp.customDetectors);
    if (!detectors.ok) {
      return this.refuse(wireError('E_POLICY_INVALID', `${detectors.error.code}: ${detectors.error.message}`), policy.version, policy.id);
    }
    const envelope = SignedPolicySchema.parse(signed);
    writePrivateFile(join(this.dataDir, POLICY_FILE), `${JSON.stringify(envelope)}\n`);
    this.effective = { version: policy.version, document: policy };
    this.log.info({ version: policy.version, policyId: policy.id, mode: policy.mode }, 'policy applied');
    for (const listener of this.listeners) listener(this.effective);
    return { status: 'applied', policy, previousVersion };
  }

  private refuse(error: SluiceError, version: number | null, policyId: string | null): PolicyDecision {
    this.log.warn({ code: error.code, version }, 'policy refused');
    return { status: 'rejected', code: error.code as WireErrorCode, reason: error.message, version, policyId };
  }
}
