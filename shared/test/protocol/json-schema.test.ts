import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { protocolJsonSchema } from '../../src/index.js';

describe('checked-in JSON Schema', () => {
  it('matches the zod schemas (run `npm run generate` after changing the protocol)', () => {
    const checkedIn = readFileSync(new URL('../../schema/protocol-v1.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(checkedIn)).toEqual(protocolJsonSchema());
  });

  it('describes every message type of both directions', () => {
    const text = JSON.stringify(protocolJsonSchema());
    for (const type of ['hello', 'events', 'heartbeat', 'policy_ack', 'welcome', 'ack', 'policy', 'error', 'flow']) {
      expect(text).toContain(`"const":"${type}"`);
    }
  });
});
