import { join } from 'node:path';
import { decodeKey, type EventPayload, type EventType, type SluiceEvent } from '@sluice/shared';
import { createLogger, ensurePrivateDir, type Logger } from '@sluice/shared-node';
import type { Capability, CapabilityContext } from './capability.js';
import type { AgentConfig } from './config.js';
import { controlSocketPath, startControlServer, type ControlServer } from './control/control.js';
import { CollectorConnection } from './connection.js';
import { loadCredentials, type Credentials } from './credentials.js';
import { readCa } from './enroll.js';
import { downloadEdmIndex, EdmIndexes } from './edm/index.js';
import { createEventFactory, type EventFactory } from './events.js';
import { acquireLock } from './lock.js';
import { Outbox } from './outbox.js';
import { createNodePlatform, type Platform } from './platform.js';
import { PolicyState, type PolicyDecision } from './policy-state.js';
import { writeStatus, type AgentStatusReport } from './status.js';

export const OUTBOX_FILE = 'outbox.db';
/** The component `agent.error` events about exact-data-match indexes name. */
export const EDM_COMPONENT = 'edm';

export interface AgentOptions {
  config: AgentConfig;
  agentVersion: string;
  platform?: Platform;
  log?: Logger;
  now?: () => number;
  /** Capabilities to host, started after the connection and stopped before it. */
  capabilities?: readonly Capability[];
}

export interface Agent {
  readonly deviceId: string;
  readonly policy: PolicyState;
  /** The exact-data-match indexes of the applied policy. */
  readonly edm: EdmIndexes;
  readonly outbox: Outbox;
  readonly log: Logger;
  /** Queues an event durably and wakes the sender. */
  record<T extends EventType>(type: T, payload: EventPayload<T>, options?: { user?: string; time?: number }): SluiceEvent;
  /** Reports, once, that a capability cannot run here and why. */
  reportUnavailable(component: string, code: string, reason: string): void;
  status(): AgentStatusReport;
  /** Stops cleanly: records agent.stopped, gives the sender a moment to deliver, closes storage. */
  stop(reason?: string): Promise<void>;
}

/**
 * Opens an agent for a data folder and starts it: credentials, outbox, applied policy, connection.
 * The same core runs headless (`sluice agent run`) and inside the desktop shell.
 */
