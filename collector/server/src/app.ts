import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { SluiceError } from '@sluice/shared';
import { statusOf } from './errors.js';
import type { CollectorContext } from './plugins/context.js';
import { agentSocketRoutes } from './routes/agent-ws.js';
import { deviceRoutes } from './routes/devices.js';
import { edmIndexRoutes, edmTableRoutes } from './routes/edm.js';
import { enrollRoutes } from './routes/enroll.js';
import { enrollmentTokenRoutes } from './routes/enrollment-tokens.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { policyRoutes } from './routes/policies.js';

export interface BuildAppOptions {
  ctx: CollectorContext;
  logger: Logger;
  https?: { cert: Buffer; key: Buffer };
}

/** Fastify's own error codes that are the client's fault, mapped onto the wire catalog. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'E_BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'E_BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'E_BAD_REQUEST',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'E_BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'E_BAD_REQUEST',
  FST_ERR_VALIDATION: 'E_BAD_REQUEST',
};

/**
 * The collector as a Fastify application: every route is a plugin that reaches storage and the live
 * agent hub through `app.ctx`. Listening is the caller's business (server.ts), so tests use inject().
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const serverOptions: FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } } = {
    loggerInstance: options.logger,
    bodyLimit: ctx.config.limits.maxBodyBytes,
    // Never log request bodies or authorization headers.
    ...(options.https ? { https: options.https } : {}),
  };
  const app = Fastify(serverOptions) as unknown as FastifyInstance;
  app.decorate('ctx', ctx);

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    let code = error instanceof SluiceError ? error.code : FASTIFY_CLIENT_ERRORS[error.code ?? ''];
    let status = code ? statusOf(code) : (error.statusCode ?? 500);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') status = 413;
    if (!code) code = status < 500 ? 'E_BAD_REQUEST' : 'E_INTERNAL';
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message = status >= 500 && !(error instanceof SluiceError) ? 'Internal error.' : error.message;
    return reply.code(status).send({ error: { code, message } });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'E_NOT_FOUND', message: 'No such route.' } }),
  );

  await app.register(websocket, {
    options: {
      maxPayload: ctx.config.limits.maxFrameBytes,
      // Compression would let a small frame inflate past the size limit's intent; keep it off.
      perMessageDeflate: false,
    },
  });
  await app.register(healthRoutes);
  await app.register(enrollRoutes);
  await app.register(enrollmentTokenRoutes);
  await app.register(deviceRoutes);
  await app.register(eventRoutes);
  await app.register(policyRoutes);
  await app.register(edmTableRoutes);
  await app.register(edmIndexRoutes);
  await app.register(agentSocketRoutes);
  return app;
}
