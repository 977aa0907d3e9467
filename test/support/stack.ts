import { join } from 'node:path';
import { freePort, readText, removeDir, sluice, SluiceProcess, tempDir, writeJson } from './processes.js';

export interface StoredEvent {
  id: string;
  deviceId: string;
  user: string;
  type: string;
  time: number;
  seq: number;
  payload: any;
}

/**
 * One collector process and one agent process with their own data folders, driven only through
 * the `sluice` CLI and the collector's HTTP API, as an administrator would.
 */
export class Stack {
  collector: SluiceProcess | undefined;
  agent: SluiceProcess | undefined;
  adminToken = '';
  deviceId = '';

  /** Set to https when the collector serves TLS. */
  scheme: 'http' | 'https' = 'http';

  private constructor(
    readonly root: string,
    readonly port: number,
  ) {}

  static async create(agentConfig: Record<string, unknown> = {}): Promise<Stack> {
    const stack = new Stack(tempDir('sluice-e2e-'), await freePort());
    // Fast reconnects keep the scenarios short; everything else is the default configuration.
    writeJson(join(stack.agentDir, 'agent.json'), { reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 }, ...agentConfig });
    return stack;
  }

  get collectorDir(): string {
    return join(this.root, 'collector');
  }

  get agentDir(): string {
    return join(this.root, 'agent');
  }

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  get adminEnv(): NodeJS.ProcessEnv {
    return { SLUICE_ADMIN_TOKEN: this.adminToken };
  }

  async startCollector(env: NodeJS.ProcessEnv = {}): Promise<SluiceProcess> {
    const collector = new SluiceProcess(['collector', 'start', '--data', this.collectorDir, '--port', String(this.port)], env);
    await collector.waitFor(/listening on/);
    this.collector = collector;
    this.adminToken = readText(join(this.collectorDir, 'admin.token')).trim();
    return collector;
  }

  async enrollmentToken(env: NodeJS.ProcessEnv = {}): Promise<string> {
    const token = await sluice(['token', 'create', '--url', this.url, '--json'], { ...this.adminEnv, ...env });
    if (token.code !== 0) throw new Error(`token create failed: ${token.stderr}`);
    return (JSON.parse(token.stdout) as { token: string }).token;
  }

  async enroll(extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const value = await this.enrollmentToken(env);
    const enrolled = await sluice(['agent', 'enroll', '--url', this.url, '--token', value, '--data', this.agentDir, ...extra]);
    if (enrolled.code !== 0) throw new Error(`enroll failed: ${enrolled.stderr}`);
    this.deviceId = /device ([0-9a-f-]{36})/.exec(enrolled.stdout)![1]!;
    return this.deviceId;
  }

  async startAgent(env: NodeJS.ProcessEnv = {}): Promise<SluiceProcess> {
    const agent = new SluiceProcess(['agent', 'run', '--data', this.agentDir], env);
    await agent.waitFor(/agent running as device/);
    this.agent = agent;
    return agent;
  }

  async queueTestEvents(count: number, note = 'e2e'): Promise<void> {
    const result = await sluice(['agent', 'test-event', '--data', this.agentDir, '--count', String(count), '--note', note]);
    if (result.code !== 0) throw new Error(`test-event failed: ${result.stderr}`);
  }

  async agentStatus(): Promise<any> {
    const result = await sluice(['agent', 'status', '--data', this.agentDir, '--json']);
    return JSON.parse(result.stdout);
  }

  async api(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Every stored event matching the query, through the paginated timeline API. */
  async events(query: Record<string, string> = {}): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ ...query, limit: '1000', ...(cursor ? { cursor } : {}) });
      const page = await this.api(`/v1/events?${params}`);
      if (page.status !== 200) throw new Error(`events query failed: ${JSON.stringify(page.body)}`);
      all.push(...(page.body.events as StoredEvent[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    return all;
  }

  async stop(): Promise<void> {
    await this.agent?.kill('SIGTERM');
    await this.collector?.kill('SIGTERM');
    removeDir(this.root);
  }
}
