export { createPlatform, type HostPlatform, type CreatePlatformOptions, type PasteSources } from './platform.js';
export { createFileWatcher } from './common/watcher.js';
export { run, type ExecResult } from './common/exec.js';
export * as linux from './linux/index.js';
export { createWaylandClipboard, WAYLAND_COMMANDS, type WaylandClipboardOptions } from './linux/wayland-clipboard.js';
export * as darwin from './darwin/index.js';
export * as win32 from './win32/index.js';
