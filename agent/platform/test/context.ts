import { createEventFactory, NO_EDM_INDEXES, PolicyState, type CapabilityContext } from '@sluice/agent-core';
import {
  DEFAULT_POLICY_INPUT,
  generatePolicyKeyPair,
  PolicyInputSchema,
  PolicySchema,
  signPolicy,
  type PolicyInput,
  type SluiceEvent,
} from '@sluice/shared';
import { createLogger } from '@sluice/shared-node';
import { tempDir } from './support.js';

const DEVICE_ID = '0192f0c4-8c1e-4b7a-9d2e-3f4a5b6c7d8e';

/** A capability context that validates events with the agent's own factory and keeps them. */
export function testContext(options: { dataDir?: string; sanctionedApps?: string[] } = {}) {
  const events: SluiceEvent[] = [];
  const unavailable: { component: string; code: string; reason: string }[] = [];
  const ai = { sanctionedApps: options.sanctionedApps ?? [], unsanctionedApps: [], sanctionedDomains: [], unsanctionedDomains: [] };
  const policy = { current: { version: 3, document: { ai } }, version: 3, onChange: () => undefined } as unknown as PolicyState;
  const make = createEventFactory(DEVICE_ID, () => 'tester');
  const context: CapabilityContext = {
    deviceId: DEVICE_ID,
    dataDir: options.dataDir ?? tempDir('sluice-platform-data-'),
    evidenceSalt: 'ef'.repeat(32),
    log: createLogger('test', 'silent'),
    policy,
    edm: NO_EDM_INDEXES,
    now: () => Date.now(),
    record: (type, payload, opts) => {
      const event = make(type, payload, opts);
      events.push(event);
      return event;
    },
    reportUnavailable: (component, code, reason) => {
      if (unavailable.some((u) => u.component === component)) return;
      unavailable.push({ component, code, reason });
    },
    registerControl: () => undefined,
  };
  return { context, events, unavailable, of: (type: string) => events.filter((e) => e.type === type) as (SluiceEvent & { payload: any })[] };
}

/**
 * A context for the paste guard: a real policy state holding a signed policy (the built-in default
 * patched by `policy`), recorded events and reported unavailability.
 */
export function pasteContext(policy?: Partial<PolicyInput>) {
  const keys = generatePolicyKeyPair();
  const dir = tempDir('sluice-paste-');
  const state = new PolicyState(dir, DEVICE_ID, keys.publicKey, createLogger('test', 'silent'));
  const apply = (patch: Partial<PolicyInput>, version: number) => {
    const doc = PolicySchema.parse({ ...PolicyInputSchema.parse({ ...DEFAULT_POLICY_INPUT, ...patch }), version, issuedAt: 1 });
    state.receive(signPolicy(doc, keys));
  };
  if (policy) apply(policy, 2);
  const events: SluiceEvent[] = [];
  const unavailable: string[] = [];
  const make = createEventFactory(DEVICE_ID, () => 'tester');
  const ctx: CapabilityContext = {
    deviceId: DEVICE_ID,
    dataDir: dir,
    evidenceSalt: 'ab'.repeat(32),
    log: createLogger('test', 'silent'),
    policy: state,
    edm: NO_EDM_INDEXES,
    now: Date.now,
    record: (type, payload, options) => {
      const e = make(type, payload, options);
      events.push(e);
      return e;
    },
    reportUnavailable: (component, code) => unavailable.push(`${component}:${code}`),
    registerControl: () => undefined,
  };
  return { ctx, events, unavailable, dir, apply };
}
