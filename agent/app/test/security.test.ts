import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../src/common/ipc.js';
import { CONTENT_SECURITY_POLICY, hardenContents, hardenSession, REMOTE_URL_PATTERNS, secureWebPreferences } from '../src/main/security.js';

const src = join(import.meta.dirname, '..', 'src');

describe('window settings', () => {
  it('sandbox, context isolation and no Node for every window; webviews, insecure content and devtools off', () => {
    const prefs = secureWebPreferences('/app/dist/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });

  it('refuses navigation, redirects, webviews and new windows', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    hardenContents({
      on: ((event: string, listener: (e: { preventDefault(): void }) => void) => {
        listeners.set(event, listener);
      }) as never,
      setWindowOpenHandler: ((handler: () => { action: string }) => {
        openHandler = handler;
      }) as never,
    });
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => (prevented = true) });
      expect(prevented, event).toBe(true);
    }
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });

  it('denies every permission and cancels every remote request', () => {
    const seen: Record<string, unknown> = {};
    hardenSession({
      setPermissionRequestHandler: ((h: (wc: unknown, p: string, cb: (granted: boolean) => void) => void) => h(null, 'media', (g) => (seen.request = g))) as never,
      setPermissionCheckHandler: ((h: () => boolean) => (seen.check = h())) as never,
      webRequest: { onBeforeRequest: ((filter: { urls: string[] }, h: (d: unknown, cb: (r: unknown) => void) => void) => ((seen.urls = filter.urls), h({}, (r) => (seen.answer = r)))) as never } as never,
    });
    expect(seen).toEqual({ request: false, check: false, urls: REMOTE_URL_PATTERNS, answer: { cancel: true } });
  });
});

describe('the pages', () => {
  const pages = readdirSync(join(src, 'renderer')).filter((f) => f.endsWith('.html'));

  it('carry the strict CSP, load only their own module script and style sheet, and nothing remote or inline', () => {
    expect(pages.sort()).toEqual(['about.html', 'justify.html']);
    for (const name of pages) {
      const html = readFileSync(join(src, 'renderer', name), 'utf8');
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
      expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'/);
      expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/style=/i);
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts).toHaveLength(1);
      expect(scripts[0]?.[1]).toBe(` type="module" src="./${name.replace('.html', '.js')}"`);
      expect(scripts[0]?.[2]).toBe('');
    }
  });

  it('never write markup: renderer code uses textContent only', () => {
    for (const name of readdirSync(join(src, 'renderer')).filter((f) => f.endsWith('.ts'))) {
      const code = readFileSync(join(src, 'renderer', name), 'utf8');
      expect(code, name).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
  });

  it('the preload exposes one function per channel and nothing else', () => {
    const preload = readFileSync(join(src, 'preload', 'index.cts'), 'utf8');
    const channels = [...preload.matchAll(/'(sluice:[a-z-]+)'/g)].map((m) => m[1]);
    expect(channels.sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    expect(preload).toContain("contextBridge.exposeInMainWorld('sluice', Object.freeze(api))");
    expect(preload).not.toMatch(/ipcRenderer\.(on|send|sendSync|postMessage)\b/);
    expect(preload.match(/require\(/g)).toHaveLength(1);
  });
});
