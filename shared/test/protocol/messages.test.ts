import { describe, expect, it } from 'vitest';
import { parseAgentMessage, parseCollectorMessage, PROTOCOL_VERSION } from '../../src/index.js';
import { DEVICE_ID, testEvent } from '../fixtures.js';

const hello = {
  type: 'hello',
  protocol: PROTOCOL_VERSION,
  deviceId: DEVICE_ID,
  agentVersion: '0.1.0',
  os: { platform: 'linux', release: '6.1', arch: 'x64', hostname: 'laptop-7' },
  policyVersion: null,
};

describe('parseAgentMessage', () => {
  it('accepts each agent message type', () => {
    const frames = [
      hello,
      { type: 'events', batch: 1, events: [{ seq: 1, event: testEvent() }] },
      { type: 'heartbeat', time: 1, outbox: { pending: 0, bytes: 0, dropped: 0 }, policyVersion: 3 },
      { type: 'policy_ack', version: 3, status: 'rejected', code: 'E_POLICY_SIGNATURE', reason: 'forged' },
    ];
    for (const frame of frames) {
      const result = parseAgentMessage(JSON.stringify(frame));
      expect(result.ok, JSON.stringify(frame)).toBe(true);
    }
  });

  it.each([
    ['not JSON', '{"type":', 'E_BAD_JSON'],
    ['a JSON array', '[]', 'E_BAD_MESSAGE'],
    ['a JSON string', '"hello"', 'E_BAD_MESSAGE'],
    ['no type', '{}', 'E_UNKNOWN_MESSAGE_TYPE'],
    ['an unknown type', '{"type":"welcome"}', 'E_UNKNOWN_MESSAGE_TYPE'],
    ['a hello without a device', JSON.stringify({ ...hello, deviceId: undefined }), 'E_BAD_MESSAGE'],
    ['a batch without events', '{"type":"events","batch":1,"events":[]}', 'E_BAD_MESSAGE'],
    ['a zero sequence number', JSON.stringify({ type: 'events', batch: 1, events: [{ seq: 0, event: {} }] }), 'E_BAD_MESSAGE'],
    ['an unsafe sequence number', `{"type":"events","batch":1,"events":[{"seq":1e300,"event":{}}]}`, 'E_BAD_MESSAGE'],
  ])('rejects %s', (_name, frame, code) => {
    const result = parseAgentMessage(frame);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('bounds the echoed type name of an unknown message', () => {
    const result = parseAgentMessage(JSON.stringify({ type: 'x'.repeat(10_000) }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
  });
});

describe('parseCollectorMessage', () => {
  it('accepts an ack with rejected events and refuses agent messages', () => {
    const ack = { type: 'ack', seq: 10, batch: 2, rejected: [{ seq: 9, code: 'E_BAD_EVENT', message: 'bad' }] };
    expect(parseCollectorMessage(JSON.stringify(ack)).ok).toBe(true);
    const result = parseCollectorMessage(JSON.stringify(hello));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('E_UNKNOWN_MESSAGE_TYPE');
  });
});
