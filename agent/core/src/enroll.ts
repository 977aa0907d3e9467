import { readFileSync } from 'node:fs';
import { SluiceError } from '@sluice/shared';
import { ensurePrivateDir, readIfExists, requestJson, responseError } from '@sluice/shared-node';
import { z } from 'zod';
import { credentialsPath, CredentialsSchema, saveCredentials, type Credentials } from './credentials.js';
import { agentError } from './errors.js';
import type { Platform } from './platform.js';

export interface EnrollOptions {
  collectorUrl: string;
  token: string;
  dataDir: string;
  platform: Platform;
  /** PEM file of the CA to pin for the collector's certificate. */
  caFile?: string;
  /** Replace existing credentials (re-enrollment). */
  force?: boolean;
  now?: () => number;
}

const EnrollResponseSchema = z.object({
  deviceId: z.string(),
  deviceSecret: z.string(),
  policyPublicKey: z.string(),
  evidenceSalt: z.string(),
});

export function readCa(caFile: string | undefined): Buffer | undefined {
  if (!caFile) return undefined;
  try {
    return readFileSync(caFile);
  } catch (error) {
    throw agentError('E_CA_FILE', `${caFile}: ${(error as Error).message}`);
  }
}

/** Trades an enrollment token for this device's identity and stores it in a 0600 file. */
export async function enrollDevice(options: EnrollOptions): Promise<Credentials> {
  const url = options.collectorUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw agentError('E_ENROLL_FAILED', 'The collector URL must start with http:// or https://.');
  if (!options.force && readIfExists(credentialsPath(options.dataDir)) !== undefined) {
    throw agentError('E_ENROLL_FAILED', `This data folder is already enrolled (${credentialsPath(options.dataDir)}); use --force to replace it.`);
  }
  const os = options.platform.osInfo();
  const response = await requestJson(`${url}/v1/enroll`, {
    body: { token: options.token, hostname: os.hostname, platform: os.platform },
    ...(options.caFile ? { ca: readCa(options.caFile) } : {}),
  });
  if (response.status !== 201) throw responseError(response, 'Enrollment was refused');
  const parsed = EnrollResponseSchema.safeParse(response.body);
  if (!parsed.success) throw new SluiceError('E_ENROLL_FAILED', 'The collector answered enrollment with an unexpected body.');
  const checked = CredentialsSchema.safeParse({
    deviceId: parsed.data.deviceId,
    deviceSecret: parsed.data.deviceSecret,
    collectorUrl: url,
    policyPublicKey: parsed.data.policyPublicKey,
    evidenceSalt: parsed.data.evidenceSalt,
    enrolledAt: (options.now ?? Date.now)(),
  });
  if (!checked.success) throw new SluiceError('E_ENROLL_FAILED', 'The collector answered enrollment with malformed credentials.');
  const credentials = checked.data;
  ensurePrivateDir(options.dataDir);
  saveCredentials(options.dataDir, credentials);
  return credentials;
}
