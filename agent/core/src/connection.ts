import {
  CLOSE_CODES,
  DEFAULT_LIMITS,
  HEARTBEAT_INTERVAL_MS,
  MAX_EVENT_BYTES,
  parseCollectorMessage,
  type CollectorMessage,
  type Hello,
  type PolicyAck,
  type Welcome,
} from '@sluice/shared';
import type { Logger } from '@sluice/shared-node';
import WebSocket from 'ws';
import type { AgentConfig } from './config.js';
import type { Outbox } from './outbox.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'stopped';

export interface ConnectionStats {
  state: ConnectionState;
  url: string;
  connectedAt: number | null;
  lastAckAt: number | null;
  lastAckSeq: number;
  reconnects: number;
  lastError: string | null;
  paused: boolean;
}

export interface ConnectionOptions {
  /** http(s) URL of the collector; the socket goes to ws(s)://…/v1/agent. */
  collectorUrl: string;
  deviceId: string;
  deviceSecret: string;
  ca?: Buffer;
  outbox: Outbox;
  config: Pick<AgentConfig, 'batch' | 'inFlight' | 'reconnect'>;
  log: Logger;
  hello(): Omit<Hello, 'type' | 'protocol' | 'deviceId'>;
  heartbeat(): { pending: number; bytes: number; dropped: number; policyVersion: number | null };
  /** Handles a policy push; resolves to the acknowledgement to send. */
  onPolicy(signed: unknown): Promise<Omit<PolicyAck, 'type'>>;
  onStateChange?(stats: ConnectionStats): void;
  now?: () => number;
  random?: () => number;
}

interface InFlightBatch {
  batch: number;
  lastSeq: number;
  count: number;
}

/** Room for the frame's own JSON around the event bodies. */
const FRAME_OVERHEAD_BYTES = 256;
const PER_EVENT_OVERHEAD_BYTES = 32;

/**
 * The agent's link to the collector: authenticates, resumes from the collector's last stored
 * sequence number, streams the outbox in batches (by size and time) within a bounded window of
 * unacknowledged events, deletes what is acknowledged, and reconnects with full-jitter exponential
 * backoff. Nothing is removed from the outbox until the collector says it is stored.
 */
export class CollectorConnection {
  private ws: WebSocket | undefined;
  private state: ConnectionState = 'idle';
  private welcome: Welcome | undefined;
  private inFlight: InFlightBatch[] = [];
  private inFlightEvents = 0;
  private sentSeq = 0;
  private batchCounter = 0;
  private attempt = 0;
  private paused = false;
  private partialSince: number | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private batchTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private awaitingPong = false;
  private policyChain: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly stats: ConnectionStats;
  private lastLoggedError: string | undefined;
  /** The last attempt was refused at authentication (HTTP 401/403 on upgrade). */
  private refused = false;

  constructor(private readonly options: ConnectionOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.stats = {
      state: 'idle',
      url: options.collectorUrl,
      connectedAt: null,
      lastAckAt: null,
      lastAckSeq: 0,
      reconnects: 0,
      lastError: null,
      paused: false,
    };
  }

  get snapshot(): ConnectionStats {
    return { ...this.stats, state: this.state, paused: this.paused };
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
  }

  /** New events are in the outbox: send them when the window allows. */
  notify(): void {
    if (this.state === 'connected') this.pump();
  }

