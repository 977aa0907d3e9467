import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EdmColumnNameSchema, EdmKindSchema, EdmTableNameSchema, edmIndexColumnName, Sha256HexSchema, SluiceError, wireError } from '@sluice/shared';
import { z } from 'zod';
import type { EdmChange } from '../edm-service.js';
import { authenticateDevice, requireAdmin } from '../plugins/auth.js';
import type { EdmIndexRecord } from '../storage/store.js';
import { parseInput } from './validate.js';

/** Columns one table may have. */
export const MAX_EDM_COLUMNS = 16;
/** Longest raw value; longer ones are no identifier worth matching (normalized values stop at 256). */
export const MAX_EDM_VALUE_CHARS = 1_024;

const TableParamsSchema = z.strictObject({ name: EdmTableNameSchema });

const TableUploadSchema = z.strictObject({
  columns: z
    .array(
      z.strictObject({
        name: EdmColumnNameSchema,
        kind: EdmKindSchema,
        values: z.array(z.string().max(MAX_EDM_VALUE_CHARS)),
      }),
    )
    .min(1)
    .max(MAX_EDM_COLUMNS)
    .refine((columns) => new Set(columns.map((c) => c.name)).size === columns.length, 'column names must be unique'),
});

/** A table as the API shows it: digest, size, and per column its detector and count. Never a value. */
function present(index: EdmIndexRecord) {
  return {
    ...index,
    columns: index.columns.map((c) => ({ ...c, detector: `edm-${edmIndexColumnName(index.name, c.name)}` })),
  };
}

function presentChange(change: EdmChange) {
  return {
    outcome: change.outcome,
    ...(change.index ? { table: present(change.index) } : {}),
    policies: change.policies.map((p) => ({ version: p.policy.version, policyId: p.policy.id, pushedTo: p.pushedTo })),
  };
}

/**
 * Admin management of exact-data-match tables. A table's values come in once, are hashed with the
 * organization's salt, and only the index stays; the log names tables, digests and counts only.
 */
export async function edmTableRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAdmin);

  const maxUploadBytes = app.ctx.config.edm.maxUploadBytes;
  const uploadOptions = {
    bodyLimit: maxUploadBytes,
    // A body past the bound is a table too large, in the route's own terms; the rest as everywhere.
    errorHandler: (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) =>
      app.errorHandler(
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? wireError('E_EDM_TABLE_TOO_LARGE', `The upload is larger than ${maxUploadBytes} bytes.`) : error,
        request,
        reply,
      ),
  };
  app.put<{ Params: { name: string } }>('/v1/edm-tables/:name', uploadOptions, async (request, reply) => {
    const { name } = parseInput(TableParamsSchema, request.params, 'table name');
    const body = parseInput(TableUploadSchema, request.body, 'table');
    const change = await app.ctx.edm.put(name, body.columns);
    request.log.info(
      { table: name, outcome: change.outcome, sha256: change.index?.sha256, size: change.index?.size, columns: change.index?.columns, versions: change.policies.map((p) => p.policy.version) },
      'exact-data-match table stored',
    );
    return reply.code(change.outcome === 'created' ? 201 : 200).send(presentChange(change));
  });

  app.get('/v1/edm-tables', async () => ({ tables: (await app.ctx.store.listEdmIndexes()).map(present) }));

  app.delete<{ Params: { name: string } }>('/v1/edm-tables/:name', async (request) => {
    const { name } = parseInput(TableParamsSchema, request.params, 'table name');
    const change = await app.ctx.edm.delete(name);
    request.log.info({ table: name, versions: change.policies.map((p) => p.policy.version) }, 'exact-data-match table deleted');
    return presentChange(change);
  });
}

/**
 * GET /v1/edm-indexes/:sha256 serves an index to enrolled devices, by the digest a signed policy
 * names, exactly as stored. The agent checks the digest: a row edited in the database is refused
 * there, so this route does not need to trust the database either.
 */
export async function edmIndexRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { sha256: string } }>(
    '/v1/edm-indexes/:sha256',
    {
      preHandler: async (request) => {
        request.deviceId = await authenticateDevice(request);
      },
    },
    async (request, reply) => {
      const sha256 = parseInput(Sha256HexSchema, request.params.sha256, 'digest');
      const content = await app.ctx.store.getEdmIndexContent(sha256);
      if (!content) throw new SluiceError('E_NOT_FOUND', 'No exact-data-match index with that digest.');
      request.log.info({ deviceId: request.deviceId, sha256, size: content.length }, 'exact-data-match index served');
      return reply.type('application/json').header('cache-control', 'no-store').send(content);
    },
  );
}
