import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_INPUT,
  PolicyInputSchema,
  policyAppliesTo,
  resolveDlpAction,
  strictestAction,
} from '../../src/index.js';
import { DEVICE_ID, OTHER_DEVICE_ID } from '../fixtures.js';

describe('default policy', () => {
  const dlp = PolicyInputSchema.parse(DEFAULT_POLICY_INPUT).dlp;
  it('redacts credentials, warns on personal data and allows the rest for every AI destination', () => {
    for (const destination of ['sanctioned_ai', 'unsanctioned_ai', 'unknown_ai'] as const) {
      expect(resolveDlpAction(dlp, 'credential', destination)).toBe('redact');
      expect(resolveDlpAction(dlp, 'pii', destination)).toBe('warn');
      expect(resolveDlpAction(dlp, 'source_code', destination)).toBe('allow');
    }
  });
});

describe('resolveDlpAction', () => {
  const dlp = {
    defaultAction: 'allow' as const,
    rules: [
      { category: '*', destination: '*', action: 'warn' },
      { category: '*', destination: 'unsanctioned_ai', action: 'block' },
      { category: 'source_code', destination: '*', action: 'justify' },
      { category: 'source_code', destination: 'sanctioned_ai', action: 'allow' },
    ] as const,
  };
  it('prefers the most specific rule whatever the order', () => {
    for (const rules of [dlp.rules, [...dlp.rules].reverse()]) {
      const d = { ...dlp, rules: [...rules] };
      expect(resolveDlpAction(d, 'source_code', 'sanctioned_ai')).toBe('allow');
      expect(resolveDlpAction(d, 'source_code', 'unsanctioned_ai')).toBe('justify');
      expect(resolveDlpAction(d, 'pii', 'unsanctioned_ai')).toBe('block');
      expect(resolveDlpAction(d, 'pii', 'unknown_ai')).toBe('warn');
    }
  });
  it('falls back to the default action', () => {
    expect(resolveDlpAction({ defaultAction: 'warn', rules: [] }, 'pii', 'unknown_ai')).toBe('warn');
  });
});

describe('strictestAction and scope', () => {
  it('orders actions allow < warn < redact < justify < block', () => {
    expect(strictestAction([])).toBe('allow');
    expect(strictestAction(['warn', 'redact', 'allow'])).toBe('redact');
    expect(strictestAction(['justify', 'redact'])).toBe('justify');
    expect(strictestAction(['block', 'justify'])).toBe('block');
  });
  it('matches devices named in the scope', () => {
    expect(policyAppliesTo({ kind: 'all' }, DEVICE_ID)).toBe(true);
    expect(policyAppliesTo({ kind: 'devices', devices: [DEVICE_ID] }, DEVICE_ID)).toBe(true);
    expect(policyAppliesTo({ kind: 'devices', devices: [DEVICE_ID] }, OTHER_DEVICE_ID)).toBe(false);
  });
  it('rejects policies with unknown fields, bad domains or actions', () => {
    const base = PolicyInputSchema.parse(DEFAULT_POLICY_INPUT);
    expect(PolicyInputSchema.safeParse({ ...base, extra: true }).success).toBe(false);
    expect(PolicyInputSchema.safeParse({ ...base, ai: { ...base.ai, sanctionedDomains: ['Chat.OpenAI.com'] } }).success).toBe(false);
    expect(PolicyInputSchema.safeParse({ ...base, dlp: { ...base.dlp, defaultAction: 'quarantine' } }).success).toBe(false);
  });
});
