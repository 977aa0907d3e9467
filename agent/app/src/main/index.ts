import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, ipcMain, Menu, nativeImage, Notification, session, Tray } from 'electron';
import type { UserNotice } from '@sluice/agent-core';
import { IPC_CHANNELS, type StatusView } from '../common/ipc.js';
import { createElectronClipboard } from './clipboard-adapter.js';
import { startHost, type AgentHost } from './host.js';
import { registerIpc } from './ipc-main.js';
import { createSenderCheck, hardenContents, hardenSession, secureWebPreferences } from './security.js';
import { notificationOptions, trayText } from './texts.js';
import { trayIconBitmap, trayTone } from './tray-icon.js';

/**
 * The Electron main process: security settings before anything loads, then the agent host, the
 * tray, notifications and the two windows. All behaviour lives in agent/core and in the pure
 * modules beside this file; this one only connects them to Electron.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preload = join(here, '..', 'preload', 'index.cjs');
const STATUS_REFRESH_MS = 2_000;

// Every renderer sandboxed, whatever a window asks for; one instance per user session.
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.exit(0);

app.on('web-contents-created', (_event, contents) => hardenContents(contents));
// The shell lives in the tray: closing its windows does not end it.
app.on('window-all-closed', () => undefined);

await app.whenReady();
hardenSession(session.defaultSession);

const windows = new Map<'about' | 'justify', BrowserWindow>();

function openWindow(kind: 'about' | 'justify'): void {
  const open = windows.get(kind);
  if (open && !open.isDestroyed()) {
    open.show();
    open.focus();
    return;
  }
  const win = new BrowserWindow({
    width: kind === 'about' ? 720 : 520,
    height: kind === 'about' ? 760 : 420,
    show: false,
    title: kind === 'about' ? "About this device's monitoring" : 'Sluice: give a reason',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload, { devTools: !app.isPackaged }),
  });
  windows.set(kind, win);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => windows.delete(kind));
  void win.loadFile(join(rendererDir, `${kind}.html`));
}

let host: AgentHost | undefined;
// A notice can come while the host starts (the clipboard is judged at once), before the tray exists.
// Held here for the life of the process: a tray that is garbage-collected disappears.
const ui: { tray?: Tray; lastStatus?: StatusView } = {};

function notify(notice: UserNotice): void {
  if (!Notification.isSupported()) return;
  const n = new Notification(notificationOptions(notice));
  // A click opens the reason dialog when a paste is held back for one, the about page otherwise.
  n.on('click', () => {
    void host?.pending().then((p) => openWindow(p ? 'justify' : 'about'));
  });
  n.show();
  refreshTray();
}

const electronClipboard = createElectronClipboard(clipboard);
const dataDir = process.env.SLUICE_AGENT_DATA_DIR ?? join(app.getPath('userData'), 'agent');
host = await startHost({ dataDir, agentVersion: app.getVersion(), env: process.env, clipboard: electronClipboard, notify });

const isTrusted = createSenderCheck(rendererDir);
registerIpc(
  ipcMain,
  {
    [IPC_CHANNELS.status]: () => (host as AgentHost).status(),
    [IPC_CHANNELS.pending]: () => (host as AgentHost).pending(),
    [IPC_CHANNELS.justify]: async ({ reason }) => {
      const result = await (host as AgentHost).justify(reason);
      refreshTray();
      return result;
    },
    [IPC_CHANNELS.about]: () => (host as AgentHost).about(),
  },
  isTrusted,
);

function icon(view: StatusView) {
  return nativeImage.createFromBitmap(trayIconBitmap(trayTone(view)), { width: 16, height: 16 });
}

ui.lastStatus = host.status();
ui.tray = new Tray(icon(ui.lastStatus));

function refreshTray(): void {
  const { tray } = ui;
  if (!host || !tray) return;
  const view = host.status();
  const text = trayText(view, Date.now());
  if (!ui.lastStatus || trayTone(view) !== trayTone(ui.lastStatus)) tray.setImage(icon(view));
  ui.lastStatus = view;
  tray.setToolTip(text.tooltip);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      ...text.lines.map((label) => ({ label, enabled: false })),
      { type: 'separator' as const },
      { label: 'Give a reason…', enabled: text.canJustify, click: () => openWindow('justify') },
      { label: "About this device's monitoring", click: () => openWindow('about') },
    ]),
  );
}

refreshTray();
setInterval(refreshTray, STATUS_REFRESH_MS).unref();

app.on('second-instance', () => openWindow('about'));
app.on('before-quit', (event) => {
  if (!host) return;
  const stopping = host;
  host = undefined;
  event.preventDefault();
  void stopping.stop().finally(() => app.exit(0));
});