export async function startAgent(options: AgentOptions): Promise<Agent> {
  const { config, agentVersion } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? createLogger('agent', config.logLevel);
  const platform = options.platform ?? createNodePlatform();
  ensurePrivateDir(config.dataDir);
  const release = acquireLock(config.dataDir);
  let credentials: Credentials;
  let outbox: Outbox;
  let ca: Buffer | undefined;
  try {
    credentials = loadCredentials(config.dataDir, (m) => log.warn(m));
    ca = readCa(config.caFile);
    outbox = new Outbox({ file: join(config.dataDir, OUTBOX_FILE), maxEvents: config.outbox.maxEvents, maxBytes: config.outbox.maxBytes });
  } catch (error) {
    release();
    throw error;
  }
  const collectorUrl = config.collectorUrl ?? credentials.collectorUrl;
  const makeEvent: EventFactory = createEventFactory(credentials.deviceId, () => platform.currentUser(), now);
  const policy = new PolicyState(config.dataDir, credentials.deviceId, decodeKey(credentials.policyPublicKey), log);
  const startedAt = now();
  const unavailable: AgentStatusReport['unavailable'] = [];
  let stopped = false;

  function reportDrops(): void {
    const report = outbox.takeDropReport();
    if (!report) return;
    log.warn({ dropped: report.dropped, bound: report.bound }, 'outbox bound reached: oldest undelivered events evicted');
    outbox.append([makeEvent('agent.outbox_dropped', report, { user: '' })]);
  }

  function record<T extends EventType>(type: T, payload: EventPayload<T>, recordOptions?: { user?: string; time?: number }): SluiceEvent {
    const event = makeEvent(type, payload, recordOptions);
    outbox.append([event]);
    reportDrops();
    connection.notify();
    return event;
  }

  function recordPolicyDecision(decision: PolicyDecision): void {
    if (decision.status === 'applied') {
      record('policy.applied', { policyId: decision.policy.id, version: decision.policy.version, mode: decision.policy.mode, previousVersion: decision.previousVersion }, { user: '' });
    } else {
      record('policy.rejected', { policyId: decision.policyId, version: decision.version, code: decision.code, reason: decision.reason.slice(0, 4096) }, { user: '' });
    }
  }

  function status(): AgentStatusReport {
    return {
    pid: process.pid,
    agentVersion,
    deviceId: credentials.deviceId,
    startedAt,
    updatedAt: now(),
    connection: connection.snapshot,
    outbox: outbox.stats(),
    policy: { version: policy.version, id: policy.current.document.id, mode: policy.current.document.mode },
    unavailable: [...unavailable],
    edm: edm.status(),
    };
  }

  function publishStatus(): void {
    try {
      writeStatus(config.dataDir, status());
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'could not write the status file');
    }
  }

  const connection: CollectorConnection = new CollectorConnection({
    collectorUrl,
    deviceId: credentials.deviceId,
    deviceSecret: credentials.deviceSecret,
    ...(ca ? { ca } : {}),
    outbox,
    config,
    log,
    now,
    hello: () => ({ agentVersion, os: platform.osInfo(), policyVersion: policy.version }),
    heartbeat: () => {
      const s = outbox.stats();
      return { pending: s.pending, bytes: s.bytes, dropped: s.droppedTotal, policyVersion: policy.version };
    },
    onPolicy: async (signed) => {
      const decision = policy.receive(signed);
      recordPolicyDecision(decision);
      publishStatus();
      return decision.status === 'applied'
        ? { version: decision.policy.version, status: 'applied' }
        : { version: decision.version ?? 0, status: 'rejected', code: decision.code, reason: decision.reason.slice(0, 1_000) };
    },
    onStateChange: (stats) => {
      // Back in touch with the collector: indexes that could not be downloaded are tried again now.
      if (stats.state === 'connected') void edm.retryFailed();
      publishStatus();
    },
  });
  const edm = new EdmIndexes({
    dataDir: config.dataDir,
    download: (ref, signal) =>
      downloadEdmIndex({ collectorUrl, deviceId: credentials.deviceId, deviceSecret: credentials.deviceSecret, ...(ca ? { ca } : {}) }, ref, signal),
    log,
    onFailure: (_ref, error) => record('agent.error', { component: EDM_COMPONENT, code: error.code, message: error.message.slice(0, 4096) }, { user: '' }),
  });
  const refused = policy.load();
  if (refused) recordPolicyDecision(refused);
  // Indexes cached by an earlier run load before the first connection: they work offline.
  void edm.sync(policy.current.document.dlp.edmIndexes);
  policy.onChange((applied) => void edm.sync(applied.document.dlp.edmIndexes));
  record('agent.started', { agentVersion, pid: process.pid }, { user: '' });

  connection.start();

  function reportUnavailable(component: string, code: string, reason: string): void {
    if (unavailable.some((u) => u.component === component)) return;
    unavailable.push({ component, code, reason });
    log.warn({ component, code }, `${component} unavailable: ${reason}`);
    record('agent.error', { component, code, message: reason.slice(0, 4096) }, { user: '' });
    publishStatus();
  }

  let control: ControlServer | undefined;
  try {
    control = await startControlServer(controlSocketPath(config.dataDir), log);
    control.register('status', () => status());
  } catch (error) {
    // The agent works without local commands; say so once.
    reportUnavailable('control-socket', 'E_CONTROL_UNAVAILABLE', `The control socket could not be opened: ${(error as Error).message}`);
  }
  const context: CapabilityContext = {
    deviceId: credentials.deviceId,
    dataDir: config.dataDir,
    evidenceSalt: credentials.evidenceSalt,
    log,
    policy,
    edm,
    now,
    record,
    reportUnavailable,
    registerControl: (type, handler) => control?.register(type, handler),
  };
  const started: Capability[] = [];
  for (const capability of options.capabilities ?? []) {
    try {
      await capability.start(context);
      started.push(capability);
    } catch (error) {
      reportUnavailable(capability.name, (error as { code?: string }).code ?? 'E_CAPABILITY_START', (error as Error).message);
    }
  }

  const poll = setInterval(() => {
    try {
      if (outbox.changedElsewhere()) {
        reportDrops();
        connection.notify();
      }
    } catch (error) {
      log.error({ err: (error as Error).message }, 'outbox poll failed');
    }
  }, config.pollIntervalMs);
  const statusTimer = setInterval(publishStatus, config.statusIntervalMs);
  publishStatus();
  log.info({ deviceId: credentials.deviceId, collectorUrl, policyVersion: policy.version }, 'agent started');

  return {
    deviceId: credentials.deviceId,
    policy,
    edm,
    outbox,
    log,
    record,
    reportUnavailable,
    status,
    async stop(reason = 'stopped') {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      clearInterval(statusTimer);
      for (const capability of started.reverse()) {
        try {
          await capability.stop();
        } catch (error) {
          log.error({ capability: capability.name, err: (error as Error).message }, 'capability did not stop cleanly');
        }
      }
      await control?.close();
      await edm.stop();
      try {
        record('agent.stopped', { agentVersion, pid: process.pid, reason: reason.slice(0, 256) }, { user: '' });
        if (connection.snapshot.state === 'connected') await connection.drained(1_500);
      } finally {
        await connection.stop();
        publishStatus();
        outbox.close();
        release();
        log.info({ reason }, 'agent stopped');
      }
    },
  };
}
