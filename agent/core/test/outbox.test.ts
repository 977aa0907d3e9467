import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/index.js';
import { tempDir, testEvents } from './helpers.js';

function open(file = ':memory:', maxEvents = 1_000, maxBytes = 10_000_000) {
  return new Outbox({ file, maxEvents, maxBytes });
}

describe('Outbox', () => {
  it('assigns increasing sequence numbers and serves them in order until acknowledged', () => {
    const outbox = open();
    const events = testEvents(5);
    expect(outbox.append(events)).toEqual([1, 2, 3, 4, 5]);
    const first = outbox.peek(0, 3, 1_000_000);
    expect(first.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(JSON.parse(first[0]!.body)).toEqual(events[0]);
    expect(outbox.peek(3, 10, 1_000_000).map((e) => e.seq)).toEqual([4, 5]);
    expect(outbox.ack(3)).toBe(3);
    expect(outbox.stats()).toMatchObject({ pending: 2, droppedTotal: 0, lastAssignedSeq: 5 });
    expect(outbox.peek(0, 10, 1_000_000).map((e) => e.seq)).toEqual([4, 5]);
    // Sequence numbers are never reused after deletion.
    outbox.ack(5);
    expect(outbox.append(testEvents(1))).toEqual([6]);
  });

  it('limits a peek by bytes but always returns at least one event', () => {
    const outbox = open();
    outbox.append(testEvents(10));
    const one = outbox.peek(0, 10, 1);
    expect(one).toHaveLength(1);
    const size = one[0]!.bytes;
    expect(outbox.peek(0, 10, size * 3 + 1)).toHaveLength(3);
    expect(outbox.stats().bytes).toBeGreaterThan(size * 9);
  });

  it('evicts the oldest events past the count bound and reports how many', () => {
    const outbox = open(':memory:', 100);
    outbox.append(testEvents(60));
    outbox.append(testEvents(60));
    const stats = outbox.stats();
    // One slot stays free for the event that reports the loss.
    expect(stats.pending).toBe(99);
    expect(stats.droppedTotal).toBe(21);
    expect(outbox.peek(0, 1, 1e9)[0]!.seq).toBe(22);
    const report = outbox.takeDropReport();
    expect(report).toMatchObject({ dropped: 21, bound: 'max_events' });
    outbox.append(testEvents(1, 'the report'));
    expect(outbox.stats()).toMatchObject({ pending: 100, droppedTotal: 21 });
    expect(outbox.takeDropReport()).toBeUndefined();
    expect(report!.droppedBytes).toBeGreaterThan(0);
    expect(outbox.takeDropReport()).toBeUndefined();
  });

  it('evicts by bytes as well', () => {
    const events = testEvents(60);
    const sizes = events.map((e) => Buffer.byteLength(JSON.stringify(e)));
    const budget = sizes.slice(-10).reduce((a, b) => a + b, 0) + 5 + 4 * 1024;
    const outbox = open(':memory:', 1_000_000, budget);
    outbox.append(events);
    expect(outbox.stats().pending).toBe(10);
    expect(outbox.stats().bytes).toBeLessThanOrEqual(budget);
    expect(outbox.peek(0, 1, 1e9)[0]!.seq).toBe(51);
    expect(outbox.takeDropReport()).toMatchObject({ dropped: 50, bound: 'max_bytes' });
  });

  it('acknowledges what the collector already stored at reconnection', () => {
    const outbox = open();
    outbox.append(testEvents(10));
    expect(outbox.reconcile(4)).toEqual({ acked: 4, renumbered: 0 });
    expect(outbox.peek(0, 100, 1e9)[0]!.seq).toBe(5);
  });

  it('renumbers pending events above the collector when the outbox was recreated', () => {
    const outbox = open();
    outbox.append(testEvents(3));
    // The collector stored up to 500 from an earlier outbox file of this device.
    expect(outbox.reconcile(500)).toEqual({ acked: 0, renumbered: 3 });
    expect(outbox.peek(500, 100, 1e9).map((e) => e.seq)).toEqual([501, 502, 503]);
    expect(outbox.append(testEvents(1))).toEqual([504]);
    const empty = open();
    expect(empty.reconcile(42)).toEqual({ acked: 0, renumbered: 0 });
    expect(empty.append(testEvents(1))).toEqual([43]);
  });

  it('keeps events across reopening and sees writes from another connection', () => {
    const file = join(tempDir(), 'outbox.db');
    const a = open(file);
    const b = open(file);
    a.changedElsewhere();
    b.append(testEvents(2, 'from the cli'));
    expect(a.changedElsewhere()).toBe(true);
    expect(a.changedElsewhere()).toBe(false);
    a.append(testEvents(1));
    expect(a.changedElsewhere()).toBe(false);
    expect(a.stats().pending).toBe(3);
    a.close();
    b.close();
    const reopened = open(file);
    expect(reopened.peek(0, 10, 1e9).map((e) => e.seq)).toEqual([1, 2, 3]);
    reopened.close();
  });
});
