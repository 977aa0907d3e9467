import { afterEach, describe, expect, it } from 'vitest';
import { CollectorConnection, Outbox } from '../src/index.js';
import type { ConnectionOptions } from '../src/connection.js';
import { DEVICE_ID, silentLog, testEvents, until } from './helpers.js';
import { ScriptedCollector } from './scripted-collector.js';

const config = {
  batch: { maxEvents: 10, maxBytes: 512 * 1024, delayMs: 30 },
  inFlight: { maxBatches: 2, maxEvents: 1_000 },
  reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
};

let collector: ScriptedCollector;
let connection: CollectorConnection | undefined;

afterEach(async () => {
  await connection?.stop();
  await collector?.close();
});

function connect(
  outbox: Outbox,
  overrides: Partial<typeof config> = {},
  onPolicy: ConnectionOptions['onPolicy'] = async () => ({ version: 1, status: 'applied' }),
) {
  connection = new CollectorConnection({
    collectorUrl: collector.url,
    deviceId: DEVICE_ID,
    deviceSecret: 'slc_dev_secret',
    outbox,
    config: { ...config, ...overrides },
    log: silentLog,
    hello: () => ({ agentVersion: '1.0.0', os: { platform: 'linux', release: '6', arch: 'x64', hostname: 'h' }, policyVersion: 3 }),
    heartbeat: () => ({ pending: 0, bytes: 0, dropped: 0, policyVersion: 3 }),
    onPolicy,
  });
  connection.start();
  return connection;
}

describe('CollectorConnection', () => {
  it('authenticates, says hello and streams the outbox in bounded batches and window', async () => {
    collector = await ScriptedCollector.start();
    const outbox = new Outbox({ file: ':memory:', maxEvents: 1e6, maxBytes: 1e9 });
    outbox.append(testEvents(35));
    connect(outbox);
    await until(() => collector.batches().length === 2, 5_000, 'two batches');
    // The window holds two batches until an ack arrives.
    await new Promise((r) => setTimeout(r, 100));
    expect(collector.batches().map((b) => b.seqs.length)).toEqual([10, 10]);
    expect(collector.headers[0]).toMatchObject({ authorization: 'Bearer slc_dev_secret', 'x-sluice-device': DEVICE_ID });
    expect(collector.frames[0]!.message).toMatchObject({ type: 'hello', protocol: 1, deviceId: DEVICE_ID, policyVersion: 3 });

    collector.send(0, { type: 'ack', seq: 10, batch: 1 });
    await until(() => collector.batches().length === 3);
    expect(outbox.stats().pending).toBe(25);
    collector.autoAck = true;
    collector.send(0, { type: 'ack', seq: 30, batch: 3 });
    await until(() => outbox.stats().pending === 0, 5_000, 'drain');
    const seqs = collector.batches().flatMap((b) => b.seqs);
    expect(seqs).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  });

  it('resends everything unacknowledged after the connection drops, from the collector’s last stored seq', async () => {
    collector = await ScriptedCollector.start();
    const outbox = new Outbox({ file: ':memory:', maxEvents: 1e6, maxBytes: 1e9 });
    outbox.append(testEvents(20));
    connect(outbox);
    await until(() => collector.batches().length === 2);
    // The collector stored the first batch but the connection died before the ack.
    collector.lastSeq = 10;
    collector.sockets[0]!.terminate();
    await until(() => collector.batches().some((b) => b.socket === 1), 5_000, 'resend');
    expect(collector.batches().find((b) => b.socket === 1)!.seqs[0]).toBe(11);
    expect(outbox.stats().pending).toBe(10);
  });

  it('sends a lone event at once and groups events that arrive while others are in flight', async () => {
    collector = await ScriptedCollector.start();
    const outbox = new Outbox({ file: ':memory:', maxEvents: 1e6, maxBytes: 1e9 });
    connect(outbox, { batch: { maxEvents: 100, maxBytes: 512 * 1024, delayMs: 80 } });
    await until(() => connection!.snapshot.state === 'connected');
    outbox.append(testEvents(1));
    connection!.notify();
    await until(() => collector.batches().length === 1, 1_000, 'immediate send');
    for (let i = 0; i < 5; i++) {
      outbox.append(testEvents(1));
      connection!.notify();
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(collector.batches()).toHaveLength(1);
    await until(() => collector.batches().length === 2, 1_000, 'delayed partial batch');
    expect(collector.batches()[1]!.seqs).toEqual([2, 3, 4, 5, 6]);
  });

  it('stops sending on flow pause and resumes on resume', async () => {
    collector = await ScriptedCollector.start();
    const outbox = new Outbox({ file: ':memory:', maxEvents: 1e6, maxBytes: 1e9 });
    connect(outbox);
    await until(() => connection!.snapshot.state === 'connected');
    collector.send(0, { type: 'flow', action: 'pause', reason: 'test' });
    await until(() => connection!.snapshot.paused);
    outbox.append(testEvents(5));
    connection!.notify();
    await new Promise((r) => setTimeout(r, 100));
    expect(collector.batches()).toHaveLength(0);
    collector.send(0, { type: 'flow', action: 'resume' });
    await until(() => collector.batches().length === 1);
  });

  it('discards an event larger than the collector accepts instead of blocking behind it', async () => {
    collector = await ScriptedCollector.start();
    collector.autoWelcome = false;
    const outbox = new Outbox({ file: ':memory:', maxEvents: 1e6, maxBytes: 1e9 });
    outbox.append(testEvents(1, 'x'.repeat(200)));
    outbox.append(testEvents(1));
    connect(outbox);
    await until(() => collector.frames.length === 1);
    collector.welcome(collector.sockets[0]!, { maxEventBytes: 200 });
    await until(() => collector.batches().length === 1);
    expect(collector.batches()[0]!.seqs).toEqual([2]);
  });

  it('answers a policy push with the handler’s acknowledgement', async () => {
    collector = await ScriptedCollector.start();
    const outbox = new Outbox({ file: ':memory:', maxEvents: 1e6, maxBytes: 1e9 });
    const seen: unknown[] = [];
    connect(outbox, {}, async (signed) => {
      seen.push(signed);
      return { version: 9, status: 'rejected', code: 'E_POLICY_SIGNATURE', reason: 'forged' };
    });
    await until(() => connection!.snapshot.state === 'connected');
    const policy = { format: 'sluice.signed-policy/v1', keyId: '0'.repeat(16), payload: '{}', signature: '0'.repeat(128) };
    collector.send(0, { type: 'policy', policy });
    await until(() => collector.frames.some((f) => f.message.type === 'policy_ack'));
    expect(seen).toEqual([policy]);
    expect(collector.frames.find((f) => f.message.type === 'policy_ack')!.message).toEqual({
      type: 'policy_ack',
      version: 9,
      status: 'rejected',
      code: 'E_POLICY_SIGNATURE',
      reason: 'forged',
    });
  });

  it('backs off and retries while the collector refuses or is down', async () => {
    collector = await ScriptedCollector.start();
    collector.rejectUpgrade = 503;
    const outbox = new Outbox({ file: ':memory:', maxEvents: 1e6, maxBytes: 1e9 });
    outbox.append(testEvents(3));
    connect(outbox);
    await until(() => connection!.snapshot.reconnects >= 3, 5_000, 'retries');
    expect(connection!.snapshot.lastError).toContain('503');
    collector.rejectUpgrade = undefined;
    collector.autoAck = true;
    await until(() => outbox.stats().pending === 0, 5_000, 'delivery after recovery');
  });
});
