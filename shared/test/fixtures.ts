/** Shared builders for valid protocol values; tests mutate copies to make them invalid. */
export const DEVICE_ID = '0192f0c4-8c1e-4b7a-9d2e-3f4a5b6c7d8e';
export const OTHER_DEVICE_ID = '0192f0c4-8c1e-4b7a-9d2e-000000000000';

let counter = 0;
export function eventId(time = Date.UTC(2026, 10, 23)): string {
  counter += 1;
  const t = time.toString(16).padStart(12, '0');
  const c = counter.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8)}-7000-8000-${c}`;
}

export function testEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: eventId(),
    deviceId: DEVICE_ID,
    user: 'alice',
    time: Date.UTC(2026, 10, 23, 12),
    type: 'agent.test',
    payload: { index: 0, count: 1, note: 'pipeline check' },
    ...overrides,
  };
}
