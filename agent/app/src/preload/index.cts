// The preload of every window: runs sandboxed, where `require` knows only a few Electron modules,
// so it imports nothing but electron at run time; the contract's types are erased at compile time.
import electron = require('electron');
import type { ApiChannels, SluiceApi } from '../common/ipc.js';

const { contextBridge, ipcRenderer } = electron;

/** Each API function's channel; the type makes this table equal to the contract's, key by key. */
const CHANNELS: ApiChannels = {
  status: 'sluice:status',
  pending: 'sluice:pending',
  justify: 'sluice:justify',
  about: 'sluice:about',
};

/**
 * The whole surface the page gets: four functions, each one invoke on its channel. No ipcRenderer,
 * no event objects, no way to name another channel. The main process validates what arrives.
 */
const api: SluiceApi = {
  status: () => ipcRenderer.invoke(CHANNELS.status),
  pending: () => ipcRenderer.invoke(CHANNELS.pending),
  justify: (reason: string) => ipcRenderer.invoke(CHANNELS.justify, { reason: String(reason) }),
  about: () => ipcRenderer.invoke(CHANNELS.about),
};

contextBridge.exposeInMainWorld('sluice', Object.freeze(api));
