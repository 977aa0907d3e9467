import { createNodePlatform, type ClipboardSource, type DiscoverySources, type FocusSource, type Notifier, type Platform } from '@sluice/agent-core';
import { createDarwinSources } from './darwin/index.js';
import { createLinuxPasteSources, createLinuxSources } from './linux/index.js';
import { createWin32Sources } from './win32/index.js';

export interface HostPlatform {
  /** What the core asks of every OS (OS info, current user). */
  readonly platform: Platform;
  /** The sources of AI discovery for this OS. */
  readonly discovery: DiscoverySources;
  /** The desktop as the paste guard sees it (clipboard, focused window, notifications). */
  readonly paste: PasteSources | undefined;
}

export interface PasteSources {
  readonly clipboard: ClipboardSource;
  readonly focus: FocusSource;
  readonly notifier: Notifier;
}

export interface CreatePlatformOptions {
  readonly os?: NodeJS.Platform;
  readonly home?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The implementation for the OS this process runs on (`process.platform`). */
export function createPlatform(options: CreatePlatformOptions = {}): HostPlatform {
  const os = options.os ?? process.platform;
  const sourceOptions = { ...(options.home ? { home: options.home } : {}), ...(options.env ? { env: options.env } : {}) };
  const discovery =
    os === 'darwin' ? createDarwinSources(sourceOptions) : os === 'win32' ? createWin32Sources(sourceOptions) : os === 'linux' ? createLinuxSources(sourceOptions) : undefined;
  if (!discovery) throw new Error(`Sluice has no platform implementation for ${os}.`);
  const paste = os === 'linux' ? createLinuxPasteSources(options.env ? { env: options.env } : {}) : undefined;
  return { platform: createNodePlatform(), discovery, paste };
}
