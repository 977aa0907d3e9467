import { describe, expect, it } from 'vitest';
import {
  classifyApp,
  classifyDomain,
  classifyMatch,
  classifyModelFile,
  destinationClass,
  fingerprint,
  matchPath,
  type AiPolicy,
} from '../../src/index.js';

const policy: AiPolicy = {
  sanctionedApps: ['chatgpt', 'github-copilot'],
  unsanctionedApps: ['deepseek-chat', 'ollama', 'chatgpt-desktop'],
  sanctionedDomains: ['claude.ai', 'chat.example-ai.com'],
  unsanctionedDomains: ['example-ai.com', 'perplexity.ai'],
};

describe('classification under a policy', () => {
  it('classifies apps by id, and unknown without a policy', () => {
    expect(classifyApp(policy, 'chatgpt')).toBe('sanctioned');
    expect(classifyApp(policy, 'ollama')).toBe('unsanctioned');
    expect(classifyApp(policy, 'cursor')).toBe('unknown');
    expect(classifyApp(undefined, 'chatgpt')).toBe('unknown');
  });

  it('a contradictory policy fails closed', () => {
    expect(classifyApp({ ...policy, sanctionedApps: ['ollama'] }, 'ollama')).toBe('unsanctioned');
    expect(classifyDomain({ ...policy, sanctionedDomains: ['perplexity.ai'] }, 'perplexity.ai')).toBe('unsanctioned');
  });

  it('classifies domains by the most specific listed domain, subdomains included', () => {
    expect(classifyDomain(policy, 'claude.ai')).toBe('sanctioned');
    expect(classifyDomain(policy, 'www.perplexity.ai')).toBe('unsanctioned');
    expect(classifyDomain(policy, 'chat.example-ai.com')).toBe('sanctioned');
    expect(classifyDomain(policy, 'api.example-ai.com')).toBe('unsanctioned');
  });

  it('falls back to the catalog app that owns a domain', () => {
    expect(classifyDomain(policy, 'chatgpt.com')).toBe('sanctioned');
    expect(classifyDomain(policy, 'chat.deepseek.com')).toBe('unsanctioned');
    expect(classifyDomain(policy, 'midjourney.com')).toBe('unknown');
    expect(classifyDomain(policy, 'not a host')).toBe('unknown');
  });

  it('classifies fingerprint matches by app, then by the domain they were seen on', () => {
    expect(classifyMatch(policy, fingerprint({ name: 'ollama', exe: '/usr/local/bin/ollama' }))).toBe('unsanctioned');
    expect(classifyMatch(policy, fingerprint({ url: 'https://claude.ai/new' }))).toBe('sanctioned');
    expect(classifyMatch(policy, fingerprint({ url: 'https://www.krea.ai/' }))).toBe('unknown');
    expect(classifyMatch(policy, null)).toBe('unknown');
  });

  it('maps to the DLP engine destination classes', () => {
    expect(destinationClass('sanctioned')).toBe('sanctioned_ai');
    expect(destinationClass('unsanctioned')).toBe('unsanctioned_ai');
    expect(destinationClass('unknown')).toBe('unknown_ai');
  });
});

describe('model files and known folders', () => {
  it('recognises unambiguous weight formats anywhere', () => {
    expect(classifyModelFile('/data/llama-3-8b.Q4_K_M.gguf')).toEqual({ format: 'gguf', app: undefined });
    expect(classifyModelFile('C:\\models\\flux.safetensors')?.format).toBe('safetensors');
  });

  it('counts generic formats only inside a catalogued model folder', () => {
    expect(classifyModelFile('/home/a/project/weights.bin')).toBeUndefined();
    expect(classifyModelFile('/home/a/ComfyUI/models/checkpoints/sd15.ckpt')).toEqual({ format: 'pytorch', app: 'comfyui' });
    expect(classifyModelFile('/home/a/.ollama/models/blobs/sha256-abc.gguf')?.app).toBe('ollama');
  });

  it('maps config and model folders to apps', () => {
    expect(matchPath('/home/a/.claude/settings.json').map((m) => m.app)).toContain('claude-code');
    expect(matchPath('C:\\Users\\a\\.lmstudio\\models\\x').find((m) => m.role === 'models')?.app).toBe('lm-studio');
    expect(matchPath('/home/a/.claudette/x')).toEqual([]);
  });
});
