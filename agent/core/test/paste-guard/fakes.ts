import { generatePolicyKeyPair, type PolicyInput, type RuntimeDetector, type SluiceEvent } from '@sluice/shared';
import type { ActiveWindow, CapabilityContext, ClipboardContent, ClipboardSource, EdmDetectorSource, FocusSource, Notifier, UserNotice } from '../../src/index.js';
import { createEventFactory, PolicyState } from '../../src/index.js';
import { DEVICE_ID, signedTestPolicy, silentLog, tempDir } from '../helpers.js';

/**
 * In-memory desktop for the guard's logic: a clipboard that notifies on every write (as X11 does,
 * including the guard's own writes) and a focus that tests move. The real X11 sources are tested
 * under Xvfb in agent/platform.
 */
export class MemoryClipboard implements ClipboardSource {
  content: ClipboardContent = { kind: 'empty' };
  writes = 0;
  private listener: (() => void) | undefined;
  async check() {
    return { available: true as const };
  }
  async watch(onChange: () => void) {
    this.listener = onChange;
  }
  async read(maxBytes: number): Promise<ClipboardContent> {
    const c = this.content;
    if (c.kind !== 'text' || c.bytes <= maxBytes) return c;
    const text = Buffer.from(c.text).subarray(0, maxBytes).toString('utf8');
    return { kind: 'text', text, bytes: maxBytes, truncated: true };
  }
  async writeText(text: string) {
    this.writes += 1;
    this.set({ kind: 'text', text, bytes: Buffer.byteLength(text), truncated: false });
  }
  async clear() {
    this.writes += 1;
    this.set({ kind: 'empty' });
  }
  close() {}
  /** What a user's copy does. */
  copy(text: string) {
    this.set({ kind: 'text', text, bytes: Buffer.byteLength(text), truncated: false });
  }
  set(content: ClipboardContent) {
    this.content = content;
    queueMicrotask(() => this.listener?.());
  }
  get text(): string | undefined {
    return this.content.kind === 'text' ? this.content.text : undefined;
  }
}

export class MemoryFocus implements FocusSource {
  window: ActiveWindow | undefined;
  private listener: ((w: ActiveWindow | undefined) => void) | undefined;
  async check() {
    return { available: true as const };
  }
  async watch(onFocus: (w: ActiveWindow | undefined) => void) {
    this.listener = onFocus;
  }
  async current() {
    return this.window;
  }
  close() {}
  focus(window: ActiveWindow | undefined) {
    this.window = window;
    this.listener?.(window);
  }
}

export class MemoryNotifier implements Notifier {
  readonly notices: UserNotice[] = [];
  async notify(notice: UserNotice) {
    this.notices.push(notice);
  }
}

export const CHATGPT: ActiveWindow = { title: 'ChatGPT - Google Chrome', ownerName: 'google-chrome' };
export const CLAUDE_WEB: ActiveWindow = { title: 'Claude - Mozilla Firefox', ownerName: 'firefox' };
export const EDITOR: ActiveWindow = { title: 'deploy.env - infra - Visual Studio Code', ownerName: 'code' };

/** Exact-data-match detectors the test hands over, as the agent does once an index is verified. */
export class MemoryEdm implements EdmDetectorSource {
  key = '';
  private current: readonly RuntimeDetector[] = [];
  private readonly listeners: (() => void)[] = [];
  detectors() {
    return this.current;
  }
  onChange(listener: () => void) {
    this.listeners.push(listener);
  }
  set(detectors: readonly RuntimeDetector[]) {
    this.current = detectors;
    this.key = detectors.map((d) => d.info.id).join(',');
    for (const listener of this.listeners) listener();
  }
}

/** A capability context with a real policy state (signed policies) and a list of recorded events. */
export function testContext(policy?: Partial<PolicyInput>) {
  const keys = generatePolicyKeyPair();
  const dir = tempDir();
  const state = new PolicyState(dir, DEVICE_ID, keys.publicKey, silentLog);
  const apply = (patch: Partial<PolicyInput>, version: number) => {
    const decision = state.receive(signedTestPolicy(version, patch, keys));
    if (decision.status !== 'applied') throw new Error(decision.reason);
  };
  if (policy) apply(policy, 2);
  const events: SluiceEvent[] = [];
  const unavailable: string[] = [];
  const controls = new Map<string, (r: Record<string, unknown>) => unknown>();
  const make = createEventFactory(DEVICE_ID, () => 'alice');
  const edm = new MemoryEdm();
  const ctx: CapabilityContext = {
    deviceId: DEVICE_ID,
    dataDir: dir,
    evidenceSalt: 'ab'.repeat(32),
    log: silentLog,
    policy: state,
    edm,
    now: Date.now,
    record: (type, payload, options) => {
      const event = make(type, payload, options);
      events.push(event);
      return event;
    },
    reportUnavailable: (component, code) => unavailable.push(`${component}:${code}`),
    registerControl: (type, handler) => controls.set(type, handler),
  };
  return { ctx, events, unavailable, controls, apply, edm };
}

export async function settle(ms = 5): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
