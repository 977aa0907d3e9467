import type { EventPayload, EventType, SluiceEvent } from '@sluice/shared';
import type { Logger } from '@sluice/shared-node';
import type { EdmDetectorSource } from './edm/edm-indexes.js';
import type { PolicyState } from './policy-state.js';

/** What a capability (discovery, paste guard, coding-agent hooks…) gets from the running agent. */
export interface CapabilityContext {
  readonly deviceId: string;
  readonly dataDir: string;
  /** The organization's salt for hashes in evidence (HMAC key), from enrollment. */
  readonly evidenceSalt: string;
  readonly log: Logger;
  readonly policy: PolicyState;
  /** Detectors of the exact-data-match indexes the applied policy names, once downloaded and verified. */
  readonly edm: EdmDetectorSource;
  now(): number;
  /** Queues an event durably; the caller never waits for the network. */
  record<T extends EventType>(type: T, payload: EventPayload<T>, options?: { user?: string; time?: number }): SluiceEvent;
  /** Reports once that this capability cannot run here and why (no display, missing tool…). */
  reportUnavailable(component: string, code: string, reason: string): void;
  /** Answers requests of this `type` on the agent's local control socket (`sluice agent justify`, the desktop shell). */
  registerControl(type: string, handler: (request: Record<string, unknown>) => Promise<unknown> | unknown): void;
}

/**
 * A unit of endpoint behaviour hosted by the agent. Start must not throw for environmental reasons
 * (report them with `reportUnavailable` instead); an error thrown from start is reported the same
 * way and the agent keeps running without it.
 */
export interface Capability {
  readonly name: string;
  start(context: CapabilityContext): Promise<void> | void;
  stop(): Promise<void> | void;
}
