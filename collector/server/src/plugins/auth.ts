import type { FastifyReply, FastifyRequest } from 'fastify';
import { SluiceError } from '@sluice/shared';
import { hashToken, sameHash, TOKEN_PREFIX } from '../secrets.js';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9_\-]{1,200})$/.exec(header);
  return match?.[1];
}

/** preHandler for every analyst/admin route: a valid admin API token, or 401. */
export async function requireAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const token = bearerToken(request);
  if (!token || !token.startsWith(TOKEN_PREFIX.admin)) throw new SluiceError('E_UNAUTHORIZED', 'An admin API token is required (Authorization: Bearer slc_admin_…).');
  const record = await request.server.ctx.store.findAdminTokenByHash(hashToken(token));
  if (!record) throw new SluiceError('E_UNAUTHORIZED', 'The admin API token is not valid.');
  request.adminTokenId = record.id;
}

/**
 * Authenticates an agent before its WebSocket upgrade: `X-Sluice-Device` names the device and the
 * bearer token is its secret. Returns the device id or throws a coded error.
 */
export async function authenticateDevice(request: FastifyRequest): Promise<string> {
  const deviceId = request.headers['x-sluice-device'];
  const secret = bearerToken(request);
  if (typeof deviceId !== 'string' || !secret) throw new SluiceError('E_AUTH_REQUIRED', 'Device credentials are required.');
  const device = await request.server.ctx.store.getDevice(deviceId.slice(0, 64));
  // Hash even when the device is unknown, so timing does not reveal which ids exist.
  const presented = hashToken(secret);
  if (!device || !sameHash(presented, device.secretHash)) throw new SluiceError('E_AUTH_INVALID', 'The device credentials are not valid.');
  if (device.revokedAt !== null) throw new SluiceError('E_DEVICE_REVOKED', 'This device has been revoked.');
  return device.id;
}
