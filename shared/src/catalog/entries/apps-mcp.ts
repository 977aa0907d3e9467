import type { AppEntryInput } from '../schema.js';

type McpSpec = {
  id: string;
  name: string;
  vendor: string;
  risk: string;
  homepage: string;
  source: string;
  markers: string[];
  packages: { registry: 'npm' | 'pypi'; name: string }[];
  processNames?: string[];
};

/** MCP servers run as child processes of an AI client; their package name survives any renaming. */
function mcp(spec: McpSpec): AppEntryInput {
  const names = spec.processNames;
  return {
    id: spec.id,
    name: spec.name,
    vendor: spec.vendor,
    kind: 'mcp_server',
    risk: spec.risk,
    homepage: spec.homepage,
    signals: [
      {
        source: spec.source,
        cmdlineMarkers: spec.markers,
        packages: spec.packages,
        ...(names ? { processNames: { linux: names, darwin: names, win32: names.map((n) => `${n}.exe`) } } : {}),
      },
    ],
  };
}

const REFERENCE = 'https://github.com/modelcontextprotocol/servers';

export const MCP_SERVER_APPS: readonly AppEntryInput[] = [
  mcp({
    id: 'mcp-server-filesystem',
    name: 'MCP filesystem server',
    vendor: 'Model Context Protocol',
    risk: 'Gives an AI client read and write access to the folders it is started with.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers/tree/main/src/filesystem',
    markers: ['@modelcontextprotocol/server-filesystem'],
    packages: [{ registry: 'npm', name: '@modelcontextprotocol/server-filesystem' }],
  }),
  mcp({
    id: 'mcp-server-memory',
    name: 'MCP memory server',
    vendor: 'Model Context Protocol',
    risk: 'Persists a knowledge graph of conversation facts to a local file.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers/tree/main/src/memory',
    markers: ['@modelcontextprotocol/server-memory'],
    packages: [{ registry: 'npm', name: '@modelcontextprotocol/server-memory' }],
  }),
  mcp({
    id: 'mcp-server-everything',
    name: 'MCP everything (test) server',
    vendor: 'Model Context Protocol',
    risk: 'Reference server exercising every MCP feature; its presence shows MCP experimentation.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers/tree/main/src/everything',
    markers: ['@modelcontextprotocol/server-everything'],
    packages: [{ registry: 'npm', name: '@modelcontextprotocol/server-everything' }],
  }),
  mcp({
    id: 'mcp-server-sequential-thinking',
    name: 'MCP sequential thinking server',
    vendor: 'Model Context Protocol',
    risk: 'Reasoning helper tool for AI clients; low direct risk, indicates an MCP-enabled client.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers/tree/main/src/sequentialthinking',
    markers: ['@modelcontextprotocol/server-sequential-thinking'],
    packages: [{ registry: 'npm', name: '@modelcontextprotocol/server-sequential-thinking' }],
  }),
  mcp({
    id: 'mcp-server-fetch',
    name: 'MCP fetch server',
    vendor: 'Model Context Protocol',
    risk: 'Lets an AI client fetch arbitrary URLs: a prompt-injection and exfiltration channel.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers/tree/main/src/fetch',
    markers: ['mcp-server-fetch'],
    packages: [{ registry: 'pypi', name: 'mcp-server-fetch' }],
    processNames: ['mcp-server-fetch'],
  }),
  mcp({
    id: 'mcp-server-git',
    name: 'MCP git server',
    vendor: 'Model Context Protocol',
    risk: 'Lets an AI client read and change git repositories.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers/tree/main/src/git',
    markers: ['mcp-server-git'],
    packages: [{ registry: 'pypi', name: 'mcp-server-git' }],
    processNames: ['mcp-server-git'],
  }),
  mcp({
    id: 'mcp-server-time',
    name: 'MCP time server',
    vendor: 'Model Context Protocol',
    risk: 'Time and time-zone tool; low risk, indicates an MCP-enabled client.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers/tree/main/src/time',
    markers: ['mcp-server-time'],
    packages: [{ registry: 'pypi', name: 'mcp-server-time' }],
    processNames: ['mcp-server-time'],
  }),
  mcp({
    id: 'github-mcp-server',
    name: 'GitHub MCP server',
    vendor: 'GitHub',
    risk: 'Acts on GitHub with the user\'s token: reads private repositories, opens issues and pull requests.',
    homepage: 'https://github.com/github/github-mcp-server',
    source: 'https://github.com/github/github-mcp-server',
    markers: ['github-mcp-server', '@modelcontextprotocol/server-github'],
    packages: [{ registry: 'npm', name: '@modelcontextprotocol/server-github' }],
    processNames: ['github-mcp-server'],
  }),
  mcp({
    id: 'playwright-mcp',
    name: 'Playwright MCP',
    vendor: 'Microsoft',
    risk: 'Lets an AI client drive a real browser, including logged-in sessions.',
    homepage: 'https://github.com/microsoft/playwright-mcp',
    source: 'https://github.com/microsoft/playwright-mcp',
    markers: ['@playwright/mcp'],
    packages: [{ registry: 'npm', name: '@playwright/mcp' }],
  }),
  mcp({
    id: 'puppeteer-mcp',
    name: 'MCP Puppeteer server',
    vendor: 'Model Context Protocol',
    risk: 'Lets an AI client drive a Chromium browser and run page scripts.',
    homepage: REFERENCE,
    source: 'https://github.com/modelcontextprotocol/servers-archived/tree/main/src/puppeteer',
    markers: ['@modelcontextprotocol/server-puppeteer'],
    packages: [{ registry: 'npm', name: '@modelcontextprotocol/server-puppeteer' }],
  }),
  mcp({
    id: 'chrome-devtools-mcp',
    name: 'Chrome DevTools MCP',
    vendor: 'Google',
    risk: 'Gives an AI client control of Chrome through DevTools, including page content and network data.',
    homepage: 'https://github.com/ChromeDevTools/chrome-devtools-mcp',
    source: 'https://github.com/ChromeDevTools/chrome-devtools-mcp',
    markers: ['chrome-devtools-mcp'],
    packages: [{ registry: 'npm', name: 'chrome-devtools-mcp' }],
  }),
  mcp({
    id: 'context7-mcp',
    name: 'Context7 MCP',
    vendor: 'Upstash',
    risk: 'Fetches library documentation into the AI client\'s context from Upstash\'s service.',
    homepage: 'https://github.com/upstash/context7',
    source: 'https://github.com/upstash/context7',
    markers: ['@upstash/context7-mcp'],
    packages: [{ registry: 'npm', name: '@upstash/context7-mcp' }],
  }),
  mcp({
    id: 'mcp-remote',
    name: 'mcp-remote',
    vendor: 'Cloudflare (community)',
    risk: 'Bridges a local MCP client to a remote MCP server, with OAuth tokens stored locally.',
    homepage: 'https://github.com/geelen/mcp-remote',
    source: 'https://github.com/geelen/mcp-remote',
    markers: ['mcp-remote'],
    packages: [{ registry: 'npm', name: 'mcp-remote' }],
  }),
  mcp({
    id: 'desktop-commander-mcp',
    name: 'Desktop Commander MCP',
    vendor: 'Desktop Commander',
    risk: 'Gives an AI client unrestricted terminal and file-system control.',
    homepage: 'https://github.com/wonderwhy-er/DesktopCommanderMCP',
    source: 'https://github.com/wonderwhy-er/DesktopCommanderMCP',
    markers: ['@wonderwhy-er/desktop-commander'],
    packages: [{ registry: 'npm', name: '@wonderwhy-er/desktop-commander' }],
  }),
  mcp({
    id: 'notion-mcp',
    name: 'Notion MCP server',
    vendor: 'Notion',
    risk: 'Reads and writes a Notion workspace with the user\'s integration token.',
    homepage: 'https://github.com/makenotion/notion-mcp-server',
    source: 'https://github.com/makenotion/notion-mcp-server',
    markers: ['@notionhq/notion-mcp-server'],
    packages: [{ registry: 'npm', name: '@notionhq/notion-mcp-server' }],
  }),
  mcp({
    id: 'supabase-mcp',
    name: 'Supabase MCP server',
    vendor: 'Supabase',
    risk: 'Runs SQL and manages Supabase projects with the user\'s access token.',
    homepage: 'https://github.com/supabase-community/supabase-mcp',
    source: 'https://github.com/supabase-community/supabase-mcp',
    markers: ['@supabase/mcp-server-supabase'],
    packages: [{ registry: 'npm', name: '@supabase/mcp-server-supabase' }],
  }),
  mcp({
    id: 'mcp-inspector',
    name: 'MCP Inspector',
    vendor: 'Model Context Protocol',
    risk: 'Developer tool that launches MCP servers and proxies them to a local web UI.',
    homepage: 'https://github.com/modelcontextprotocol/inspector',
    source: 'https://github.com/modelcontextprotocol/inspector',
    markers: ['@modelcontextprotocol/inspector'],
    packages: [{ registry: 'npm', name: '@modelcontextprotocol/inspector' }],
  }),
];
