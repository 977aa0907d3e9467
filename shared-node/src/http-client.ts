import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SluiceError } from '@sluice/shared';

export interface JsonRequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** PEM of the CA to trust instead of the system store (certificate pinning). */
  ca?: Buffer | string;
  timeoutMs?: number;
  /** Responses larger than this are refused. */
  maxResponseBytes?: number;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * One JSON request over HTTP or HTTPS with a timeout, a response size bound and an optional pinned
 * CA. Network failures become E_COLLECTOR_UNREACHABLE; the caller interprets HTTP statuses.
 */
export function requestJson(url: string, options: JsonRequestOptions = {}): Promise<JsonResponse> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const limit = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: {
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...options.headers,
        },
        ...(options.ca ? { ca: options.ca } : {}),
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            req.destroy(new SluiceError('E_COLLECTOR_UNREACHABLE', `The response exceeded ${limit} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: hand the text back for the error message.
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new SluiceError('E_COLLECTOR_UNREACHABLE', `No answer from ${target.origin} in time.`)));
    req.on('error', (error: Error & { code?: string }) => {
      reject(error instanceof SluiceError ? error : new SluiceError('E_COLLECTOR_UNREACHABLE', `${target.origin}: ${error.code ?? ''} ${error.message}`.trim()));
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The coded error of a collector error response, or a generic one naming the status. */
export function responseError(response: JsonResponse, what: string): SluiceError {
  const error = (response.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new SluiceError(error.code, `${what}: ${typeof error.message === 'string' ? error.message : error.code}`);
  }
  return new SluiceError('E_UNEXPECTED_RESPONSE', `${what}: HTTP ${response.status}.`);
}
