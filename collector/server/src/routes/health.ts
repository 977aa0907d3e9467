import type { FastifyInstance } from 'fastify';

/** Liveness, readiness and metrics: the only routes without authentication. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await app.ctx.store.ping();
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'storage' });
    }
    if (app.ctx.hub.writer.isPaused) return reply.code(503).send({ status: 'unavailable', reason: 'ingest backlog' });
    return { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    const { registry } = app.ctx.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
