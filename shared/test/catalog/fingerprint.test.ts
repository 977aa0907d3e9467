import { describe, expect, it } from 'vitest';
import { createFingerprinter, fingerprint, SIGNAL_WEIGHTS, type Descriptor, type FingerprintMatch } from '../../src/index.js';

const signals = (m: FingerprintMatch | null): string[] => (m ? m.evidence.map((e) => e.signal) : []);

describe('renamed binaries are still recognised', () => {
  it('by code signature: a Claude.app binary copied to ~/tmp/notes is still Claude (Team ID + bundle id)', () => {
    const m = fingerprint({
      name: 'notes',
      exe: '/Users/alice/tmp/notes',
      teamId: 'Q6L2SF6YDW',
      bundleId: 'com.anthropic.claudefordesktop',
      platform: 'darwin',
    });
    expect(m?.app).toBe('claude-desktop');
    expect(m?.confidence).toBe('high');
    expect(signals(m)).toEqual(expect.arrayContaining(['team_id', 'bundle_id']));
  });

  it('by signing authority alone, reading the Team ID out of the authority string', () => {
    const m = fingerprint({ name: 'x', signer: 'Developer ID Application: Anysphere, Inc. (VDXQ22DGB9)' });
    expect(m?.app).toBe('cursor');
    expect(m?.confidence).toBe('high');
  });

  it('a Team ID shared by two apps of one vendor is reported as ambiguous, not high', () => {
    const m = fingerprint({ name: 'renamed', teamId: 'Q6L2SF6YDW' });
    expect(m?.vendor).toBe('Anthropic');
    expect(m?.confidence).toBe('medium');
    expect(signals(m)).toContain('ambiguous');
  });

  it('by Electron package name inside app.asar', () => {
    const m = fingerprint({ name: 'Helper', exe: 'C:\\Users\\bob\\Desktop\\x\\helper.exe', asarName: 'CherryStudio', platform: 'win32' });
    expect(m?.app).toBe('cherry-studio');
    expect(m?.confidence).toBe('high');
  });

  it('by command-line marker: Claude Code run through node under any name', () => {
    const m = fingerprint({
      name: 'node',
      exe: '/usr/bin/node',
      cmdline: ['node', '/home/alice/.npm-global/lib/node_modules/@anthropic-ai/claude-code/cli.js', '--print'],
    });
    expect(m?.app).toBe('claude-code');
    expect(m?.confidence).toBe('high');
    expect(signals(m)).toContain('cmdline_marker');
  });

  it('by command-line marker on a Windows path with backslashes', () => {
    const m = fingerprint({ cmdline: 'C:\\Program Files\\nodejs\\node.exe C:\\Users\\a\\AppData\\Roaming\\npm\\node_modules\\@google\\gemini-cli\\dist\\index.js' });
    expect(m?.app).toBe('gemini-cli');
  });

  it('by protocol probe: an Ollama-compatible server under a random name on a random port', () => {
    const m = fingerprint({
      name: 'xq7-helper',
      exe: '/tmp/xq7-helper',
      listenPorts: [41999],
      probe: { path: '/api/version', status: 200, body: '{"version":"0.12.3"}', port: 41999 },
    });
    expect(m?.app).toBe('ollama');
    expect(m?.kind).toBe('local_runtime');
    expect(m?.confidence).toBe('high');
    expect(signals(m)).toContain('probe');
  });

  it('by probe without a path: the body alone is tried against every known protocol', () => {
    const m = fingerprint({ probe: { status: 200, body: 'Ollama is running' } });
    expect(m?.app).toBe('ollama');
  });

  it('an OpenAI-compatible answer names the implementation when owned_by does', () => {
    const body = JSON.stringify({ object: 'list', data: [{ id: 'qwen.gguf', object: 'model', owned_by: 'llamacpp' }] });
    expect(fingerprint({ listenPorts: [9123], probe: { path: '/v1/models', status: 200, body } })?.app).toBe('llama-cpp-server');
  });

  it('an anonymous OpenAI-compatible answer on LM Studio\'s default port is LM Studio; elsewhere it is a generic local server', () => {
    const body = JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', owned_by: 'organization_owner' }] });
    expect(fingerprint({ probe: { path: '/v1/models', status: 200, body, port: 1234 } })?.app).toBe('lm-studio');
    const generic = fingerprint({ probe: { path: '/v1/models', status: 200, body, port: 43210 } });
    expect(generic?.app).toBe('openai-compatible-server');
    expect(generic?.confidence).toBe('high');
  });

  it('a failed or wrong-shaped probe proves nothing', () => {
    expect(fingerprint({ probe: { path: '/api/version', status: 404, body: '{"version":"1"}' } })).toBeNull();
    expect(fingerprint({ probe: { path: '/api/version', status: 200, body: '{"version":"1","build":"x"}' } })).toBeNull();
    expect(fingerprint({ probe: { path: '/api/version', status: 200, body: '{not json' } })).toBeNull();
  });

  it('by hash: a catalogued binary learned at its install path is recognised when copied under a new name', () => {
    const fp = createFingerprinter();
    const sha = 'ab'.repeat(32);
    const original: Descriptor = { name: 'ollama', exe: '/usr/local/bin/ollama', sha256: sha, platform: 'linux' };
    const first = fp.match(original);
    expect(first?.app).toBe('ollama');
    expect(first?.confidence).toBe('high');
    expect(fp.learn(original, first)).toBe(true);

    const copy = fp.match({ name: 'backup-sync', exe: '/home/bob/.cache/backup-sync', sha256: sha.toUpperCase() });
    expect(copy?.app).toBe('ollama');
    expect(copy?.confidence).toBe('high');
    expect(signals(copy)).toEqual(['sha256']);
  });

  it('hashes passed in as known hashes work the same way', () => {
    const sha = 'cd'.repeat(32);
    const fp = createFingerprinter({ knownHashes: [[sha, 'lm-studio']] });
    expect(fp.match({ name: 'zz', sha256: sha })?.app).toBe('lm-studio');
  });

  it('never learns the hash of a host executable such as node, nor from a name-only match', () => {
    const fp = createFingerprinter();
    const viaNode: Descriptor = { exe: '/usr/bin/node', sha256: 'ef'.repeat(32), cmdline: 'node /x/@openai/codex/bin/codex.js' };
    expect(fp.learn(viaNode, fp.match(viaNode))).toBe(false);
    const nameOnly: Descriptor = { name: 'ollama', exe: '/tmp/ollama', sha256: '12'.repeat(32) };
    expect(fp.learn(nameOnly, fp.match(nameOnly))).toBe(false);
    expect(fp.learnedHashes().size).toBe(0);
  });
});

