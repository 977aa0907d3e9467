import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventSearchText, parseEvent, uuidV7Time } from '../../src/index.js';
import { DEVICE_ID, eventId, testEvent } from '../fixtures.js';

describe('parseEvent', () => {
  it('accepts a valid event and keeps its fields', () => {
    const raw = testEvent();
    const result = parseEvent(raw);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toEqual(raw);
  });

  it.each([
    ['a non-v7 id', { id: '0192f0c4-8c1e-4b7a-9d2e-3f4a5b6c7d8e' }, 'id'],
    ['a missing device id', { deviceId: undefined }, 'deviceId'],
    ['an upper-case device id', { deviceId: DEVICE_ID.toUpperCase() }, 'deviceId'],
    ['a fractional time', { time: 1.5 }, 'time'],
    ['a negative time', { time: -1 }, 'time'],
    ['a user name over the bound', { user: 'u'.repeat(257) }, 'user'],
    ['an unknown envelope field', { extra: 1 }, 'extra'],
    ['an unknown type', { type: 'agent.nope' }, 'Unknown event type'],
    ['a payload of the wrong shape', { payload: { index: 'x', count: 1, note: '' } }, 'payload.index'],
    ['an unknown payload field', { payload: { index: 0, count: 1, note: '', raw: 'secret' } }, 'payload'],
  ])('rejects %s with E_BAD_EVENT', (_name, patch, where) => {
    const result = parseEvent(testEvent(patch));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('E_BAD_EVENT');
      expect(result.error.message).toContain(where);
    }
  });

  it('never echoes the offending value in its error', () => {
    const result = parseEvent(testEvent({ payload: { index: 0, count: 1, note: 'AKIA' + 'x'.repeat(300) } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).not.toContain('AKIA');
  });

  it('rejects values that are not objects', () => {
    for (const raw of [null, 42, 'event', [testEvent()]]) {
      const result = parseEvent(raw);
      expect(result.ok).toBe(false);
    }
  });
});

describe('event type registry', () => {
  it('has unique type names and a complete OCSF mapping for each', () => {
    const names = EVENT_TYPES.map((d) => d.type);
    expect(new Set(names).size).toBe(names.length);
    for (const d of EVENT_TYPES) {
      expect(d.type).toMatch(/^[a-z]+(\.[a-z_]+)+$/);
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.ocsf.className.length).toBeGreaterThan(0);
      expect(Number.isInteger(d.ocsf.classUid)).toBe(true);
    }
  });

  it('indexes the type, the user and the declared payload fields', () => {
    const parsed = parseEvent(testEvent({ payload: { index: 3, count: 5, note: 'rollout check' } }));
    if (!parsed.ok) throw parsed.error;
    expect(eventSearchText(parsed.value)).toBe('agent.test alice rollout check');
  });
});

describe('uuidV7Time', () => {
  it('reads the timestamp back out of an id', () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    expect(uuidV7Time(eventId(t))).toBe(t);
  });
});
