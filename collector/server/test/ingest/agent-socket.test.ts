import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_INPUT, decodeKey, verifySignedPolicy, type Ack, type CollectorMessage, type ErrorMessage } from '@sluice/shared';
import { RawAgent, startTestCollector, testEvent, type TestCollector } from '../helper.js';

const isAck = (m: CollectorMessage): m is Ack => m.type === 'ack';
const isError = (code: string) => (m: CollectorMessage): m is ErrorMessage => m.type === 'error' && m.code === code;

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector({ limits: { maxFrameBytes: 64 * 1024, maxInFlightEvents: 50, maxProtocolErrors: 5 } as never });
});
afterAll(() => c.stop());

async function connected() {
  const device = await c.enroll();
  const agent = await RawAgent.connect(c.url, device.deviceId, device.deviceSecret);
  agent.hello(device.deviceId, 1);
  const welcome = await agent.waitFor((m) => m.type === 'welcome');
  return { device, agent, welcome };
}

describe('agent WebSocket', () => {
  it('welcomes an authenticated agent and acknowledges only stored events', async () => {
    const { device, agent, welcome } = await connected();
    expect(welcome).toMatchObject({ type: 'welcome', protocol: 1, deviceId: device.deviceId, lastSeq: 0 });
    const events = [1, 2, 3].map((seq) => ({ seq, event: testEvent(device.deviceId, { payload: { index: seq, count: 3, note: 'ws test' } }) }));
    agent.send({ type: 'events', batch: 7, events });
    const ack = await agent.waitFor(isAck);
    expect(ack).toEqual({ type: 'ack', seq: 3, batch: 7 });
    const stored = await c.admin('GET', `/v1/events?device=${device.deviceId}`);
    expect(stored.body.events.map((e: { id: string }) => e.id).sort()).toEqual(events.map((e) => e.event.id).sort());
    const listed = (await c.admin('GET', '/v1/devices')).body.devices.find((d: { id: string }) => d.id === device.deviceId);
    expect(listed).toMatchObject({ online: true, agentVersion: '0.0.0-test', lastSeq: 3 });
    agent.ws.close();
  });

  it('stores a resent batch once and tells the agent where it stands on reconnect', async () => {
    const { device, agent } = await connected();
    const events = [1, 2].map((seq) => ({ seq, event: testEvent(device.deviceId) }));
    agent.send({ type: 'events', batch: 1, events });
    await agent.waitFor(isAck);
    agent.send({ type: 'events', batch: 2, events });
    await agent.waitFor(isError('E_SEQ_REPLAY'));
    agent.ws.close();
    await agent.waitClosed();

    const again = await RawAgent.connect(c.url, device.deviceId, device.deviceSecret);
    again.hello(device.deviceId, 1);
    expect(await again.waitFor((m) => m.type === 'welcome')).toMatchObject({ lastSeq: 2 });
    // Same event ids under new sequence numbers (an agent that lost its sequence state): stored once.
    again.send({ type: 'events', batch: 3, events: events.map((e, i) => ({ seq: 10 + i, event: e.event })) });
    expect((await again.waitFor(isAck)).seq).toBe(11);
    const stored = await c.admin('GET', `/v1/events?device=${device.deviceId}`);
    expect(stored.body.events).toHaveLength(2);
    again.ws.close();
  });

  it('rejects bad frames with coded errors and stays up for others', async () => {
    const { device, agent } = await connected();
    const bystander = await connected();
    agent.send('{"type":');
    await agent.waitFor(isError('E_BAD_JSON'));
    agent.send({ type: 'teleport' });
    await agent.waitFor(isError('E_UNKNOWN_MESSAGE_TYPE'));
    agent.send({ type: 'events', batch: 1 });
    await agent.waitFor(isError('E_BAD_MESSAGE'));
    agent.send({ type: 'events', batch: 2, events: [{ seq: 2, event: testEvent(device.deviceId) }, { seq: 1, event: testEvent(device.deviceId) }] });
    await agent.waitFor(isError('E_SEQ_ORDER'));

    bystander.agent.send({ type: 'events', batch: 1, events: [{ seq: 1, event: testEvent(bystander.device.deviceId) }] });
    expect((await bystander.agent.waitFor(isAck)).seq).toBe(1);

    // A sixth error exceeds the allowance of 5 and closes the connection.
    agent.send('nope');
    agent.send('nope');
    expect(await agent.waitClosed()).toBe(4008);
    expect(agent.received.some(isError('E_TOO_MANY_ERRORS'))).toBe(true);
    expect((await c.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    bystander.agent.ws.close();
  });

  it('refuses events that claim another device or break their schema, and acknowledges past them', async () => {
    const { device, agent } = await connected();
    const other = await c.enroll();
    const good = testEvent(device.deviceId);
    agent.send({
      type: 'events',
      batch: 4,
      events: [
        { seq: 1, event: testEvent(other.deviceId) },
        { seq: 2, event: { ...testEvent(device.deviceId), type: 'agent.unknown' } },
        { seq: 3, event: good },
      ],
    });
    const ack = await agent.waitFor(isAck);
    expect(ack.seq).toBe(3);
    expect(ack.rejected?.map((r) => [r.seq, r.code])).toEqual([[1, 'E_DEVICE_MISMATCH'], [2, 'E_BAD_EVENT']]);
    await agent.waitFor(isError('E_DEVICE_MISMATCH'));
    const otherEvents = await c.admin('GET', `/v1/events?device=${other.deviceId}`);
    expect(otherEvents.body.events).toHaveLength(0);
    const mine = await c.admin('GET', `/v1/events?device=${device.deviceId}`);
    expect(mine.body.events.map((e: { id: string }) => e.id)).toEqual([good.id]);
    agent.ws.close();
  });

  it('closes a connection whose frame exceeds the size limit', async () => {
    const { device, agent } = await connected();
    agent.send({ type: 'events', batch: 1, events: [{ seq: 1, event: testEvent(device.deviceId, { user: 'x'.repeat(70 * 1024) }) }] });
    expect(await agent.waitClosed()).toBe(1009);
    expect((await c.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('closes an agent that ignores the in-flight window', async () => {
    const { device, agent } = await connected();
    const events = Array.from({ length: 51 }, (_, i) => ({ seq: i + 1, event: testEvent(device.deviceId) }));
    agent.send({ type: 'events', batch: 1, events });
    expect(await agent.waitClosed()).toBe(4029);
  });

  it('requires hello first, the authenticated device and the current protocol', async () => {
    const device = await c.enroll();
    const early = await RawAgent.connect(c.url, device.deviceId, device.deviceSecret);
    early.send({ type: 'heartbeat', time: 1, outbox: { pending: 0, bytes: 0, dropped: 0 }, policyVersion: null });
    await early.waitFor(isError('E_HELLO_REQUIRED'));
    const other = await c.enroll();
    early.hello(other.deviceId);
    expect(await early.waitClosed()).toBe(4008);
    expect(early.received.some(isError('E_DEVICE_MISMATCH'))).toBe(true);

    const old = await RawAgent.connect(c.url, device.deviceId, device.deviceSecret);
    old.send({ type: 'hello', protocol: 99, deviceId: device.deviceId, agentVersion: 'x', os: { platform: 'linux', release: '', arch: '', hostname: '' }, policyVersion: null });
    expect(await old.waitClosed()).toBe(4008);
    expect(old.received.some(isError('E_PROTOCOL_VERSION'))).toBe(true);
  });

  it('refuses bad credentials before the upgrade', async () => {
    const device = await c.enroll();
    await expect(RawAgent.connect(c.url, device.deviceId, 'slc_dev_wrong')).rejects.toMatchObject({ status: 401 });
    await expect(RawAgent.connect(c.url, '00000000-0000-4000-8000-000000000000', device.deviceSecret)).rejects.toMatchObject({ status: 401 });
    const noHeader = await c.app.inject({ url: '/v1/agent', headers: { connection: 'upgrade', upgrade: 'websocket' } });
    expect(noHeader.statusCode).toBe(401);
  });

  it('disconnects a revoked device at once and refuses it afterwards', async () => {
    const { device, agent } = await connected();
    expect((await c.admin('POST', `/v1/devices/${device.deviceId}/revoke`)).body).toEqual({ revoked: true, disconnected: true });
    expect(await agent.waitClosed()).toBe(4003);
    expect(agent.received.some(isError('E_DEVICE_REVOKED'))).toBe(true);
    await expect(RawAgent.connect(c.url, device.deviceId, device.deviceSecret)).rejects.toMatchObject({ status: 403 });
  });

  it('replaces an older connection of the same device', async () => {
    const { device, agent } = await connected();
    const second = await RawAgent.connect(c.url, device.deviceId, device.deviceSecret);
    second.hello(device.deviceId, 1);
    await second.waitFor((m) => m.type === 'welcome');
    expect(await agent.waitClosed()).toBe(4009);
    second.ws.close();
  });

  it('sends the newest policy at hello and pushes new ones to online agents in scope', async () => {
    const device = await c.enroll();
    const agent = await RawAgent.connect(c.url, device.deviceId, device.deviceSecret);
    agent.hello(device.deviceId, null);
    const initial = await agent.waitFor((m) => m.type === 'policy');
    const key = decodeKey(device.policyPublicKey);
    const verified = initial.type === 'policy' ? verifySignedPolicy(initial.policy, key) : undefined;
    expect(verified?.ok).toBe(true);

    const bystander = await connected();
    const pushed = await c.admin('POST', '/v1/policies', { ...DEFAULT_POLICY_INPUT, id: 'one-device', scope: { kind: 'devices', devices: [device.deviceId] } });
    expect(pushed.body.pushedTo).toBe(1);
    const delivered = await agent.waitFor((m) => m.type === 'policy' && JSON.parse(m.policy.payload).version === pushed.body.version);
    expect(delivered.type).toBe('policy');
    agent.send({ type: 'policy_ack', version: pushed.body.version, status: 'applied' });
    await expect.poll(async () => (await c.admin('GET', `/v1/devices/${device.deviceId}`)).body.policyVersion).toBe(pushed.body.version);
    expect(bystander.agent.received.filter((m) => m.type === 'policy')).toHaveLength(0);
    agent.ws.close();
    bystander.agent.ws.close();
  });
});

describe('liveness', () => {
  it('cuts off an agent that stops answering pings, so it no longer counts as online', async () => {
    const quick = await startTestCollector({ heartbeatIntervalMs: 100 });
    try {
      const healthy = await quick.enroll();
      const answering = await RawAgent.connect(quick.url, healthy.deviceId, healthy.deviceSecret);
      answering.hello(healthy.deviceId, 1);
      await answering.waitFor((m) => m.type === 'welcome');
      const device = await quick.enroll();
      const agent = await RawAgent.connect(quick.url, device.deviceId, device.deviceSecret, { autoPong: false } as never);
      agent.hello(device.deviceId, 1);
      await agent.waitFor((m) => m.type === 'welcome');
      expect((await quick.admin('GET', `/v1/devices/${device.deviceId}`)).body.online).toBe(true);
      await agent.waitClosed(3_000);
      await expect.poll(async () => (await quick.admin('GET', `/v1/devices/${device.deviceId}`)).body.online).toBe(false);
      // The agent that answers pings is still there after many intervals.
      expect(answering.closeCode).toBeUndefined();
      expect((await quick.admin('GET', `/v1/devices/${healthy.deviceId}`)).body.online).toBe(true);
      answering.ws.close();
    } finally {
      await quick.stop();
    }
  });
});
