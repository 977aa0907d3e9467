import type { FastifyInstance } from 'fastify';
import { SluiceError } from '@sluice/shared';
import { requireAdmin } from '../plugins/auth.js';

/** Policy authoring API: store (sign and push at once), list, read, and the public key. */
export async function policyRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAdmin);

  app.post('/v1/policies', async (request, reply) => {
    const result = await app.ctx.policies.publish(request.body);
    request.log.info({ version: result.policy.version, policyId: result.policy.id, pushedTo: result.pushedTo }, 'policy stored');
    return reply.code(201).send({
      version: result.policy.version,
      policyId: result.policy.id,
      keyId: result.stored.signed.keyId,
      pushedTo: result.pushedTo,
    });
  });

  app.get('/v1/policies', async () => {
    const policies = await app.ctx.store.listPolicies();
    return {
      policies: policies.map((p) => ({ version: p.version, policyId: p.policyId, scope: p.scope, createdAt: p.createdAt })),
    };
  });

  app.get<{ Params: { version: string } }>('/v1/policies/:version', async (request) => {
    const version = Number(request.params.version);
    const stored = Number.isSafeInteger(version) ? await app.ctx.store.getPolicy(version) : undefined;
    if (!stored) throw new SluiceError('E_NOT_FOUND', 'No policy with that version.');
    return { version: stored.version, policy: JSON.parse(stored.signed.payload) as unknown, signed: stored.signed };
  });

  app.get('/v1/policy-key', async () => ({ keyId: app.ctx.keys.keyId, publicKey: app.ctx.keys.publicKeyHex, algorithm: 'Ed25519' }));
}
