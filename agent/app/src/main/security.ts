import { pathToFileURL } from 'node:url';
import type { Session, WebContents, WebPreferences } from 'electron';

/**
 * The shell's security settings in one place (ADR 0400), kept free of Electron at run time so the
 * tests can check them in plain Node. The windows show local pages only; they talk to the main
 * process through the narrow preload API and nothing else.
 */

/** The content security policy every page carries in its meta tag (checked by the tests). */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * webPreferences for every window: the page runs sandboxed and context-isolated without Node, the
 * preload runs in the sandbox too, and every feature the pages do not use is off.
 */
export function secureWebPreferences(preload: string, options: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  };
}

/** Navigation, redirects, new windows and webviews: all refused, whatever the page does. */
export function hardenContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  const refuse = (event: { preventDefault(): void }) => event.preventDefault();
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Requests that would leave the machine; the pages load only file URLs. */
export const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** Every permission denied (camera, notifications from pages, clipboard from pages…); every remote request cancelled. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (_details, callback) => callback({ cancel: true }));
}

/**
 * Whether an IPC message comes from one of the shell's own pages: a file URL of an HTML file
 * directly in the renderer folder. Anything else (another file, a remote page, a frame whose URL
 * is unknown) is refused.
 */
export function createSenderCheck(rendererDir: string): (url: string | undefined) => boolean {
  const base = pathToFileURL(rendererDir.endsWith('/') || rendererDir.endsWith('\\') ? rendererDir : `${rendererDir}/`).href;
  return (url) => {
    if (!url) return false;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'file:' || parsed.search || parsed.host) return false;
    const href = `${parsed.protocol}//${parsed.pathname}`;
    if (!href.startsWith(base)) return false;
    const rest = href.slice(base.length);
    return /^[a-z-]+\.html$/.test(rest);
  };
}
