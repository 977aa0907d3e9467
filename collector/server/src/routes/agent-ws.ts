import type { FastifyInstance } from 'fastify';
import { authenticateDevice } from '../plugins/auth.js';

/**
 * GET /v1/agent upgrades to the agent WebSocket. Credentials are checked before the upgrade, so an
 * unauthenticated client gets a plain 401 and never a socket.
 */
export async function agentSocketRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/v1/agent',
    {
      websocket: true,
      preValidation: async (request) => {
        request.deviceId = await authenticateDevice(request);
      },
    },
    (socket, request) => {
      if (request.deviceId === undefined) {
        socket.close(4001, 'E_AUTH_REQUIRED');
        return;
      }
      app.ctx.hub.attach(socket, request.deviceId);
    },
  );
}
