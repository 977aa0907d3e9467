import type { FastifyInstance } from 'fastify';
import { SluiceError } from '@sluice/shared';
import { z } from 'zod';
import { hashToken, newId, newToken } from '../secrets.js';
import { parseInput } from './validate.js';

const EnrollBodySchema = z.strictObject({
  token: z.string().min(1).max(200),
  hostname: z.string().max(255).default(''),
  platform: z.string().max(32).default(''),
});

/**
 * POST /v1/enroll trades an enrollment token for a device identity. The secret is returned once and
 * stored only as a hash; the policy public key comes with it so the agent can verify policies.
 */
export async function enrollRoutes(app: FastifyInstance): Promise<void> {
  app.post('/v1/enroll', async (request, reply) => {
    const body = parseInput(EnrollBodySchema, request.body, 'enrollment request');
    const { store, keys, evidenceSalt, now } = app.ctx;
    const deviceId = newId();
    const deviceSecret = newToken('device');
    const outcome = await store.enrollDevice(
      hashToken(body.token),
      { id: deviceId, secretHash: hashToken(deviceSecret), hostname: body.hostname, platform: body.platform, enrolledAt: now() },
      now(),
    );
    if (!outcome.ok) throw new SluiceError(outcome.code, 'The enrollment token cannot be used.');
    request.log.info({ deviceId, hostname: body.hostname, tokenId: outcome.tokenId }, 'device enrolled');
    return reply.code(201).send({
      deviceId,
      deviceSecret,
      policyPublicKey: keys.publicKeyHex,
      policyKeyId: keys.keyId,
      evidenceSalt,
      agentPath: '/v1/agent',
    });
  });
}
