import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_INPUT,
  EdmIndexRefListSchema,
  MAX_EDM_INDEX_BYTES,
  MAX_EDM_INDEXES,
  PolicyDocumentSchema,
  PolicyInputSchema,
  PolicySchema,
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

describe('exact-data-match index references', () => {
  const ref = (i: number) => ({ name: `table-${i}`, sha256: i.toString(16).padStart(64, '0'), size: 1_000 + i });

  it('default to none, so policies signed before they existed still parse', () => {
    const input = PolicyInputSchema.parse(DEFAULT_POLICY_INPUT);
    expect(PolicySchema.parse({ ...input, version: 3, issuedAt: 1 }).dlp.edmIndexes).toEqual([]);
    expect(PolicyDocumentSchema.parse(DEFAULT_POLICY_INPUT).dlp.edmIndexes).toEqual([]);
  });

  it('are written by the collector: a policy author cannot set them', () => {
    const input = PolicyInputSchema.parse(DEFAULT_POLICY_INPUT);
    expect(PolicyInputSchema.safeParse({ ...input, dlp: { ...input.dlp, edmIndexes: [ref(1)] } }).success).toBe(false);
    expect(PolicySchema.parse({ ...input, dlp: { ...input.dlp, edmIndexes: [ref(1)] }, version: 3, issuedAt: 1 }).dlp.edmIndexes).toEqual([ref(1)]);
  });

  it('are bounded in number and size, with unique names and digests', () => {
    expect(EdmIndexRefListSchema.safeParse([ref(1), ref(2)]).success).toBe(true);
    expect(EdmIndexRefListSchema.safeParse(Array.from({ length: MAX_EDM_INDEXES + 1 }, (_, i) => ref(i))).success).toBe(false);
    expect(EdmIndexRefListSchema.safeParse([ref(1), { ...ref(2), name: 'table-1' }]).success).toBe(false);
    expect(EdmIndexRefListSchema.safeParse([ref(1), { ...ref(2), sha256: ref(1).sha256 }]).success).toBe(false);
    expect(EdmIndexRefListSchema.safeParse([{ ...ref(1), size: MAX_EDM_INDEX_BYTES + 1 }]).success).toBe(false);
    expect(EdmIndexRefListSchema.safeParse([{ ...ref(1), sha256: 'A'.repeat(64) }]).success).toBe(false);
    expect(EdmIndexRefListSchema.safeParse([{ ...ref(1), name: 'Customers' }]).success).toBe(false);
    expect(EdmIndexRefListSchema.safeParse([{ ...ref(1), name: 'x'.repeat(25) }]).success).toBe(false);
  });
});
