import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SluiceError } from '@sluice/shared';

export interface JsonRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** PEM of the CA to trust instead of the system store (certificate pinning). */
  ca?: Buffer | string;
  timeoutMs?: number;
  /** Responses larger than this are refused. */
  maxResponseBytes?: number;
  /** Abandons the request (it rejects with the signal's reason). */
  signal?: AbortSignal;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface BytesRequestOptions extends Omit<JsonRequestOptions, 'body'> {
  /** JSON text to send. */
  body?: string;
  /** Error code when the response is larger than `maxResponseBytes` (default E_COLLECTOR_UNREACHABLE). */
  tooLargeCode?: string;
}

export interface BytesResponse {
  status: number;
  body: Buffer;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * One request over HTTP or HTTPS with a timeout, a response size bound (checked against the
 * announced length first, then while reading) and an optional pinned CA. Resolves with the exact
 * bytes of the body; network failures become E_COLLECTOR_UNREACHABLE.
 */
export function requestBytes(url: string, options: BytesRequestOptions = {}): Promise<BytesResponse> {
  const payload = options.body;
  const target = new URL(url);
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const tooLarge = () => new SluiceError(options.tooLargeCode ?? 'E_COLLECTOR_UNREACHABLE', `The response exceeded ${limit} bytes.`);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...options.headers,
        },
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        // Settle first, then drop the connection: an error passed to destroy() at this stage can
        // surface on the socket, where nobody listens any more.
        const refuse = () => {
          reject(tooLarge());
          req.destroy();
        };
        res.on('error', reject);
        if (Number(res.headers['content-length'] ?? 0) > limit) {
          refuse();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            refuse();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
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

/** The body as JSON when it is JSON, else as text (for the error message). */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One JSON request (see requestBytes). The caller interprets HTTP statuses.
 */
export async function requestJson(url: string, options: JsonRequestOptions = {}): Promise<JsonResponse> {
  const { body, ...rest } = options;
  const response = await requestBytes(url, {
    ...rest,
    headers: { accept: 'application/json', ...rest.headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: parseJsonBody(response.body) };
}

/** The coded error of a collector error response, or a generic one naming the status. */
export function responseError(response: JsonResponse, what: string): SluiceError {
  const error = (response.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new SluiceError(error.code, `${what}: ${typeof error.message === 'string' ? error.message : error.code}`);
  }
  return new SluiceError('E_UNEXPECTED_RESPONSE', `${what}: HTTP ${response.status}.`);
}
