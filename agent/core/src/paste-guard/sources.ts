import type { ActiveWindow, SourceAvailability } from '../discovery/sources.js';

/**
 * What the paste guard needs from the desktop. Each OS implements these in agent/platform (X11,
 * Wayland, macOS pasteboard, Windows clipboard) and the Electron shell has its own; the guard itself
 * never touches a clipboard API.
 */

/** What is on the clipboard. Only text is read in full; other kinds are described by type and size. */
export type ClipboardContent =
  | { readonly kind: 'text'; readonly text: string; readonly bytes: number; readonly truncated: boolean }
  | { readonly kind: 'image' | 'files' | 'other'; readonly mime: string; readonly bytes: number }
  | { readonly kind: 'empty' };

export interface ClipboardSource {
  check(): Promise<SourceAvailability>;
  /**
   * Starts watching; `onChange` runs whenever the clipboard changes, whoever changed it (the guard's
   * own writes included: it recognises those by their content). Event-driven where the OS allows,
   * otherwise a cheap change counter is polled.
   */
  watch(onChange: () => void): Promise<void>;
  /** Reads the content; text longer than `maxBytes` is cut there and marked truncated. */
  read(maxBytes: number): Promise<ClipboardContent>;
  writeText(text: string): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void> | void;
}

export interface FocusSource {
  check(): Promise<SourceAvailability>;
  /** Starts watching; `onFocus` runs at each change of the foreground window, as soon as the OS says. */
  watch(onFocus: (window: ActiveWindow | undefined) => void): Promise<void>;
  /** The foreground window now. */
  current(): Promise<ActiveWindow | undefined>;
  close(): Promise<void> | void;
}

/** One message to the person at the keyboard. */
export interface UserNotice {
  readonly title: string;
  readonly body: string;
  readonly urgency: 'low' | 'normal' | 'critical';
}

export interface Notifier {
  notify(notice: UserNotice): Promise<void>;
}