describe('look-alike names are low confidence, not the app', () => {
  it('a process merely named like an AI app is low confidence', () => {
    for (const name of ['ollama', 'claude', 'cursor', 'goose', 'aider', 'codex']) {
      const m = fingerprint({ name, exe: `/opt/tools/${name}` });
      expect(m?.confidence, name).toBe('low');
      expect(m?.score ?? 1, name).toBeLessThanOrEqual(SIGNAL_WEIGHTS.processName);
      expect(signals(m), name).toEqual(['process_name']);
    }
  });

  it('a name that contradicts its own code signature drops below reporting', () => {
    expect(fingerprint({ name: 'Cursor', teamId: 'ABCDE12345', platform: 'darwin' })).toBeNull();
    // With a second weak signal it is still reported, marked as a look-alike.
    const m = fingerprint({ name: 'Cursor', teamId: 'ABCDE12345', exe: '/Applications/Cursor.app/Contents/MacOS/Cursor' });
    expect(m?.app).toBe('cursor');
    expect(m?.confidence).toBe('low');
    expect(signals(m)).toContain('team_id_mismatch');
  });

  it('a name with a foreign bundle id is a look-alike', () => {
    const m = fingerprint({ name: 'ChatGPT', bundleId: 'com.example.chatgpt-wrapper', platform: 'darwin' });
    expect(m === null || m.confidence === 'low').toBe(true);
  });

  it('names that only contain an app name do not match at all', () => {
    for (const name of ['ollama-exporter', 'claude-helper2', 'my-cursor', 'chatgpt_clone', 'notcodex']) {
      expect(fingerprint({ name }), name).toBeNull();
    }
  });

  it('the install location upgrades a name match to high confidence', () => {
    const m = fingerprint({ name: 'Claude', exe: '/Applications/Claude.app/Contents/MacOS/Claude' });
    expect(m?.app).toBe('claude-desktop');
    expect(m?.confidence).toBe('high');
  });

  it('a port alone is weak and a common port alone is nothing', () => {
    expect(fingerprint({ listenPorts: [11434] })?.confidence).toBe('low');
    expect(fingerprint({ listenPorts: [8080] })).toBeNull();
  });
});

