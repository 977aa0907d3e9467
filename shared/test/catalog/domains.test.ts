import { describe, expect, it } from 'vitest';
import { createDomainMatcher, domainCovers, hostFromUrl, matchDomain, matchUrl, normalizeHost, parseUrl, parseWindowTitle } from '../../src/index.js';

describe('createDomainMatcher', () => {
  const m = createDomainMatcher<string>([
    ['openai.com', 'openai'],
    ['chat.openai.com', 'chat'],
    ['bedrock-runtime.*.amazonaws.com', 'bedrock'],
  ]);

  it('matches a domain itself and its subdomains, most specific first', () => {
    expect(m.match('openai.com')).toMatchObject({ domain: 'openai.com', value: 'openai', exact: true });
    expect(m.match('api.openai.com')).toMatchObject({ domain: 'openai.com', exact: false });
    expect(m.match('chat.openai.com')?.value).toBe('chat');
    expect(m.matchAll('x.chat.openai.com').map((h) => h.value)).toEqual(['chat', 'openai']);
  });

  it('does not match look-alike hosts', () => {
    for (const host of ['notopenai.com', 'openai.com.evil.net', 'openai.co', 'com', 'openaicom']) expect(m.match(host), host).toBeUndefined();
  });

  it('lets a * label stand for exactly one label', () => {
    expect(m.match('bedrock-runtime.us-east-1.amazonaws.com')?.value).toBe('bedrock');
    expect(m.match('bedrock-runtime.amazonaws.com')).toBeUndefined();
    expect(m.match('s3.us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('normalizes case and a trailing dot, and rejects junk without throwing', () => {
    expect(m.match('API.OpenAI.COM.')?.value).toBe('openai');
    for (const junk of ['', '.', '..', 'a..b', '-x.com', 'x'.repeat(300), '1.2.3.4', 'open ai.com', 'openai.com\u0000']) {
      expect(() => m.match(junk)).not.toThrow();
      expect(m.match(junk), JSON.stringify(junk.slice(0, 20))).toBeUndefined();
    }
  });

  it('holds a large list and answers exactly for hosts in and out of it (speed is measured in bench/)', () => {
    const big = createDomainMatcher(Array.from({ length: 50_000 }, (_, i) => [`site${i}.example${i % 97}.com`, i] as const));
    for (let i = 0; i < 60_000; i += 997) {
      const hit = big.match(`www.site${i}.example${i % 97}.com`);
      if (i < 50_000) expect(hit?.value).toBe(i);
      else expect(hit).toBeUndefined();
    }
  });
});

describe('catalog domain lookups', () => {
  it('finds vendors and apps by host', () => {
    expect(matchDomain('api.anthropic.com')?.vendor).toBe('Anthropic');
    expect(matchDomain('gemini.google.com')?.app).toBe('gemini');
    expect(matchDomain('myresource.openai.azure.com')?.vendor).toBe('Microsoft');
    expect(matchDomain('bedrock-runtime.eu-west-1.amazonaws.com')?.vendor).toBe('Amazon Web Services');
    expect(matchDomain('google.com')).toBeUndefined();
    expect(matchDomain('github.com')).toBeUndefined();
  });

  it('path-scoped entries match only by URL', () => {
    expect(matchUrl('https://www.bing.com/chat?q=1')?.app).toBe('microsoft-copilot');
    expect(matchUrl('https://www.bing.com/search?q=1')).toBeUndefined();
    expect(matchUrl('https://x.com/i/grok')?.app).toBe('grok');
  });

  it('domainCovers follows the policy rule (itself and subdomains)', () => {
    expect(domainCovers('openai.com', 'api.openai.com')).toBe(true);
    expect(domainCovers('openai.com', 'openai.com')).toBe(true);
    expect(domainCovers('openai.com', 'fakeopenai.com')).toBe(false);
  });
});

describe('parseUrl', () => {
  it.each([
    ['https://chatgpt.com/c/123?x=1#y', 'chatgpt.com', '/c/123'],
    ['http://user:pw@Claude.AI:443/new', 'claude.ai', '/new'],
    ['claude.ai/new', 'claude.ai', '/new'],
    ['wss://realtime.openai.com/v1', 'realtime.openai.com', '/v1'],
    ['perplexity.ai:443/search', 'perplexity.ai', '/search'],
    ['https://www.perplexity.ai', 'www.perplexity.ai', '/'],
  ])('%s', (url, host, path) => {
    expect(parseUrl(url)).toEqual({ host, path });
  });

  it.each(['about:blank', 'chrome://settings', 'file:///tmp/x', 'javascript:void(0)', 'http://[::1]/', 'http://127.0.0.1/', '', '   ', 'https://%E0%A4%A/'])(
    'has no host: %s',
    (url) => {
      expect(hostFromUrl(url)).toBeUndefined();
    },
  );

  it('reads only the start of a huge URL', () => {
    expect(parseUrl(`https://claude.ai/${'a'.repeat(5_000_000)}`)?.host).toBe('claude.ai');
    expect(normalizeHost(`${'a.'.repeat(200)}com`)).toBeUndefined();
  });
});

describe('parseWindowTitle', () => {
  it.each([
    ['ChatGPT - Google Chrome', 'Google Chrome', 'ChatGPT'],
    ['Claude — Mozilla Firefox', 'Mozilla Firefox', 'Claude'],
    ['Gemini and 3 more pages - Work - Microsoft\u200b Edge', 'Microsoft Edge', 'Gemini'],
    ['Perplexity - Brave', 'Brave', 'Perplexity'],
  ])('%s', (title, browser, site) => {
    const parsed = parseWindowTitle(title);
    expect(parsed.browser).toBe(browser);
    expect(parsed.siteNames[0]).toBe(site);
  });

  it('offers the site name at either end of a page title', () => {
    expect(parseWindowTitle('Summarise the Q3 report - Claude - Google Chrome').siteNames).toContain('Claude');
    expect(parseWindowTitle('Midjourney | Explore — Mozilla Firefox').siteNames).toContain('Midjourney');
    expect(parseWindowTitle('(2) ChatGPT - Google Chrome').siteNames).toContain('ChatGPT');
  });

  it('leaves a title without a browser suffix alone and bounds its work', () => {
    expect(parseWindowTitle('Claude').browser).toBeUndefined();
    const parsed = parseWindowTitle(`${'x'.repeat(3_000_000)} - Google Chrome`);
    expect(parsed.page.length).toBeLessThanOrEqual(256);
  });
});
