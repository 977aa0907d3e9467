import type { Heartbeat } from '@sluice/shared';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import { policyAppliesTo } from '@sluice/shared';
import type { Metrics } from '../metrics.js';
import type { DeviceTouch, Store, StoredPolicy } from '../storage/store.js';
import { AgentSession, type IngestLimits, type SessionHost } from './agent-session.js';
import { GroupCommitWriter, type WriterOptions } from './writer.js';

export interface HubOptions {
  store: Store;
  metrics: Metrics;
  log: Logger;
  limits: IngestLimits;
  writer: WriterOptions;
  heartbeatIntervalMs: number;
  /** How often last-seen and heartbeat state is written. */
  touchFlushMs: number;
  now?: () => number;
}

/**
 * The live side of ingest: one session per online device, the shared group-commit writer, policy
 * fan-out and disconnection of revoked devices.
 */
export class AgentHub implements SessionHost {
  readonly store: Store;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly limits: IngestLimits;
  readonly heartbeatIntervalMs: number;
  readonly writer: GroupCommitWriter;
  private readonly sessions = new Map<string, AgentSession>();
  /** Every open connection, including those still waiting for hello. */
  private readonly sockets = new Set<AgentSession>();
  private readonly touches = new Map<string, DeviceTouch>();
  private readonly touchTimer: NodeJS.Timeout;
  private readonly livenessTimer: NodeJS.Timeout;
  private readonly clock: () => number;

  constructor(options: HubOptions) {
    this.store = options.store;
    this.metrics = options.metrics;
    this.log = options.log;
    this.limits = options.limits;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs;
    this.clock = options.now ?? Date.now;
    this.writer = new GroupCommitWriter(options.store, options.writer, options.metrics, (paused) => this.pressure(paused));
    this.touchTimer = setInterval(() => void this.flushTouches(), options.touchFlushMs);
    this.touchTimer.unref();
    // Two heartbeat intervals without a pong means the agent is gone.
    this.livenessTimer = setInterval(() => {
      for (const session of this.sockets) session.checkAlive(this.writer.isPaused);
    }, options.heartbeatIntervalMs * 2);
    this.livenessTimer.unref();
  }

  now(): number {
    return this.clock();
  }

  attach(ws: WebSocket, deviceId: string): AgentSession {
    const session = new AgentSession(ws, deviceId, this);
    this.sockets.add(session);
    this.metrics.connections.set(this.sockets.size);
    ws.on('close', () => {
      this.sockets.delete(session);
      this.metrics.connections.set(this.sockets.size);
    });
    if (this.writer.isPaused) ws.pause();
    return session;
  }

  online(session: AgentSession): void {
    const previous = this.sessions.get(session.deviceId);
    if (previous && previous !== session) previous.fail('E_SUPERSEDED', undefined, true);
    this.sessions.set(session.deviceId, session);
    this.touch(session.deviceId, this.now());
  }

  offline(session: AgentSession): void {
    if (this.sessions.get(session.deviceId) === session) this.sessions.delete(session.deviceId);
  }

  isOnline(deviceId: string): boolean {
    return this.sessions.get(deviceId)?.isReady ?? false;
  }

  get onlineCount(): number {
    return this.sessions.size;
  }

  touch(deviceId: string, at: number, heartbeat?: Heartbeat): void {
    const previous = this.touches.get(deviceId);
    this.touches.set(deviceId, {
      id: deviceId,
      at,
      outboxPending: heartbeat?.outbox.pending ?? previous?.outboxPending,
      outboxDropped: heartbeat?.outbox.dropped ?? previous?.outboxDropped,
    });
  }

  /** Sends a newly stored policy to every online device in its scope; returns how many got it. */
  pushPolicy(policy: StoredPolicy): number {
    let sent = 0;
    for (const session of this.sessions.values()) {
      if (!policyAppliesTo(policy.scope, session.deviceId)) continue;
      session.pushPolicy(policy);
      sent += 1;
    }
    return sent;
  }

  /**
   * Sends each online agent only the newest of `policies` in its scope (several policies signed at
   * once must not make an agent apply an older one on the way). Returns the agents each reached.
   */
  pushNewestPolicies(policies: readonly StoredPolicy[]): number[] {
    const sent = policies.map(() => 0);
    for (const session of this.sessions.values()) {
      let newest = -1;
      policies.forEach((p, i) => {
        if (policyAppliesTo(p.scope, session.deviceId) && (newest < 0 || p.version > policies[newest]!.version)) newest = i;
      });
      if (newest < 0) continue;
      session.pushPolicy(policies[newest]!);
      sent[newest] = (sent[newest] ?? 0) + 1;
    }
    return sent;
  }

  disconnect(deviceId: string, code: 'E_DEVICE_REVOKED'): boolean {
    let found = false;
    for (const session of this.sockets) {
      if (session.deviceId !== deviceId) continue;
      session.fail(code, undefined, true);
      found = true;
    }
    return found;
  }

  async close(): Promise<void> {
    for (const session of this.sockets) session.fail('E_SHUTTING_DOWN', undefined, true);
    await this.writer.close();
    clearInterval(this.touchTimer);
    clearInterval(this.livenessTimer);
    await this.flushTouches();
  }

  private pressure(paused: boolean): void {
    this.log.warn({ paused, queued: this.writer.depth }, paused ? 'ingest paused: writer is behind' : 'ingest resumed');
    for (const session of this.sockets) session.pauseReading(paused);
  }

  private async flushTouches(): Promise<void> {
    if (this.touches.size === 0) return;
    const updates = [...this.touches.values()];
    this.touches.clear();
    try {
      await this.store.touchDevices(updates);
    } catch (error) {
      this.log.error({ err: (error as Error).message }, 'could not record last-seen times');
    }
  }
}