describe('browser windows and URLs', () => {
  it('"ChatGPT - Google Chrome" is the ChatGPT web app at medium confidence', () => {
    const m = fingerprint({ name: 'chrome', title: 'ChatGPT - Google Chrome' });
    expect(m?.app).toBe('chatgpt');
    expect(m?.kind).toBe('web_app');
    expect(m?.confidence).toBe('medium');
  });

  it('a conversation title with the site name at the end still matches', () => {
    expect(fingerprint({ title: 'Refactor the parser - Claude — Mozilla Firefox' })?.app).toBe('claude');
  });

  it('a non-browser window titled like an AI site is not matched by its title', () => {
    expect(fingerprint({ name: 'TextEdit', title: 'ChatGPT' })).toBeNull();
  });

  it('a URL on a catalogued domain is a high-confidence web app match', () => {
    const m = fingerprint({ name: 'firefox', url: 'https://chat.deepseek.com/a/chat/s/123' });
    expect(m?.app).toBe('deepseek-chat');
    expect(m?.confidence).toBe('high');
  });

  it('a domain without an app still reports the vendor', () => {
    const m = fingerprint({ url: 'https://www.krea.ai/image' });
    expect(m).toMatchObject({ app: null, vendor: 'Krea', kind: 'web_app', domain: 'krea.ai' });
  });

  it('path-scoped entries match only their paths on a shared host', () => {
    expect(fingerprint({ url: 'https://github.com/copilot/c/123' })?.app).toBe('github-copilot-web');
    expect(fingerprint({ url: 'https://github.com/torvalds/linux' })).toBeNull();
    expect(fingerprint({ url: 'https://huggingface.co/chat/conversation/1' })?.app).toBe('huggingchat');
    expect(fingerprint({ url: 'https://huggingface.co/meta-llama' })?.domain).toBe('huggingface.co');
  });
});

describe('parents, extensions and helpers', () => {
  it('a helper whose parent matched inherits the app at low-to-medium confidence', () => {
    const m = fingerprint({ name: 'Cursor Helper (Renderer)' }, { parent: { app: 'cursor', confidence: 'high' } });
    expect(m?.app).toBe('cursor');
    expect(m?.confidence).toBe('low');
    const helper = fingerprint(
      { name: 'Cursor Helper (Renderer)', exe: '/Applications/Cursor.app/Contents/Frameworks/Cursor Helper (Renderer).app/Contents/MacOS/Cursor Helper (Renderer)' },
      { parent: { app: 'cursor', confidence: 'high' } },
    );
    expect(helper?.confidence).toBe('high');
  });

  it('an editor extension is recognised from its folder in a process command line', () => {
    const m = fingerprint({
      name: 'Code Helper (Plugin)',
      cmdline: '/usr/share/code/code /home/a/.vscode/extensions/saoudrizwan.claude-dev-3.1.0/dist/extension.js',
    });
    expect(m?.app).toBe('cline');
  });

  it('an extension id from inventory is enough', () => {
    expect(fingerprint({ extensionId: 'GitHub.copilot-chat' })?.app).toBe('github-copilot');
  });

  it('a Windows Store package family identifies the app', () => {
    expect(fingerprint({ packageFamilyName: 'Microsoft.Copilot_8wekyb3d8bbwe' })?.app).toBe('microsoft-copilot-app');
  });

  it('an MCP server started with npx is recognised by its package', () => {
    expect(fingerprint({ cmdline: ['npx', '-y', '@modelcontextprotocol/server-filesystem', '/home/a'] })?.app).toBe('mcp-server-filesystem');
  });
});

