import { join } from 'node:path';
import { DeviceIdSchema, describeIssues } from '@sluice/shared';
import { isExposed, readIfExists, writePrivateFile } from '@sluice/shared-node';
import { z } from 'zod';
import { agentError } from './errors.js';

export const CREDENTIALS_FILE = 'credentials.json';

export const CredentialsSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  deviceSecret: z.string().startsWith('slc_dev_').max(200),
  collectorUrl: z.url({ protocol: /^https?$/ }),
  /** Hex Ed25519 public key of the collector's policy signer, learned at enrollment. */
  policyPublicKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** The organization's salt for hashes in DLP evidence (HMAC key), learned at enrollment. */
  evidenceSalt: z.string().regex(/^[0-9a-f]{64}$/),
  enrolledAt: z.number().int().nonnegative(),
});
export type Credentials = z.infer<typeof CredentialsSchema>;

export function credentialsPath(dataDir: string): string {
  return join(dataDir, CREDENTIALS_FILE);
}

export function saveCredentials(dataDir: string, credentials: Credentials): void {
  writePrivateFile(credentialsPath(dataDir), `${JSON.stringify(credentials, null, 2)}\n`);
}

/** Reads the device identity; E_NOT_ENROLLED when absent, E_CREDENTIALS_FILE when damaged. */
export function loadCredentials(dataDir: string, warn?: (message: string) => void): Credentials {
  const file = credentialsPath(dataDir);
  const text = readIfExists(file);
  if (text === undefined) throw agentError('E_NOT_ENROLLED', `No ${file}.`);
  if (warn && isExposed(file)) warn(`${file} is readable by other users; it should be 0600.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw agentError('E_CREDENTIALS_FILE', `${file} is not JSON.`);
  }
  const parsed = CredentialsSchema.safeParse(json);
  if (!parsed.success) throw agentError('E_CREDENTIALS_FILE', `${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
