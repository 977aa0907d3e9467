import {
  CLOSE_CODES,
  eventSearchText,
  parseAgentMessage,
  parseEvent,
  PROTOCOL_VERSION,
  WIRE_ERRORS,
  type CollectorMessage,
  type EventBatch,
  type Heartbeat,
  type Hello,
  type PolicyAck,
  type RejectedEvent,
  type WireErrorCode,
} from '@sluice/shared';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { EventRow, RejectedRow, Store, StoredPolicy } from '../storage/store.js';
import type { GroupCommitWriter } from './writer.js';

export interface IngestLimits {
  maxFrameBytes: number;
  maxBatchEvents: number;
  maxEventBytes: number;
  maxInFlightEvents: number;
  /** Non-fatal protocol errors tolerated on one connection before it is closed. */
  maxProtocolErrors: number;
  /** Frames received but not yet handled (waiting behind hello) before the connection is closed. */
  maxQueuedFrames: number;
  helloTimeoutMs: number;
}

export interface SessionHost {
  readonly store: Store;
  readonly writer: GroupCommitWriter;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly limits: IngestLimits;
  readonly heartbeatIntervalMs: number;
  now(): number;
  /** Called once hello succeeded; the host registers the session as the device's connection. */
  online(session: AgentSession): void;
  offline(session: AgentSession): void;
  touch(deviceId: string, at: number, heartbeat?: Heartbeat): void;
}

/**
 * One authenticated agent connection: the protocol state machine from hello to close. The device id
 * comes from authentication, never from the messages; anything claiming another device is refused.
 */
export class AgentSession {
  readonly deviceId: string;
  private state: 'awaiting_hello' | 'ready' | 'closed' = 'awaiting_hello';
  /** Highest sequence number handed to the writer (or known stored). */
  private acceptedSeq = 0;
  /** Events received and not yet acknowledged. */
  private inFlight = 0;
  private errors = 0;
  private queuedFrames = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly helloTimer: NodeJS.Timeout;
  /** A ping was sent and no pong has come back yet. */
  private awaitingPong = false;
  policyVersion: number | null = null;
  agentVersion: string | null = null;
  readonly connectedAt: number;

