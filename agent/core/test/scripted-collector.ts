import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ScriptedFrame {
  socket: number;
  message: any;
}

/**
 * A stand-in collector for connection unit tests: it records every frame and lets the test script
 * the replies (welcome, acks, flow control, policies, closing). End-to-end tests use the real one.
 */
export class ScriptedCollector {
  readonly frames: ScriptedFrame[] = [];
  readonly sockets: WebSocket[] = [];
  readonly headers: Record<string, string | string[] | undefined>[] = [];
  private readonly server: WebSocketServer;
  /** Sent in welcome; tests change it to simulate what the collector has stored. */
  lastSeq = 0;
  autoWelcome = true;
  autoAck = false;
  rejectUpgrade: number | undefined;

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (ws, req) => {
      const index = this.sockets.push(ws) - 1;
      this.headers.push(req.headers);
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        this.frames.push({ socket: index, message });
        if (message.type === 'hello' && this.autoWelcome) this.welcome(ws);
        if (message.type === 'events' && this.autoAck) {
          const last = message.events[message.events.length - 1].seq;
          this.lastSeq = Math.max(this.lastSeq, last);
          ws.send(JSON.stringify({ type: 'ack', seq: last, batch: message.batch }));
        }
      });
    });
  }

  static async start(): Promise<ScriptedCollector> {
    const holder: { collector?: ScriptedCollector } = {};
    const server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (_info, done) => {
        if (holder.collector?.rejectUpgrade) done(false, holder.collector.rejectUpgrade);
        else done(true);
      },
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    holder.collector = new ScriptedCollector(server);
    return holder.collector;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  welcome(ws: WebSocket, limits: Partial<Record<string, number>> = {}): void {
    ws.send(
      JSON.stringify({
        type: 'welcome',
        protocol: 1,
        deviceId: '0192f0c4-8c1e-4b7a-9d2e-3f4a5b6c7d8e',
        lastSeq: this.lastSeq,
        serverTime: Date.now(),
        heartbeatIntervalMs: 60_000,
        limits: { maxFrameBytes: 1_048_576, maxBatchEvents: 1_000, maxEventBytes: 262_144, maxInFlightEvents: 5_000, ...limits },
      }),
    );
  }

  batches(): { socket: number; batch: number; seqs: number[] }[] {
    return this.frames
      .filter((f) => f.message.type === 'events')
      .map((f) => ({ socket: f.socket, batch: f.message.batch, seqs: f.message.events.map((e: { seq: number }) => e.seq) }));
  }

  send(socket: number, message: unknown): void {
    this.sockets[socket]!.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
