import type { FastifyInstance } from 'fastify';
import { SluiceError } from '@sluice/shared';
import { z } from 'zod';
import { requireAdmin } from '../plugins/auth.js';
import { hashToken, newId, newToken } from '../secrets.js';
import { parseInput } from './validate.js';

const CreateTokenSchema = z
  .strictObject({
    ttlHours: z.number().int().positive().max(24 * 365).optional(),
    maxUses: z.number().int().positive().max(1_000_000).optional(),
    note: z.string().max(200).default(''),
  })
  .default({ note: '' });

/** Admin management of enrollment tokens: create (returned once), list (never the token), revoke. */
export async function enrollmentTokenRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAdmin);

  app.post('/v1/enrollment-tokens', async (request, reply) => {
    const body = parseInput(CreateTokenSchema, request.body ?? undefined, 'token request');
    const { store, now, config } = app.ctx;
    const token = newToken('enrollment');
    const createdAt = now();
    const record = {
      id: newId(),
      hash: hashToken(token),
      createdAt,
      expiresAt: createdAt + (body.ttlHours ?? config.enrollment.defaultTtlHours) * 3_600_000,
      maxUses: body.maxUses ?? null,
      uses: 0,
      revokedAt: null,
      note: body.note,
    };
    await store.createEnrollmentToken(record);
    return reply.code(201).send({ id: record.id, token, expiresAt: record.expiresAt, maxUses: record.maxUses, note: record.note });
  });

  app.get('/v1/enrollment-tokens', async () => {
    const tokens = await app.ctx.store.listEnrollmentTokens();
    return { tokens: tokens.map(({ hash: _hash, ...rest }) => rest) };
  });

  app.delete<{ Params: { id: string } }>('/v1/enrollment-tokens/:id', async (request) => {
    const revoked = await app.ctx.store.revokeEnrollmentToken(request.params.id, app.ctx.now());
    if (!revoked) throw new SluiceError('E_NOT_FOUND', 'No active enrollment token with that id.');
    return { revoked: true };
  });
}
