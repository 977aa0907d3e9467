import type { SluiceApi } from '../common/ipc.js';

declare global {
  interface Window {
    /** The preload's API: the page's only way to the main process. */
    readonly sluice: SluiceApi;
  }
}

export {};
