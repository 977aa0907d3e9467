import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, ocsfMappingMarkdown } from '../../src/index.js';

describe('docs/ocsf-mapping.md', () => {
  it('matches the event registry (run `npm run generate` after changing event types)', () => {
    const checkedIn = readFileSync(new URL('../../../docs/ocsf-mapping.md', import.meta.url), 'utf8');
    expect(checkedIn).toBe(ocsfMappingMarkdown());
  });

  it('lists every event type once', () => {
    const text = ocsfMappingMarkdown();
    for (const d of EVENT_TYPES) expect(text.split(`| \`${d.type}\` |`).length).toBe(2);
  });
});
