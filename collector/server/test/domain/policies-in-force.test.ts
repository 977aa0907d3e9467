import { describe, expect, it } from 'vitest';
import { policyAppliesTo, type PolicyScope } from '@sluice/shared';
import { policiesInForce } from '../../src/domain/policies-in-force.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const all: PolicyScope = { kind: 'all' };
const devices = (...ids: string[]): PolicyScope => ({ kind: 'devices', devices: ids });

/** The version a device enforces: the newest in scope. */
function enforced(newestFirst: readonly { version: number; scope: PolicyScope }[], device: string): number | undefined {
  return newestFirst.find((p) => policyAppliesTo(p.scope, device))?.version;
}

describe('policiesInForce', () => {
  it('keeps the newest policy for all devices and the device policies newer than it', () => {
    const stored = [
      { version: 6, scope: devices(A) },
      { version: 5, scope: devices(A, B) },
      { version: 4, scope: all },
      { version: 3, scope: devices(C) },
      { version: 2, scope: all },
    ];
    expect(policiesInForce(stored).map((p) => p.version)).toEqual([4, 5, 6]);
  });

  it('drops a device policy every device of which a newer policy reaches', () => {
    const stored = [
      { version: 3, scope: devices(A, B) },
      { version: 2, scope: devices(A) },
      { version: 1, scope: devices(B, C) },
    ];
    expect(policiesInForce(stored).map((p) => p.version)).toEqual([1, 3]);
    expect(policiesInForce([])).toEqual([]);
  });

  it('keeps every device, and a device not yet enrolled, on the same policy when they are signed again', () => {
    const stored = [
      { version: 7, scope: devices(B) },
      { version: 6, scope: devices(A, C) },
      { version: 5, scope: all },
      { version: 4, scope: devices(A) },
    ];
    let next = 8;
    const reissued = policiesInForce(stored).map((p) => ({ version: next++, scope: p.scope, was: p.version }));
    const after = [...reissued].reverse().concat(stored.map((p) => ({ ...p, was: p.version })));
    for (const device of [A, B, C, '00000000-0000-4000-8000-0000000000ff']) {
      const before = enforced(stored, device);
      const now = after.find((p) => policyAppliesTo(p.scope, device));
      expect(now?.was, device).toBe(before);
      expect(now!.version).toBeGreaterThan(7);
    }
  });
});