describe('hostile input', () => {
  it('megabyte titles and command lines cost bounded time and never throw', () => {
    const huge = 'a'.repeat(4 * 1024 * 1024);
    const start = performance.now();
    expect(() => fingerprint({ title: huge, cmdline: huge, name: huge, exe: huge, url: `https://${huge}` })).not.toThrow();
    expect(() => fingerprint({ cmdline: Array.from({ length: 100_000 }, () => 'x'.repeat(100)) })).not.toThrow();
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('a marker past the scanned prefix is not seen (bounded work), one inside it is', () => {
    const pad = ' '.repeat(70 * 1024);
    expect(fingerprint({ cmdline: `node ${pad}@openai/codex` })).toBeNull();
    expect(fingerprint({ cmdline: `node @openai/codex ${pad}` })?.app).toBe('codex-cli');
  });

  it('invalid UTF-16 and control characters are tolerated and never echoed broken', () => {
    const m = fingerprint({ name: 'claude\uD800', title: '\uDC00ChatGPT\u0000 - Google Chrome', url: 'https://claude.ai/\uD800' });
    expect(m).not.toBeNull();
    const json = JSON.stringify(m);
    expect(json).not.toMatch(/\\ud800(?!\\udc)/i);
    for (const e of m?.evidence ?? []) expect(e.value.length).toBeLessThanOrEqual(256);
  });

  it('weird URLs do not match and do not throw', () => {
    for (const url of ['', 'javascript:alert(1)', 'data:text/html,claude.ai', 'http://[::1]:11434/', 'https://claude.ai.evil.example/', 'https://evilclaude.ai/', 'https://%zz/', 'file:///etc/passwd', 'https://user:pw@@', 'http://127.0.0.1:11434']) {
      const m = fingerprint({ url });
      if (url === 'https://claude.ai.evil.example/' || url === 'https://evilclaude.ai/') expect(m, url).toBeNull();
      expect(() => fingerprint({ url })).not.toThrow();
    }
    expect(fingerprint({ url: 'HTTPS://CLAUDE.AI./new' })?.app).toBe('claude');
    expect(fingerprint({ url: 'claude.ai/new' })?.app).toBe('claude');
  });

  it('random descriptors never throw', () => {
    let seed = 42;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const chars = 'abc./\\:@-_ %\uD800\u00e9{}"[]0123456789';
    const str = (n: number): string => Array.from({ length: Math.floor(rnd() * n) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
    for (let i = 0; i < 2000; i += 1) {
      const d: Descriptor = {
        name: str(20),
        exe: str(60),
        cmdline: str(200),
        title: str(80),
        url: str(80),
        bundleId: str(30),
        signer: str(40),
        probe: { status: 200, body: str(60), path: str(10) },
        listenPorts: [1 + Math.floor(rnd() * 65_535)],
      };
      expect(() => fingerprint(d)).not.toThrow();
    }
  });
});

describe('Windows identities', () => {
  it('a renamed Store build of Claude is recognised by publisher and package folder', () => {
    const m = fingerprint({
      name: 'updater.exe',
      exe: 'C:\\Program Files\\WindowsApps\\Claude_1.2.3.0_x64__pzs8sxrjxfjjc\\app\\updater.exe',
      signer: 'CN=Anthropic, PBC, O=Anthropic, PBC, L=San Francisco, S=California, C=US',
      platform: 'win32',
    });
    expect(m?.app).toBe('claude-desktop');
    expect(m?.confidence).toBe('high');
    expect(signals(m)).toEqual(expect.arrayContaining(['signer', 'install_path']));
  });

  it('a process named claude.exe signed by someone else is a look-alike', () => {
    const m = fingerprint({ name: 'claude.exe', signer: 'CN=Totally Legit Software', platform: 'win32' });
    expect(m).toBeNull();
  });
});
