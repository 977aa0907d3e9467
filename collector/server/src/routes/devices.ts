import type { FastifyInstance } from 'fastify';
import { SluiceError } from '@sluice/shared';
import { requireAdmin } from '../plugins/auth.js';
import type { DeviceRecord } from '../storage/store.js';

function present(device: DeviceRecord, online: boolean) {
  const { secretHash: _secretHash, ...rest } = device;
  return { ...rest, online, revoked: device.revokedAt !== null };
}

/** The fleet view: devices with last contact, versions and online state; revocation. */
export async function deviceRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAdmin);

  app.get('/v1/devices', async () => {
    const devices = await app.ctx.store.listDevices();
    return { devices: devices.map((d) => present(d, app.ctx.hub.isOnline(d.id))) };
  });

  app.get<{ Params: { id: string } }>('/v1/devices/:id', async (request) => {
    const device = await app.ctx.store.getDevice(request.params.id);
    if (!device) throw new SluiceError('E_NOT_FOUND', 'No device with that id.');
    return present(device, app.ctx.hub.isOnline(device.id));
  });

  app.post<{ Params: { id: string } }>('/v1/devices/:id/revoke', async (request) => {
    const { store, hub, now } = app.ctx;
    const device = await store.getDevice(request.params.id);
    if (!device) throw new SluiceError('E_NOT_FOUND', 'No device with that id.');
    await store.revokeDevice(device.id, now());
    const disconnected = hub.disconnect(device.id, 'E_DEVICE_REVOKED');
    request.log.warn({ deviceId: device.id, disconnected }, 'device revoked');
    return { revoked: true, disconnected };
  });
}
