import { createNodePlatform, type ClipboardSource, type DiscoverySources, type FocusSource, type Notifier, type Platform } from '@sluice/agent-core';
import { createDarwinSources } from './darwin/index.js';
import { createDarwinPasteSources } from './darwin/paste-sources.js';
import { createLinuxPasteSources, createLinuxSources } from './linux/index.js';
import { createWaylandClipboard } from './linux/wayland-clipboard.js';
import { createWin32Sources } from './win32/index.js';
import { createWin32PasteSources } from './win32/paste-sources.js';

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
  const env = options.env ?? process.env;
  const paste =
    os === 'linux'
      ? linuxPasteSources(env)
      : os === 'darwin'
        ? createDarwinPasteSources({ env, ...(discovery.windows ? { windows: discovery.windows } : {}) })
        : createWin32PasteSources({ env, ...(discovery.windows ? { windows: discovery.windows } : {}) });
  return { platform: createNodePlatform(), discovery, paste };
}

/**
 * X11 where there is a DISPLAY; in a Wayland-only session the clipboard is wl-clipboard's, while
 * focus stays the X11 source, which reports that Wayland does not expose the focused window. That
 * reason is the one the guard reports first: installing wl-clipboard would not change it.
 */
function linuxPasteSources(env: NodeJS.ProcessEnv): PasteSources {
  const x11 = createLinuxPasteSources({ env });
  if (env.DISPLAY || !env.WAYLAND_DISPLAY) return x11;
  const wayland = createWaylandClipboard({ env });
  const clipboard: ClipboardSource = {
    check: async () => {
      const focus = await x11.focus.check();
      return focus.available ? wayland.check() : focus;
    },
    watch: (onChange) => wayland.watch(onChange),
    read: (maxBytes) => wayland.read(maxBytes),
    writeText: (text) => wayland.writeText(text),
    clear: () => wayland.clear(),
    close: () => wayland.close(),
  };
  return { clipboard, focus: x11.focus, notifier: x11.notifier };
}
