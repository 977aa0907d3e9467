import { readFileSync } from 'node:fs';
import { SluiceError } from '@sluice/shared';
import { requestJson, responseError, type JsonRequestOptions } from '@sluice/shared-node';
import type { CommandIO, ParsedArgs } from './command.js';
import { stringOption, UsageError } from './command.js';

/** The collector URL from `--url`, else SLUICE_URL. */
export function collectorUrl(args: ParsedArgs, io: CommandIO): string {
  const url = stringOption(args, 'url') ?? io.env.SLUICE_URL;
  if (!url) throw new UsageError('--url is required (or set SLUICE_URL).');
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError('--url must be an http:// or https:// URL.');
  return url.replace(/\/+$/, '');
}

/**
 * Calls an admin route of the collector with the token from SLUICE_ADMIN_TOKEN (never a flag, so it
 * stays out of shell history and process lists). Non-2xx answers become the collector's coded error.
 */
export async function adminRequest(
  io: CommandIO,
  url: string,
  path: string,
  options: Omit<JsonRequestOptions, 'headers'> = {},
): Promise<unknown> {
  const token = io.env.SLUICE_ADMIN_TOKEN?.trim();
  if (!token) {
    throw new SluiceError('E_UNAUTHORIZED', 'Set SLUICE_ADMIN_TOKEN to the collector admin token (printed on its first start, kept in <data>/admin.token).');
  }
  const caFile = io.env.SLUICE_CA_FILE;
  const response = await requestJson(`${url}${path}`, {
    ...options,
    headers: { authorization: `Bearer ${token}` },
    ...(caFile ? { ca: readFileSync(caFile) } : {}),
  });
  if (response.status < 200 || response.status >= 300) throw responseError(response, `${options.method ?? 'GET'} ${path}`);
  return response.body;
}
