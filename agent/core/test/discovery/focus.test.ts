import { describe, expect, it } from 'vitest';
import { FocusTracker } from '../../src/index.js';

describe('FocusTracker', () => {
  it('measures a session from its first sample to the first sample of something else', () => {
    const f = new FocusTracker<string>({ intervalMs: 1_000 });
    expect(f.sample(0, 'chatgpt', 'a').started).toBe(true);
    expect(f.sample(1_000, 'chatgpt', 'a').ended).toBeUndefined();
    expect(f.sample(2_000, 'chatgpt', 'a').ended).toBeUndefined();
    const { ended, started } = f.sample(3_000, 'claude', 'b');
    expect(ended).toMatchObject({ key: 'chatgpt', startTime: 0, durationMs: 3_000 });
    expect(started).toBe(true);
    expect(f.sample(4_500, undefined).ended).toMatchObject({ key: 'claude', startTime: 3_000, durationMs: 1_500 });
    expect(f.current).toBeUndefined();
  });

  it('does not count a long silence (sleep, stalled agent) as focus', () => {
    const f = new FocusTracker<string>({ intervalMs: 1_000 });
    f.sample(0, 'chatgpt', 'a');
    f.sample(1_000, 'chatgpt', 'a');
    const { ended, started } = f.sample(3_600_000, 'chatgpt', 'a');
    expect(ended).toMatchObject({ startTime: 0, durationMs: 2_000 });
    expect(started).toBe(true);
  });

  it('flushes the open session up to the last sample plus one interval', () => {
    const f = new FocusTracker<string>({ intervalMs: 1_000 });
    f.sample(0, 'x', 'a');
    f.sample(1_000, 'x', 'a');
    expect(f.flush(1_200)).toMatchObject({ durationMs: 1_200 });
    expect(f.flush(5_000)).toBeUndefined();
    f.sample(10_000, 'x', 'a');
    expect(f.flush(60_000)).toMatchObject({ durationMs: 1_000 });
  });
});
