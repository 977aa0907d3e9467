import type { SluiceEvent } from '@sluice/shared';
import { createEventFactory, NO_EDM_INDEXES, type CapabilityContext, type PolicyState } from '../../src/index.js';
import { DEVICE_ID, silentLog, tempDir } from '../helpers.js';

export interface TestAi {
  sanctionedApps?: string[];
  unsanctionedApps?: string[];
  sanctionedDomains?: string[];
  unsanctionedDomains?: string[];
}

/**
 * A capability context that validates every event like the agent does (through the real event
 * factory) and keeps them in memory, with a clock the test moves.
 */
export function testContext(options: { ai?: TestAi; version?: number | null; dataDir?: string } = {}) {
  let clock = 1_800_000_000_000;
  const events: SluiceEvent[] = [];
  const unavailable: { component: string; code: string; reason: string }[] = [];
  const ai = { sanctionedApps: [], unsanctionedApps: [], sanctionedDomains: [], unsanctionedDomains: [], ...options.ai };
  const version = options.version === undefined ? 7 : options.version;
  const policy = { current: { version, document: { ai } }, version, onChange: () => undefined } as unknown as PolicyState;
  const make = createEventFactory(DEVICE_ID, () => 'alice', () => clock);
  const context: CapabilityContext = {
    deviceId: DEVICE_ID,
    dataDir: options.dataDir ?? tempDir('sluice-discovery-'),
    evidenceSalt: 'cd'.repeat(32),
    log: silentLog,
    policy,
    edm: NO_EDM_INDEXES,
    now: () => clock,
    record: (type, payload, opts) => {
      const event = make(type, payload, opts);
      events.push(event);
      return event;
    },
    reportUnavailable: (component, code, reason) => {
      if (unavailable.some((u) => u.component === component)) return;
      unavailable.push({ component, code, reason });
      context.record('agent.error', { component, code, message: reason }, { user: '' });
    },
    registerControl: () => undefined,
  };
  return {
    context,
    events,
    unavailable,
    of: (type: string) => events.filter((e) => e.type === type) as (SluiceEvent & { payload: any })[],
    advance: (ms: number) => {
      clock += ms;
    },
    get now() {
      return clock;
    },
  };
}
