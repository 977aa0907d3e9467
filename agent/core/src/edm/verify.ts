import { createHash } from 'node:crypto';
import { createEdmDetectors, err, type EdmIndexRef, type Result, type RuntimeDetector, type SluiceError } from '@sluice/shared';
import { agentError } from '../errors.js';

/**
 * Checks an index against the reference its signed policy gives, before anything reads it: the
 * size, then the SHA-256 digest, then the schema (through the detectors built from it). Bytes from
 * the network and from the cache go through the same check, so a file edited on disk is refused
 * like a tampered download.
 */
export function verifyEdmIndex(bytes: Buffer, ref: EdmIndexRef): Result<RuntimeDetector[], SluiceError> {
  if (bytes.length > ref.size) return err(agentError('E_EDM_TOO_LARGE', `${describeRef(ref)}: ${bytes.length} bytes.`));
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== ref.size || digest !== ref.sha256) {
    return err(agentError('E_EDM_DIGEST', `${describeRef(ref)}: got ${bytes.length} bytes with digest ${digest.slice(0, 12)}….`));
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return err(agentError('E_EDM_INVALID', `${describeRef(ref)} is not JSON.`));
  }
  const detectors = createEdmDetectors(json);
  return detectors.ok ? detectors : err(agentError('E_EDM_INVALID', `${describeRef(ref)}: ${detectors.error.message}`));
}

/** How logs and events name an index: its table and the start of its digest, never its content. */
export function describeRef(ref: EdmIndexRef): string {
  return `index "${ref.name}" (${ref.sha256.slice(0, 12)}…, ${ref.size} bytes)`;
}
