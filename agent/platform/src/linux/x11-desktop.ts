import { readlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ActiveWindow } from '@sluice/agent-core';

/**
 * A persistent connection to the X server (node-x11, the X11 protocol in JavaScript) that tells the
 * paste guard at once when the foreground window or its title changes (PropertyNotify) and when the
 * clipboard changes owner (XFixes SelectionNotify). Nothing is polled and no process is started per
 * change: idle cost is zero.
 */

interface X11Display {
  screen: { root: number }[];
  client: X11Client;
}

interface X11Property {
  type: number;
  format: number;
  bytesAfter: number;
  data: Buffer;
}

interface X11Event {
  name?: string;
  type?: number;
  window?: number;
  atom?: number;
  wid?: number;
}

interface X11Client {
  AllocID(): number;
  InternAtom(onlyIfExists: boolean, name: string, callback: (error: Error | null, atom: number) => void): void;
  GetProperty(del: number, window: number, property: number, type: number, offset: number, length: number, callback: (error: Error | null, property: X11Property) => void): void;
  ChangeWindowAttributes(window: number, values: { eventMask: number }, callback?: (error: Error | null) => void): void;
  CreateWindow(id: number, parent: number, x: number, y: number, width: number, height: number, border: number, depth: number, klass: number, visual: number, values: Record<string, unknown>): void;
  require(extension: string, callback: (error: Error | null, extension: XFixes) => void): void;
  on(event: 'event', listener: (event: X11Event) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'end' | 'close', listener: () => void): void;
  terminate?(): void;
  close?(callback?: () => void): void;
}

interface XFixes {
  QueryVersion(major: number, minor: number, callback: (error: Error | null, version: number[]) => void): void;
  SelectSelectionInput(window: number, selection: number, mask: number): void;
  SelectionEventMask: { SetSelectionOwner: number; SelectionWindowDestroy: number; SelectionClientClose: number };
}

interface X11Module {
  createClient(options: { display: string }, callback: (error: Error | null, display: X11Display) => void): X11Client;
  eventMask: { PropertyChange: number };
}

const require = createRequire(import.meta.url);

/** Longest title read, in 4-byte units: titles are cut at 4 KiB, whatever a window sets. */
const MAX_TITLE_LONGS = 1_024;
const ATOM_WINDOW = 33;
const ATOM_CARDINAL = 6;
const ANY_PROPERTY_TYPE = 0;
const CONNECT_TIMEOUT_MS = 3_000;

function promise<T>(call: (callback: (error: Error | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value))));
}

export class X11Desktop {
  private readonly focusListeners = new Set<() => void>();
  private readonly clipboardListeners = new Set<() => void>();
  private watchedWindow = 0;
  private closed = false;

  private constructor(
    private readonly client: X11Client,
    private readonly root: number,
    private readonly atoms: Record<'activeWindow' | 'netWmName' | 'wmName' | 'wmClass' | 'netWmPid' | 'utf8' | 'clipboard', number>,
  ) {
    client.on('event', (event) => this.dispatch(event));
    client.on('error', () => {
      // Errors of single requests (a window destroyed under us) are answered through callbacks.
    });
  }

