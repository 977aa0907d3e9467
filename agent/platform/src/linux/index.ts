import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DiscoverySources, HistorySource } from '@sluice/agent-core';
import { profilesUnder } from '../common/history-paths.js';
import { createFileWatcher } from '../common/watcher.js';
import { createLinuxInventorySource } from './inventory.js';
import { createLinuxProcessSource } from './processes.js';
import { createLinuxSocketSource } from './sockets.js';
import { createLinuxWindowSource } from './window.js';

/** Chrome, Chromium, Edge, Brave and Firefox (including the Snap and Flatpak builds) keep history here. */
export function linuxHistorySource(home: string): HistorySource {
  const config = join(home, '.config');
  return {
    async profiles() {
      return profilesUnder({
        chromium: [
          [join(config, 'google-chrome'), 'Google Chrome'],
          [join(config, 'chromium'), 'Chromium'],
          [join(home, 'snap/chromium/common/chromium'), 'Chromium'],
          [join(config, 'microsoft-edge'), 'Microsoft Edge'],
          [join(config, 'BraveSoftware/Brave-Browser'), 'Brave'],
          [join(home, '.var/app/com.google.Chrome/config/google-chrome'), 'Google Chrome'],
          [join(home, '.var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser'), 'Brave'],
        ],
        firefox: [join(home, '.mozilla/firefox'), join(home, 'snap/firefox/common/.mozilla/firefox'), join(home, '.var/app/org.mozilla.firefox/.mozilla/firefox')],
      });
    },
  };
}

export function createLinuxSources(options: { home?: string; env?: NodeJS.ProcessEnv } = {}): DiscoverySources {
  const home = options.home ?? homedir();
  const env = options.env ?? process.env;
  return {
    os: 'linux',
    home,
    env,
    processes: createLinuxProcessSource(),
    windows: createLinuxWindowSource({ env }),
    sockets: createLinuxSocketSource(),
    inventory: createLinuxInventorySource({ home, ...(env.PATH ? { path: env.PATH } : {}) }),
    history: linuxHistorySource(home),
    watcher: createFileWatcher(),
  };
}

export { createLinuxProcessSource, parseStat, parseCmdline } from './processes.js';
export { createLinuxSocketSource, parseNetTcp, decodeAddress } from './sockets.js';
export { createLinuxWindowSource, parseActiveWindowId, parseWindowProperties, decodeXpropString } from './window.js';
export { createLinuxInventorySource, parseDesktopEntry, parseDpkgStatus, execProgram, extensionIdFromFolder, resolveProgram } from './inventory.js';
export { createLinuxPasteSources, type LinuxDesktopOptions } from './paste-sources.js';
export { X11Desktop } from './x11-desktop.js';
export { chooseTarget, parseTargets, readClipboard, CLIPBOARD_TOOL_TIMEOUT_MS } from './clipboard.js';