  /** Closes the connection; unacknowledged events stay in the outbox for the next run. */
  async stop(): Promise<void> {
    this.setState('stopped');
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    clearTimeout(this.batchTimer);
    clearInterval(this.heartbeatTimer);
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2_000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(CLOSE_CODES.normal, 'agent stopping');
    });
  }

  /** Resolves once everything currently in the outbox is acknowledged, or after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    while (this.now() < deadline) {
      if (this.options.outbox.stats().pending === 0) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.options.outbox.stats().pending === 0;
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.stats.state = state;
    this.options.onStateChange?.(this.snapshot);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    this.setState('connecting');
    const url = `${this.options.collectorUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/v1/agent`;
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.options.deviceSecret}`, 'x-sluice-device': this.options.deviceId },
      ...(this.options.ca ? { ca: this.options.ca } : {}),
      maxPayload: 4 * 1024 * 1024,
      handshakeTimeout: 15_000,
      perMessageDeflate: false,
    });
    this.ws = ws;
    ws.on('open', () => this.opened(ws));
    ws.on('message', (data) => this.received(ws, String(data)));
    ws.on('pong', () => {
      this.awaitingPong = false;
    });
    let answered = false;
    ws.on('unexpected-response', (_req, res) => {
      answered = true;
      this.refused = res.statusCode === 401 || res.statusCode === 403;
      this.noteError(`collector refused the connection: HTTP ${res.statusCode}`, res.statusCode === 401 || res.statusCode === 403 ? 'error' : 'warn');
      ws.terminate();
    });
    ws.on('error', (error) => {
      // Terminating after an HTTP refusal raises a generic error; the refusal is the real story.
      if (!answered) this.noteError(`connection error: ${error.message}`, 'warn');
    });
    ws.on('close', (code, reason) => this.closed(ws, code, String(reason)));
  }

  private noteError(message: string, level: 'warn' | 'error'): void {
    this.stats.lastError = message;
    // Repeating the same failure every backoff step would flood the log during an outage.
    if (message !== this.lastLoggedError) {
      this.options.log[level]({ url: this.options.collectorUrl }, message);
      this.lastLoggedError = message;
    }
  }

  private opened(ws: WebSocket): void {
    if (ws !== this.ws) return;
    const hello = this.options.hello();
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, deviceId: this.options.deviceId, ...hello }));
  }

  private received(ws: WebSocket, frame: string): void {
    if (ws !== this.ws) return;
    const parsed = parseCollectorMessage(frame);
    if (!parsed.ok) {
      this.options.log.warn({ code: parsed.error.code }, 'unreadable message from the collector');
      return;
    }
    this.handle(parsed.value);
  }

  private handle(message: CollectorMessage): void {
    switch (message.type) {
      case 'welcome':
        return this.welcomed(message);
      case 'ack':
        return this.acked(message.seq, message.rejected);
      case 'flow':
        this.paused = message.action === 'pause';
        if (!this.paused) this.pump();
        return;
      case 'policy':
        this.policyChain = this.policyChain.then(async () => {
          const ack = await this.options.onPolicy(message.policy);
          this.send({ type: 'policy_ack', ...ack });
        });
        return;
      case 'error':
        this.options.log[message.fatal ? 'error' : 'warn']({ code: message.code, batch: message.batch }, `collector: ${message.message}`);
        this.stats.lastError = `${message.code}: ${message.message}`;
        return;
    }
  }

  private welcomed(welcome: Welcome): void {
    const { outbox, log } = this.options;
    const reconciled = outbox.reconcile(welcome.lastSeq);
    if (reconciled.renumbered > 0) {
      log.warn({ renumbered: reconciled.renumbered, lastSeq: welcome.lastSeq }, 'outbox renumbered above the collector’s last sequence number');
    }
    this.welcome = welcome;
    this.inFlight = [];
    this.inFlightEvents = 0;
    this.sentSeq = welcome.lastSeq;
    this.paused = false;
    this.attempt = 0;
    this.lastLoggedError = undefined;
    this.stats.connectedAt = this.now();
    this.stats.lastError = null;
    this.setState('connected');
    log.info({ url: this.options.collectorUrl, lastSeq: welcome.lastSeq }, 'connected to the collector');
    this.startHeartbeat(welcome.heartbeatIntervalMs || HEARTBEAT_INTERVAL_MS);
    this.pump();
  }

  private acked(seq: number, rejected: { seq: number; code: string }[] | undefined): void {
    this.options.outbox.ack(seq);
    this.stats.lastAckAt = this.now();
    this.stats.lastAckSeq = seq;
    while (this.inFlight.length > 0 && this.inFlight[0]!.lastSeq <= seq) {
      this.inFlightEvents -= this.inFlight.shift()!.count;
    }
    if (rejected?.length) {
      const codes = [...new Set(rejected.map((r) => r.code))];
      this.options.log.warn({ count: rejected.length, codes }, 'the collector refused some events');
    }
    this.pump();
  }

  private send(message: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private limits() {
    return this.welcome?.limits ?? { ...DEFAULT_LIMITS, maxEventBytes: MAX_EVENT_BYTES };
  }

  /** Sends batches while the window has room; a partial batch waits up to `batch.delayMs`. */
  private pump(): void {
    if (this.state !== 'connected' || this.paused) return;
    const { config, outbox, log } = this.options;
    const limits = this.limits();
    const window = Math.min(config.inFlight.maxEvents, limits.maxInFlightEvents);
    const frameBudget = Math.min(config.batch.maxBytes, limits.maxFrameBytes - FRAME_OVERHEAD_BYTES);
    while (this.inFlight.length < config.inFlight.maxBatches && this.inFlightEvents < window) {
      const room = Math.min(config.batch.maxEvents, limits.maxBatchEvents, window - this.inFlightEvents);
      const entries = outbox.peek(this.sentSeq, room, frameBudget - room * PER_EVENT_OVERHEAD_BYTES);
      if (entries.length === 0) {
        this.partialSince = undefined;
        return;
      }
      const first = entries[0]!;
      if (first.bytes + FRAME_OVERHEAD_BYTES > limits.maxFrameBytes || first.bytes > limits.maxEventBytes) {
        // It would be refused at any time: drop it rather than block everything behind it.
        log.error({ seq: first.seq, bytes: first.bytes }, 'discarding an event larger than the collector accepts');
        outbox.discard(first.seq);
        continue;
      }
      if (entries.length < room && this.inFlight.length > 0) {
        // Batching by time: a partial batch waits for companions while others are in flight.
        const since = (this.partialSince ??= this.now());
        const wait = config.batch.delayMs - (this.now() - since);
        if (wait > 0) {
          if (!this.batchTimer) {
            this.batchTimer = setTimeout(() => {
              this.batchTimer = undefined;
              this.pump();
            }, wait);
          }
          return;
        }
      }
      this.partialSince = undefined;
      this.batchCounter += 1;
      const last = entries[entries.length - 1]!;
      const items = entries.map((e) => `{"seq":${e.seq},"event":${e.body}}`).join(',');
      this.ws!.send(`{"type":"events","batch":${this.batchCounter},"events":[${items}]}`);
      this.inFlight.push({ batch: this.batchCounter, lastSeq: last.seq, count: entries.length });
      this.inFlightEvents += entries.length;
      this.sentSeq = last.seq;
    }
  }

  private startHeartbeat(intervalMs: number): void {
    clearInterval(this.heartbeatTimer);
    this.awaitingPong = false;
    this.heartbeatTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (this.awaitingPong && !this.paused) {
        this.noteError('the collector stopped answering; reconnecting', 'warn');
        ws.terminate();
        return;
      }
      const h = this.options.heartbeat();
      this.send({ type: 'heartbeat', time: this.now(), outbox: { pending: h.pending, bytes: h.bytes, dropped: h.dropped }, policyVersion: h.policyVersion });
      this.awaitingPong = true;
      ws.ping();
    }, intervalMs);
    this.heartbeatTimer.unref();
  }

  private closed(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.ws = undefined;
    this.welcome = undefined;
    this.inFlight = [];
    this.inFlightEvents = 0;
    if (this.state === 'stopped') return;
    if (code !== CLOSE_CODES.normal && code !== 1006) this.noteError(`connection closed by the collector: ${code} ${reason}`.trim(), 'warn');
    this.stats.reconnects += 1;
    // A revoked or unrecognised device retries at the slowest pace: an admin may re-enroll it.
    const slow = this.refused || code === CLOSE_CODES.revoked || code === CLOSE_CODES.authFailed;
    this.refused = false;
    const { initialDelayMs, maxDelayMs } = this.options.config.reconnect;
    const ceiling = slow ? maxDelayMs : Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.attempt, 30));
    const delay = Math.round(this.random() * ceiling);
    this.attempt += 1;
    this.setState('backoff');
    this.later(delay, () => this.connect());
  }
}
