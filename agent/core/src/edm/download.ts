import { MAX_EDM_INDEX_BYTES, SluiceError, type EdmIndexRef } from '@sluice/shared';
import { parseJsonBody, requestBytes, responseError } from '@sluice/shared-node';
import { agentError } from '../errors.js';
import { describeRef } from './verify.js';

export interface CollectorTarget {
  /** http(s) URL of the collector. */
  readonly collectorUrl: string;
  readonly deviceId: string;
  readonly deviceSecret: string;
  /** PEM of the pinned CA, as for the WebSocket. */
  readonly ca?: Buffer;
}

/** A download that makes no progress for this long is abandoned (and retried later). */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * Fetches an index by digest with the device's credentials, reading at most the size the signed
 * policy names (and never more than MAX_EDM_INDEX_BYTES). The caller verifies the bytes.
 */
export async function downloadEdmIndex(target: CollectorTarget, ref: EdmIndexRef, signal?: AbortSignal): Promise<Buffer> {
  const url = `${target.collectorUrl.replace(/\/+$/, '')}/v1/edm-indexes/${ref.sha256}`;
  let response;
  try {
    response = await requestBytes(url, {
      headers: { authorization: `Bearer ${target.deviceSecret}`, 'x-sluice-device': target.deviceId },
      ...(target.ca ? { ca: target.ca } : {}),
      timeoutMs: IDLE_TIMEOUT_MS,
      maxResponseBytes: Math.min(ref.size, MAX_EDM_INDEX_BYTES),
      tooLargeCode: 'E_EDM_TOO_LARGE',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof SluiceError && error.code === 'E_EDM_TOO_LARGE') throw agentError('E_EDM_TOO_LARGE', `${describeRef(ref)}: ${error.message}`);
    throw agentError('E_EDM_DOWNLOAD', `${describeRef(ref)}: ${(error as Error).message}`);
  }
  if (response.status !== 200) {
    const refused = responseError({ status: response.status, body: parseJsonBody(response.body) }, `GET ${describeRef(ref)}`);
    throw agentError('E_EDM_DOWNLOAD', `${refused.code}: ${refused.message}`);
  }
  return response.body;
}