  /** Connects to the display; rejects with the reason when there is none or it refuses. */
  static async connect(display: string): Promise<X11Desktop> {
    const x11 = require('x11') as X11Module;
    const { client, root } = await new Promise<{ client: X11Client; root: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No answer from X display ${display}.`)), CONNECT_TIMEOUT_MS);
      const c = x11.createClient({ display }, (error, d) => {
        clearTimeout(timer);
        if (error || !d) reject(error ?? new Error('no display'));
        else resolve({ client: d.client, root: d.screen[0]!.root });
      });
      c.on('error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const intern = (name: string) => promise<number>((cb) => client.InternAtom(false, name, cb));
    const atoms = {
      activeWindow: await intern('_NET_ACTIVE_WINDOW'),
      netWmName: await intern('_NET_WM_NAME'),
      wmName: 39,
      wmClass: 67,
      netWmPid: await intern('_NET_WM_PID'),
      utf8: await intern('UTF8_STRING'),
      clipboard: await intern('CLIPBOARD'),
    };
    const desktop = new X11Desktop(client, root, atoms);
    client.ChangeWindowAttributes(root, { eventMask: x11.eventMask.PropertyChange });
    const fixes = await promise<XFixes>((cb) => client.require('fixes', cb));
    await promise<number[]>((cb) => fixes.QueryVersion(5, 0, cb));
    const watcher = client.AllocID();
    client.CreateWindow(watcher, root, 0, 0, 1, 1, 0, 0, 0, 0, {});
    const mask = fixes.SelectionEventMask;
    fixes.SelectSelectionInput(watcher, atoms.clipboard, mask.SetSelectionOwner | mask.SelectionWindowDestroy | mask.SelectionClientClose);
    await desktop.followActiveWindow();
    return desktop;
  }

  onFocusChange(listener: () => void): void {
    this.focusListeners.add(listener);
  }

  onClipboardChange(listener: () => void): void {
    this.clipboardListeners.add(listener);
  }

  async activeWindowId(): Promise<number | undefined> {
    const prop = await promise<X11Property>((cb) => this.client.GetProperty(0, this.root, this.atoms.activeWindow, ATOM_WINDOW, 0, 1, cb));
    const id = prop.data.length >= 4 ? prop.data.readUInt32LE(0) : 0;
    return id > 0 ? id : undefined;
  }

  /** Title, class and process of a window; fields the window does not set are left out. */
  async windowInfo(id: number): Promise<ActiveWindow> {
    const get = (atom: number, type: number, longs: number) =>
      promise<X11Property>((cb) => this.client.GetProperty(0, id, atom, type, 0, longs, cb)).catch(() => undefined);
    const [netName, legacyName, klass, pidProp] = await Promise.all([
      get(this.atoms.netWmName, this.atoms.utf8, MAX_TITLE_LONGS),
      get(this.atoms.wmName, ANY_PROPERTY_TYPE, MAX_TITLE_LONGS),
      get(this.atoms.wmClass, ANY_PROPERTY_TYPE, 64),
      get(this.atoms.netWmPid, ATOM_CARDINAL, 1),
    ]);
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const title = netName?.data.length ? decoder.decode(netName.data) : legacyName?.data.length ? legacyName.data.toString('latin1') : undefined;
    // WM_CLASS holds "instance\0class\0": the class names the application.
    const classParts = klass?.data.length ? klass.data.toString('latin1').split('\0').filter(Boolean) : [];
    const ownerName = classParts[classParts.length - 1];
    const pid = pidProp?.data.length === 4 ? pidProp.data.readUInt32LE(0) : undefined;
    const ownerPath = pid ? await readlink(`/proc/${pid}/exe`).catch(() => undefined) : undefined;
    return {
      ...(title ? { title } : {}),
      ...(ownerName ? { ownerName } : {}),
      ...(pid ? { ownerPid: pid } : {}),
      ...(ownerPath ? { ownerPath } : {}),
    };
  }

  async activeWindow(): Promise<ActiveWindow | undefined> {
    const id = await this.activeWindowId();
    return id === undefined ? undefined : this.windowInfo(id);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.focusListeners.clear();
    this.clipboardListeners.clear();
    if (this.client.terminate) this.client.terminate();
    else this.client.close?.();
  }

  /** Watches the title of the foreground window too: switching browser tabs changes only the title. */
  private async followActiveWindow(): Promise<void> {
    const id = await this.activeWindowId().catch(() => undefined);
    if (!id || id === this.watchedWindow) return;
    this.watchedWindow = id;
    const x11 = require('x11') as X11Module;
    this.client.ChangeWindowAttributes(id, { eventMask: x11.eventMask.PropertyChange }, () => undefined);
  }

  private dispatch(event: X11Event): void {
    if (this.closed) return;
    if (event.name === 'SelectionNotify') {
      for (const l of this.clipboardListeners) l();
      return;
    }
    if (event.name !== 'PropertyNotify') return;
    const window = event.window ?? event.wid;
    const isActiveChange = window === this.root && event.atom === this.atoms.activeWindow;
    const isTitleChange = window === this.watchedWindow && (event.atom === this.atoms.netWmName || event.atom === this.atoms.wmName);
    if (!isActiveChange && !isTitleChange) return;
    if (isActiveChange) void this.followActiveWindow();
    for (const l of this.focusListeners) l();
  }
}
