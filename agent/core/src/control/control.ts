import { createHash } from 'node:crypto';
import { chmodSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { SluiceError } from '@sluice/shared';
import type { Logger } from '@sluice/shared-node';
import { agentError } from '../errors.js';

/** Largest request line accepted on the control socket. */
export const MAX_CONTROL_REQUEST_BYTES = 64 * 1024;

export type ControlHandler = (request: Record<string, unknown>) => Promise<unknown> | unknown;

/**
 * Where the running agent listens for local commands (`sluice agent justify`, the desktop shell):
 * a Unix socket in the data folder, which only this user can reach, or a named pipe on Windows.
 */
export function controlSocketPath(dataDir: string): string {
  if (process.platform === 'win32') {
    return `\\\\.\\pipe\\sluice-agent-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  }
  return join(dataDir, 'agent.sock');
}

export interface ControlServer {
  register(type: string, handler: ControlHandler): void;
  close(): Promise<void>;
}

/**
 * One JSON request per connection, one JSON answer: `{"ok":true,"result":…}` or
 * `{"ok":false,"error":{"code","message"}}`. Oversized or malformed requests get a coded error.
 */
export async function startControlServer(path: string, log: Logger): Promise<ControlServer> {
  const handlers = new Map<string, ControlHandler>();
  const reply = (socket: Socket, body: unknown) => socket.end(`${JSON.stringify(body)}\n`);
  const server: Server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_CONTROL_REQUEST_BYTES) {
        reply(socket, { ok: false, error: { code: 'E_CONTROL_REQUEST', message: 'The request is too large.' } });
        socket.removeAllListeners('data');
        return;
      }
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      socket.removeAllListeners('data');
      void handle(socket, buffer.slice(0, newline));
    });
  });
  async function handle(socket: Socket, line: string): Promise<void> {
    let request: Record<string, unknown>;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      request = parsed as Record<string, unknown>;
    } catch {
      reply(socket, { ok: false, error: { code: 'E_CONTROL_REQUEST', message: 'The request is not a JSON object.' } });
      return;
    }
    const handler = typeof request.type === 'string' ? handlers.get(request.type) : undefined;
    if (!handler) {
      reply(socket, { ok: false, error: { code: 'E_CONTROL_REQUEST', message: `Unknown request type.` } });
      return;
    }
    try {
      reply(socket, { ok: true, result: (await handler(request)) ?? null });
    } catch (error) {
      const e = error as Error & { code?: string };
      if (!(error instanceof SluiceError)) log.error({ err: e.message, type: request.type }, 'control request failed');
      reply(socket, { ok: false, error: { code: e.code ?? 'E_INTERNAL', message: error instanceof SluiceError ? e.message : 'Internal error.' } });
    }
  }
  if (process.platform !== 'win32') {
    try {
      unlinkSync(path);
    } catch {
      // No stale socket.
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return {
    register(type, handler) {
      handlers.set(type, handler);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (process.platform !== 'win32') {
          try {
            unlinkSync(path);
          } catch {
            // Already gone.
          }
        }
      }),
  };
}

/** Sends one request to a running agent and returns its result, or throws its coded error. */
export function requestControl(path: string, request: Record<string, unknown>, timeoutMs = 10_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(agentError('E_CONTROL_UNAVAILABLE', 'No answer in time.'));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 16 * 1024 * 1024) socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(agentError('E_CONTROL_UNAVAILABLE', error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? `Nothing listens on ${path}.` : error.message));
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        const answer = JSON.parse(buffer) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
        if (answer.ok) resolve(answer.result);
        else reject(new SluiceError(answer.error?.code ?? 'E_INTERNAL', answer.error?.message ?? 'The agent refused the request.'));
      } catch {
        reject(agentError('E_CONTROL_UNAVAILABLE', 'The agent answered with something that is not JSON.'));
      }
    });
  });
}
