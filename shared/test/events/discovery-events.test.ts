import { describe, expect, it } from 'vitest';
import {
  classifyMatch,
  DISCOVERY_EVENT_TYPES,
  eventSearchText,
  EVENT_TYPES,
  fingerprint,
  parseEvent,
  type AiPolicy,
} from '../../src/index.js';
import { testEvent } from '../fixtures.js';

const finding = {
  app: 'ollama',
  name: 'Ollama',
  vendor: 'Ollama',
  kind: 'local_runtime',
  confidence: 'high',
  score: 0.97,
  evidence: [{ signal: 'probe', value: 'ollama-version /api/version', weight: 0.9 }],
  classification: 'unsanctioned',
  policyVersion: 7,
};

const samples: Record<string, Record<string, unknown>> = {
  'ai.app_first_seen': { ...finding, via: 'inventory', path: '/usr/local/bin/ollama', version: '0.12.3' },
  'ai.app_started': { ...finding, pid: 4242, ppid: 1, exe: '/tmp/renamed', sha256: 'ab'.repeat(32) },
  'ai.app_stopped': { ...finding, pid: 4242, runtimeMs: 60_000 },
  'ai.app_focused': { ...finding, app: 'chatgpt', kind: 'web_app', startTime: 1_700_000_000_000, durationMs: 95_000, browser: 'Google Chrome', host: 'chatgpt.com', title: 'ChatGPT' },
  'ai.site_visited': { ...finding, app: null, kind: 'web_app', host: 'www.krea.ai', domain: 'krea.ai', via: 'browser_history', browser: 'Firefox', visitCount: 3 },
  'ai.runtime_listening': { ...finding, port: 11434, address: '0.0.0.0', exposure: 'network', protocol: 'ollama-api', pid: 4242 },
  'ai.model_file_present': { app: 'ollama', path: '/home/a/.ollama/models/blobs/x.gguf', format: 'gguf', sizeBytes: 4_000_000_000, classification: 'unknown', policyVersion: null },
};

describe('discovery event types', () => {
  it('are registered in EVENT_TYPES with an OCSF mapping', () => {
    const types = EVENT_TYPES.map((d) => d.type as string);
    for (const d of DISCOVERY_EVENT_TYPES) {
      expect(types).toContain(d.type);
      expect(d.ocsf.classUid).toBeGreaterThan(0);
      expect(d.ocsf.activityName.length).toBeGreaterThan(0);
    }
    expect(Object.keys(samples).sort()).toEqual(DISCOVERY_EVENT_TYPES.map((d) => d.type).sort());
  });

  it.each(Object.entries(samples))('%s accepts a valid payload and indexes its safe words', (type, payload) => {
    const parsed = parseEvent(testEvent({ type, payload }));
    if (!parsed.ok) throw parsed.error;
    const text = eventSearchText(parsed.value);
    expect(text).toContain(type);
    if (type !== 'ai.app_focused') expect(text).not.toContain('/home/a');
  });

  it.each([
    ['a raw window title past its bound', 'ai.app_focused', { title: 'x'.repeat(257) }],
    ['a full URL instead of a host', 'ai.site_visited', { host: `chatgpt.com/${'c'.repeat(300)}` }],
    ['an unknown field', 'ai.app_started', { cmdline: 'secret' }],
    ['an unknown classification', 'ai.app_stopped', { classification: 'maybe' }],
    ['an unknown evidence signal', 'ai.app_started', { evidence: [{ signal: 'vibes', value: '', weight: 1 }] }],
    ['too much evidence', 'ai.app_started', { evidence: Array.from({ length: 17 }, () => finding.evidence[0]) }],
    ['a path past its bound', 'ai.app_first_seen', { path: 'p'.repeat(1025) }],
    ['a port out of range', 'ai.runtime_listening', { port: 70_000 }],
  ])('rejects %s', (_name, type, patch) => {
    const payload = { ...samples[type], ...patch };
    expect(parseEvent(testEvent({ type, payload })).ok).toBe(false);
  });

  it('a live fingerprint match fits the payload shape', () => {
    const policy: AiPolicy = { sanctionedApps: [], unsanctionedApps: ['ollama'], sanctionedDomains: [], unsanctionedDomains: [] };
    const match = fingerprint({ name: 'x', probe: { status: 200, body: '{"version":"0.12.3"}', path: '/api/version' } });
    if (!match) throw new Error('no match');
    const { domain: _domain, ...rest } = match;
    const payload = { ...rest, classification: classifyMatch(policy, match), policyVersion: 3, pid: 1 };
    const parsed = parseEvent(testEvent({ type: 'ai.app_started', payload }));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect((parsed.value.payload as { classification: string }).classification).toBe('unsanctioned');
  });
});
