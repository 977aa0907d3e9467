import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type CollectorMessage } from '@sluice/shared';
import { loadCollectorConfig, startCollector, type CollectorConfigInput, type RunningCollector } from '../src/index.js';

export interface TestCollector extends RunningCollector {
  adminToken: string;
  dataDir: string;
  /** Admin-authenticated request through inject(). */
  admin(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<{ status: number; body: any }>;
  enroll(): Promise<{ deviceId: string; deviceSecret: string; policyPublicKey: string }>;
  stop(): Promise<void>;
}

/** A real collector listening on a random port with a temporary data folder. */
export async function startTestCollector(overrides: Partial<CollectorConfigInput> = {}, options: { logger?: Logger } = {}): Promise<TestCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-collector-'));
  const config = loadCollectorConfig({ flags: { dataDir, port: 0 }, env: {} });
  const merged = {
    ...config,
    ...overrides,
    limits: { ...config.limits, ...overrides.limits },
    ingest: { ...config.ingest, ...overrides.ingest },
    edm: { ...config.edm, ...overrides.edm },
  } as typeof config;
  const running = await startCollector(merged, { logger: options.logger ?? pino({ level: 'silent' }) });
  const adminToken = running.createdAdminToken!;
  const admin: TestCollector['admin'] = async (method, url, payload) => {
    const response = await running.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${adminToken}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };
  return {
    ...running,
    adminToken,
    dataDir,
    admin,
    async enroll() {
      const token = await admin('POST', '/v1/enrollment-tokens', {});
      const response = await running.app.inject({ method: 'POST', url: '/v1/enroll', payload: { token: token.body.token, hostname: 'test-host', platform: 'linux' } });
      return JSON.parse(response.body);
    },
    async stop() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw protocol client over a real WebSocket, recording every message the collector sends. */
export class RawAgent {
  readonly received: CollectorMessage[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as CollectorMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = String(reason);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(url: string, deviceId: string, secret: string, options: { maxPayload?: number } = {}): Promise<RawAgent> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/agent`, {
      headers: { authorization: `Bearer ${secret}`, 'x-sluice-device': deviceId },
      ...options,
    });
    const agent = new RawAgent(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    });
    return agent;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  hello(deviceId: string, policyVersion: number | null = null): void {
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      deviceId,
      agentVersion: '0.0.0-test',
      os: { platform: 'linux', release: '6.1', arch: 'x64', hostname: 'test-host' },
      policyVersion,
    });
  }

  /** Waits for the first received message (from `from` on) that satisfies the predicate. */
  async waitFor<T extends CollectorMessage>(predicate: (m: CollectorMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(predicate: (m: CollectorMessage) => boolean, timeoutMs?: number): Promise<CollectorMessage>;
  async waitFor(predicate: (m: CollectorMessage) => boolean, timeoutMs = 5_000): Promise<CollectorMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode} ${this.closeReason}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; received ${JSON.stringify(this.received).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === undefined) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closeCode;
  }
}

let counter = 0;
/** A syntactically valid UUIDv7 for the given time, unique within the test process. */
export function eventId(time = Date.now()): string {
  counter += 1;
  const t = time.toString(16).padStart(12, '0');
  const r = (counter + Math.floor(Math.random() * 1e9) * 1e3).toString(16).padStart(12, '0').slice(-12);
  return `${t.slice(0, 8)}-${t.slice(8)}-7abc-8def-${r}`;
}

export function testEvent(deviceId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: eventId(),
    deviceId,
    user: 'alice',
    time: Date.now(),
    type: 'agent.test',
    payload: { index: 0, count: 1, note: 'hello from a test' },
    ...overrides,
  };
}
