import { request } from 'node:http';
import { evaluateProbes, type CompiledCatalog, type ProbeResult, type ProbeSpec } from '@sluice/shared';

export interface ProbeOptions {
  /** Whole request budget: connect, send, read. Default 800 ms. */
  readonly timeoutMs?: number;
  /** Bytes of a body kept; the rest is discarded and the connection closed. Default 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Most requests sent to one port. Default 6. */
  readonly maxRequests?: number;
}

export const PROBE_TIMEOUT_MS = 800;
export const PROBE_MAX_BODY_BYTES = 64 * 1024;
export const PROBE_MAX_REQUESTS = 6;

/** True for addresses a probe may be sent to: loopback itself, or a socket bound to every interface. */
export function probeTarget(address: string, family: 4 | 6): string | undefined {
  if (family === 4) return address === '0.0.0.0' || address.startsWith('127.') ? '127.0.0.1' : undefined;
  const a = address.toLowerCase();
  if (a === '::' || a === '::1') return '::1';
  if (a.startsWith('::ffff:127.') || a === '::ffff:0.0.0.0') return '127.0.0.1';
  return undefined;
}

export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');
}

/** One bounded GET to a loopback port. Resolves status 0 when nothing usable answered. */
export function httpGet(host: string, port: number, path: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const maxBody = options.maxBodyBytes ?? PROBE_MAX_BODY_BYTES;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, body: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ status, body: new TextDecoder('utf-8', { fatal: false }).decode(body), path, port });
    };
    const req = request(
      { host, port, path, method: 'GET', agent: false, headers: { accept: 'application/json, text/plain;q=0.9', 'user-agent': 'sluice-agent-probe' } },
      (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBody) return;
          const piece = chunk.subarray(0, maxBody - size);
          parts.push(piece);
          size += piece.length;
          if (size >= maxBody) finish(res.statusCode ?? 0, Buffer.concat(parts));
        });
        res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(parts)));
        res.on('error', () => finish(0, Buffer.alloc(0)));
      },
    );
    const timer = setTimeout(() => finish(0, Buffer.alloc(0)), timeoutMs);
    req.on('error', () => finish(0, Buffer.alloc(0)));
    req.end();
  });
}

/** On a port no catalog entry documents, the protocols most local runtimes speak are asked first. */
const UNKNOWN_PORT_ORDER = ['ollama-version', 'openai-models', 'llamacpp-props', 'comfyui-system-stats', 'open-webui-config', 'ollama-root'];

/** The probe specs worth sending to a port: those its catalogued owners list first, then the rest. */
export function probeOrder(compiled: CompiledCatalog, port: number): ProbeSpec[] {
  const listed = new Set((compiled.ports.get(port) ?? []).flatMap((o) => o.probes));
  const first = compiled.probes.filter((p) => listed.has(p.id));
  const rank = (id: string): number => {
    const i = UNKNOWN_PORT_ORDER.indexOf(id);
    return i < 0 ? UNKNOWN_PORT_ORDER.length : i;
  };
  const rest = compiled.probes.filter((p) => !listed.has(p.id)).sort((a, b) => rank(a.id) - rank(b.id));
  // Distinct paths only: several specs read the same answer.
  const seen = new Set<string>();
  return [...first, ...rest].filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}

/**
 * Asks a loopback port what it speaks: GETs the probe paths one at a time and stops at the first
 * answer a probe spec accepts, at the first refused connection, or after `maxRequests`.
 */
export async function probePort(compiled: CompiledCatalog, host: string, port: number, options: ProbeOptions = {}): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  const max = options.maxRequests ?? PROBE_MAX_REQUESTS;
  for (const spec of probeOrder(compiled, port).slice(0, max)) {
    const result = await httpGet(host, port, spec.path, options);
    if (result.status === 0) break;
    results.push(result);
    if (evaluateProbes(compiled, [result], new Set([port])).length > 0) break;
  }
  return results;
}
