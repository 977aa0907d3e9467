import { afterEach, describe, expect, it } from 'vitest';
import { Stack } from '../support/stack.js';
import { until } from '../support/processes.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

function expectExactlyOnce(events: { id: string; payload: { index: number } }[], count: number): void {
  const ids = new Set(events.map((e) => e.id));
  expect(ids.size).toBe(events.length);
  const indexes = new Set(events.map((e) => e.payload.index));
  expect(events.length).toBe(count);
  expect(indexes.size).toBe(count);
}

describe('durable delivery between real processes', () => {
  it('stores 50,000 events exactly once while the collector is SIGKILLed twice', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    await stack.queueTestEvents(50_000, 'crash test');
    await stack.startAgent();

    for (const below of [42_000, 20_000]) {
      await until(async () => (await stack!.agentStatus()).outbox.pending < below, 60_000, `outbox below ${below}`);
      await stack.collector!.kill('SIGKILL');
      await stack.startCollector();
    }
    await until(async () => (await stack!.agentStatus()).outbox.pending === 0, 90_000, 'outbox drained');
    const events = await stack.events({ type: 'agent.test' });
    expectExactlyOnce(events, 50_000);
    expect(events.every((e) => e.deviceId === stack!.deviceId)).toBe(true);
  });

  it('loses nothing from its outbox when the agent is SIGKILLed mid-stream', async () => {
    // Small batches, one at a time: the stream lasts long enough to be cut in the middle.
    stack = await Stack.create({ batch: { maxEvents: 20 }, inFlight: { maxBatches: 1 } });
    await stack.startCollector();
    await stack.enroll();
    await stack.queueTestEvents(20_000, 'killedmidstream');
    const first = await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).outbox.pending < 19_000, 60_000, 'streaming started');
    await first.kill('SIGKILL');
    const leftover = (await stack.agentStatus()).outbox.pending;
    expect(leftover).toBeGreaterThan(0);
    await stack.queueTestEvents(1_000, 'afterrestart');
    await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).outbox.pending === 0, 60_000, 'outbox drained');
    expectExactlyOnce(await stack.events({ type: 'agent.test', text: 'killedmidstream' }), 20_000);
    expectExactlyOnce(await stack.events({ type: 'agent.test', text: 'afterrestart' }), 1_000);
    // The restart took over the lock left by the killed process.
    expect((await stack.events({ type: 'agent.started' })).length).toBe(2);
  });

  it('buffers while the collector is down, respects the outbox bound and reports what it dropped', async () => {
    stack = await Stack.create({ outbox: { maxEvents: 2_000 } });
    await stack.startCollector();
    await stack.enroll();
    await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).connection?.state === 'connected', 10_000, 'connected');
    await stack.collector!.kill('SIGTERM');
    await until(async () => (await stack!.agentStatus()).connection?.state !== 'connected', 10_000, 'disconnected');

    await stack.queueTestEvents(1_500, 'outage one');
    await stack.queueTestEvents(1_500, 'outage two');
    const during = await stack.agentStatus();
    expect(during.outbox.pending).toBeLessThanOrEqual(2_000);
    expect(during.outbox.droppedTotal).toBeGreaterThanOrEqual(1_000);
    // Several reconnect attempts fail while the collector is away; the agent stays up.
    await until(async () => (await stack!.agentStatus()).connection?.reconnects >= 3, 20_000, 'reconnect attempts');
    expect(stack.agent!.running).toBe(true);

    await stack.startCollector();
    await until(async () => (await stack!.agentStatus()).outbox.pending === 0, 60_000, 'drained after outage');
    const dropped = await stack.events({ type: 'agent.outbox_dropped' });
    const total = dropped.reduce((sum, e) => sum + e.payload.dropped, 0);
    const delivered = await stack.events({ type: 'agent.test' });
    // Everything queued is either delivered or counted as dropped, and the newest events survived.
    expect(delivered.length + total).toBe(3_000);
    expect(delivered.length).toBeLessThanOrEqual(2_000);
    expect(delivered.filter((e) => e.payload.note === 'outage two')).toHaveLength(1_500);
    expect(dropped[0]!.payload.bound).toBe('max_events');
  });
});