  constructor(
    private readonly ws: WebSocket,
    deviceId: string,
    private readonly host: SessionHost,
  ) {
    this.deviceId = deviceId;
    this.connectedAt = host.now();
    this.helloTimer = setTimeout(() => {
      if (this.state === 'awaiting_hello') this.fail('E_HELLO_REQUIRED', 'No hello within the time allowed.', true);
    }, host.limits.helloTimeoutMs);
    this.helloTimer.unref();
    ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    ws.on('close', () => this.closed());
    ws.on('pong', () => {
      this.awaitingPong = false;
    });
    ws.on('error', (error) => {
      host.log.debug({ deviceId, err: error.message }, 'agent socket error');
    });
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  send(message: CollectorMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  /** Sends a coded error; fatal errors close the connection with the matching close code. */
  fail(code: WireErrorCode, detail?: string, fatal = WIRE_ERRORS[code].fatal, batch?: number): void {
    this.host.metrics.protocolErrors.inc({ code });
    const message = detail ? `${WIRE_ERRORS[code].message} ${detail}` : WIRE_ERRORS[code].message;
    this.send({ type: 'error', code, message: message.slice(0, 1_000), fatal, ...(batch === undefined ? {} : { batch }) });
    if (fatal) {
      this.close(closeCodeFor(code), code);
      return;
    }
    this.errors += 1;
    if (this.errors > this.host.limits.maxProtocolErrors) {
      this.fail('E_TOO_MANY_ERRORS', undefined, true);
    }
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.helloTimer);
    this.ws.close(code, reason);
    // A peer that never completes the closing handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2_000).unref();
  }

  pushPolicy(policy: StoredPolicy): void {
    if (this.state !== 'ready') return;
    if (this.policyVersion !== null && this.policyVersion >= policy.version) return;
    this.send({ type: 'policy', policy: policy.signed });
    this.host.metrics.policyPushes.inc();
  }

  /**
   * Liveness: called periodically by the hub. A peer that did not answer the previous ping is gone
   * (a laptop that lost its network) and is cut off, so it stops counting as online.
   */
  checkAlive(readingPaused: boolean): void {
    if (this.state === 'closed') return;
    // While reading is paused for back-pressure, pongs cannot be read: skip this round.
    if (readingPaused) return;
    if (this.awaitingPong) {
      this.host.log.info({ deviceId: this.deviceId }, 'agent stopped answering pings; closing');
      this.state = 'closed';
      this.ws.terminate();
      return;
    }
    this.awaitingPong = true;
    this.ws.ping();
  }

  pauseReading(paused: boolean): void {
    if (this.state !== 'ready') return;
    this.send({ type: 'flow', action: paused ? 'pause' : 'resume', ...(paused ? { reason: 'collector writer is behind' } : {}) });
    if (paused) this.ws.pause();
    else this.ws.resume();
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closed') return;
    if (isBinary) {
      this.fail('E_BAD_MESSAGE', 'Frames must be text.');
      return;
    }
    this.queuedFrames += 1;
    if (this.queuedFrames > this.host.limits.maxQueuedFrames) {
      this.fail('E_FLOW_VIOLATION', 'Too many frames waiting to be handled.', true);
      return;
    }
    const receivedAt = performance.now();
    this.chain = this.chain
      .then(() => this.handle(data.toString('utf8'), receivedAt))
      .catch((error: unknown) => {
        this.host.log.error({ deviceId: this.deviceId, err: (error as Error).message }, 'agent message handling failed');
        this.fail('E_INTERNAL');
      })
      .finally(() => {
        this.queuedFrames -= 1;
      });
  }

  private async handle(frame: string, receivedAt: number): Promise<void> {
    if (this.state === 'closed') return;
    const parsed = parseAgentMessage(frame);
    if (!parsed.ok) {
      this.fail(parsed.error.code as WireErrorCode, undefined);
      return;
    }
    const message = parsed.value;
    if (this.state === 'awaiting_hello' && message.type !== 'hello') {
      this.fail('E_HELLO_REQUIRED');
      return;
    }
    switch (message.type) {
      case 'hello':
        return this.hello(message);
      case 'events':
        return this.events(message, receivedAt);
      case 'heartbeat':
        return this.heartbeat(message);
      case 'policy_ack':
        return this.policyAck(message);
    }
  }

  private async hello(hello: Hello): Promise<void> {
    if (this.state === 'ready') {
      this.fail('E_HELLO_REPEATED');
      return;
    }
    if (hello.protocol !== PROTOCOL_VERSION) {
      this.fail('E_PROTOCOL_VERSION', `This collector speaks protocol ${PROTOCOL_VERSION}.`, true);
      return;
    }
    if (hello.deviceId !== this.deviceId) {
      this.fail('E_DEVICE_MISMATCH', 'Hello names another device.', true);
      return;
    }
    const { store, limits } = this.host;
    const now = this.host.now();
    await store.recordHello(this.deviceId, {
      agentVersion: hello.agentVersion,
      hostname: hello.os.hostname,
      platform: hello.os.platform,
      osRelease: hello.os.release,
      arch: hello.os.arch,
      policyVersion: hello.policyVersion,
      at: now,
    });
    const lastSeq = await store.lastSeq(this.deviceId);
    if (this.state === 'closed') return;
    clearTimeout(this.helloTimer);
    this.acceptedSeq = lastSeq;
    this.policyVersion = hello.policyVersion;
    this.agentVersion = hello.agentVersion;
    this.state = 'ready';
    this.host.online(this);
    this.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      deviceId: this.deviceId,
      lastSeq,
      serverTime: now,
      heartbeatIntervalMs: this.host.heartbeatIntervalMs,
      limits: {
        maxFrameBytes: limits.maxFrameBytes,
        maxBatchEvents: limits.maxBatchEvents,
        maxEventBytes: limits.maxEventBytes,
        maxInFlightEvents: limits.maxInFlightEvents,
      },
    });
    const policy = await store.latestPolicyFor(this.deviceId);
    if (policy) this.pushPolicy(policy);
  }

  private events(message: EventBatch, receivedAt: number): void {
    const { limits, metrics } = this.host;
    const items = message.events;
    if (items.length > limits.maxBatchEvents) {
      this.fail('E_BATCH_TOO_LARGE', `At most ${limits.maxBatchEvents} events per batch.`, false, message.batch);
      return;
    }
    if (this.inFlight + items.length > limits.maxInFlightEvents) {
      this.fail('E_FLOW_VIOLATION', `At most ${limits.maxInFlightEvents} unacknowledged events.`, true, message.batch);
      return;
    }
    for (let i = 1; i < items.length; i++) {
      if (items[i]!.seq <= items[i - 1]!.seq) {
        this.fail('E_SEQ_ORDER', undefined, false, message.batch);
        return;
      }
    }
    const now = this.host.now();
    this.host.touch(this.deviceId, now);
    const rows: EventRow[] = [];
    const rejected: RejectedRow[] = [];
    let replayed = 0;
    for (const { seq, event } of items) {
      if (seq <= this.acceptedSeq) {
        replayed += 1;
        continue;
      }
      const parsed = parseEvent(event);
      if (!parsed.ok) {
        rejected.push({ seq, eventId: eventIdOf(event), code: 'E_BAD_EVENT', message: parsed.error.message.slice(0, 1_000) });
        continue;
      }
      const e = parsed.value;
      if (e.deviceId !== this.deviceId) {
        rejected.push({ seq, eventId: e.id, code: 'E_DEVICE_MISMATCH', message: WIRE_ERRORS.E_DEVICE_MISMATCH.message });
        continue;
      }
      const payload = JSON.stringify(e.payload);
      if (payload.length > limits.maxEventBytes) {
        rejected.push({ seq, eventId: e.id, code: 'E_EVENT_TOO_LARGE', message: WIRE_ERRORS.E_EVENT_TOO_LARGE.message });
        continue;
      }
      rows.push({ id: e.id, seq, user: e.user, type: e.type, time: e.time, payload, searchText: eventSearchText(e) });
    }
    if (replayed > 0) metrics.eventsDuplicate.inc(replayed);
    const lastSeq = items[items.length - 1]!.seq;
    if (lastSeq <= this.acceptedSeq) {
      // Everything was stored before: acknowledge again so the agent can drop its copies.
      this.send({ type: 'ack', seq: this.acceptedSeq, batch: message.batch });
      metrics.acks.inc();
      this.fail('E_SEQ_REPLAY', `Sequence numbers up to ${this.acceptedSeq} are stored.`, false, message.batch);
      return;
    }
    for (const r of rejected) metrics.eventsRejected.inc({ code: r.code });
    const foreign = rejected.filter((r) => r.code === 'E_DEVICE_MISMATCH').length;
    if (foreign > 0) this.fail('E_DEVICE_MISMATCH', `${foreign} event(s) named another device and were rejected.`, false, message.batch);
    if (this.state === 'closed') return;
    this.acceptedSeq = lastSeq;
    const counted = items.length;
    this.inFlight += counted;
    this.host.writer
      .enqueue({ deviceId: this.deviceId, events: rows, rejected, lastSeq, receivedAt: now })
      .then(
        () => {
          this.inFlight -= counted;
          const wireRejected: RejectedEvent[] = rejected.map((r) => ({ seq: r.seq, code: r.code as WireErrorCode, message: r.message }));
          this.send({ type: 'ack', seq: lastSeq, batch: message.batch, ...(wireRejected.length ? { rejected: wireRejected } : {}) });
          metrics.acks.inc();
          metrics.ackLatency.observe((performance.now() - receivedAt) / 1000);
        },
        (error: Error & { code?: string }) => {
          this.inFlight -= counted;
          this.host.log.error({ deviceId: this.deviceId, err: error.message }, 'group commit failed; closing so the agent resends');
          this.fail(error.code === 'E_SHUTTING_DOWN' ? 'E_SHUTTING_DOWN' : 'E_STORAGE', undefined, true, message.batch);
        },
      );
  }

  private heartbeat(message: Heartbeat): void {
    this.host.touch(this.deviceId, this.host.now(), message);
  }

  private async policyAck(ack: PolicyAck): Promise<void> {
    if (ack.status === 'applied') {
      this.policyVersion = Math.max(this.policyVersion ?? 0, ack.version);
      await this.host.store.recordPolicyApplied(this.deviceId, ack.version);
      this.host.log.info({ deviceId: this.deviceId, version: ack.version }, 'policy applied');
    } else {
      this.host.log.warn({ deviceId: this.deviceId, version: ack.version, code: ack.code }, 'agent rejected a policy');
    }
  }

  private closed(): void {
    const wasReady = this.state === 'ready';
    this.state = 'closed';
    clearTimeout(this.helloTimer);
    if (wasReady) this.host.offline(this);
  }
}

function eventIdOf(event: unknown): string | null {
  if (typeof event !== 'object' || event === null) return null;
  const id = (event as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}

function closeCodeFor(code: WireErrorCode): number {
  switch (code) {
    case 'E_AUTH_REQUIRED':
    case 'E_AUTH_INVALID':
      return CLOSE_CODES.authFailed;
    case 'E_DEVICE_REVOKED':
      return CLOSE_CODES.revoked;
    case 'E_SUPERSEDED':
      return CLOSE_CODES.superseded;
    case 'E_FLOW_VIOLATION':
      return CLOSE_CODES.flowViolation;
    case 'E_SHUTTING_DOWN':
      return CLOSE_CODES.goingAway;
    case 'E_STORAGE':
      return 1011;
    default:
      return CLOSE_CODES.protocolViolation;
  }
}
