import { spawn, type ChildProcess } from 'node:child_process';
import type { ActiveWindow, SourceAvailability, WindowSource } from '@sluice/agent-core';
import { run } from '../common/exec.js';

type ActiveWindowFn = () => Promise<
  { title?: string | null; owner?: { name?: string; processId?: number; path?: string }; url?: string } | undefined
>;

/** Parses `xprop -root _NET_ACTIVE_WINDOW` / `-spy` lines: `_NET_ACTIVE_WINDOW(WINDOW): window id # 0x400030`. */
export function parseActiveWindowId(line: string): number | undefined {
  const m = /window id # (0x[0-9a-f]+)/i.exec(line);
  if (!m?.[1]) return undefined;
  const id = Number.parseInt(m[1], 16);
  return id > 0 ? id : undefined;
}

/** Decodes the first quoted string of an xprop value, including its `\NNN` octal escapes of UTF-8 bytes. */
export function decodeXpropString(value: string): string | undefined {
  const m = /"((?:[^"\\]|\\.)*)"/.exec(value);
  if (!m) return undefined;
  const bytes: number[] = [];
  const raw = m[1] ?? '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i] as string;
    if (c === '\\' && /^[0-7]{3}$/.test(raw.slice(i + 1, i + 4))) {
      bytes.push(Number.parseInt(raw.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (c === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1] as string;
      bytes.push(...Buffer.from(n === 'n' ? '\n' : n === 't' ? '\t' : n));
      i += 1;
    } else bytes.push(...Buffer.from(c));
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
}

/** Title, class and pid from `xprop -id W _NET_WM_NAME WM_NAME WM_CLASS _NET_WM_PID` output. */
export function parseWindowProperties(text: string): ActiveWindow {
  let title: string | undefined;
  let legacyTitle: string | undefined;
  let ownerName: string | undefined;
  let ownerPid: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('_NET_WM_NAME(')) title = decodeXpropString(line);
    else if (line.startsWith('WM_NAME(')) legacyTitle = decodeXpropString(line);
    else if (line.startsWith('WM_CLASS(')) {
      const parts = [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)];
      const last = parts[parts.length - 1];
      if (last) ownerName = decodeXpropString(last[0]);
    } else if (line.startsWith('_NET_WM_PID(')) {
      const pid = Number(/=\s*(\d+)/.exec(line)?.[1]);
      if (Number.isSafeInteger(pid) && pid > 0) ownerPid = pid;
    }
  }
  const t = title ?? legacyTitle;
  return { ...(t !== undefined ? { title: t } : {}), ...(ownerName ? { ownerName } : {}), ...(ownerPid ? { ownerPid } : {}) };
}

export interface LinuxWindowOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** get-windows' `activeWindow`, injectable for tests. */
  readonly activeWindow?: ActiveWindowFn;
}

/**
 * The foreground window on X11 through get-windows. get-windows runs three X tools per call, which
 * at one sample a second would cost more than the rest of the agent; so two long-lived `xprop -spy`
 * processes (one on the root window's `_NET_ACTIVE_WINDOW`, one on the active window's title) mark
 * when anything changed, and get-windows is called only then. Each sample between changes is a read
 * of the cached answer. Without a working spy it falls back to calling get-windows every sample.
 */
export function createLinuxWindowSource(options: LinuxWindowOptions = {}): WindowSource {
  const env = options.env ?? process.env;
  let activeWindow: ActiveWindowFn | undefined = options.activeWindow;
  let rootSpy: ChildProcess | undefined;
  let titleSpy: ChildProcess | undefined;
  let spying = false;
  let dirty = true;
  let cached: ActiveWindow | undefined;
  let activeId: number | undefined;
  let closed = false;

  const xenv = { ...env, LC_ALL: 'C.UTF-8' };

  function lines(child: ChildProcess, onLine: (line: string) => void): void {
    let buffer = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 1_000_000) buffer = buffer.slice(-10_000);
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
      }
    });
  }

  function spyTitle(id: number): void {
    titleSpy?.kill();
    titleSpy = spawn('xprop', ['-id', String(id), '-spy', '_NET_WM_NAME', 'WM_NAME'], { env: xenv, stdio: ['ignore', 'pipe', 'ignore'] });
    titleSpy.on('error', () => undefined);
    lines(titleSpy, () => {
      dirty = true;
    });
  }

  function startSpies(): void {
    rootSpy = spawn('xprop', ['-root', '-spy', '_NET_ACTIVE_WINDOW'], { env: xenv, stdio: ['ignore', 'pipe', 'ignore'] });
    spying = true;
    rootSpy.on('error', () => {
      spying = false;
    });
    rootSpy.on('exit', () => {
      spying = false;
      dirty = true;
    });
    lines(rootSpy, (line) => {
      dirty = true;
      const id = parseActiveWindowId(line);
      if (id !== activeId) {
        activeId = id;
        if (id !== undefined && !closed) spyTitle(id);
        else titleSpy?.kill();
      }
    });
  }

  async function readFallback(): Promise<ActiveWindow | undefined> {
    // A window without _NET_WM_PID (many X toolkits) makes get-windows throw; read it directly.
    const root = await run('xprop', ['-root', '_NET_ACTIVE_WINDOW'], { env: xenv, timeoutMs: 2_000 });
    const id = parseActiveWindowId(root.stdout);
    if (id === undefined) return undefined;
    const props = await run('xprop', ['-id', String(id), '_NET_WM_NAME', 'WM_NAME', 'WM_CLASS', '_NET_WM_PID'], { env: xenv, timeoutMs: 2_000 });
    return parseWindowProperties(props.stdout);
  }

  async function read(): Promise<ActiveWindow | undefined> {
    // get-windows runs its X tools with this process's environment; for another display read directly.
    if (!options.activeWindow && env.DISPLAY !== process.env.DISPLAY) return readFallback();
    activeWindow ??= (await import('get-windows')).activeWindow as ActiveWindowFn;
    try {
      const w = await activeWindow();
      if (!w) return undefined;
      return {
        ...(typeof w.title === 'string' ? { title: w.title } : {}),
        ...(w.owner?.name ? { ownerName: w.owner.name } : {}),
        ...(w.owner?.processId ? { ownerPid: w.owner.processId } : {}),
        ...(w.owner?.path ? { ownerPath: w.owner.path } : {}),
        ...(w.url ? { url: w.url } : {}),
      };
    } catch {
      return readFallback();
    }
  }

  return {
    async check(): Promise<SourceAvailability> {
      if (!env.DISPLAY) {
        const reason = env.WAYLAND_DISPLAY
          ? 'Only a Wayland session is present (no DISPLAY); the foreground window is read through X11.'
          : 'No DISPLAY is set: the agent runs outside a graphical session, so there is no foreground window to sample.';
        return { available: false, code: 'E_DISCOVERY_NO_DISPLAY', reason };
      }
      try {
        const probe = await run('xprop', ['-root', '_NET_ACTIVE_WINDOW'], { env: xenv, timeoutMs: 3_000 });
        if (probe.code !== 0) return { available: false, code: 'E_DISCOVERY_NO_DISPLAY', reason: `The X display ${env.DISPLAY} cannot be opened: ${probe.stderr.trim().slice(0, 300)}` };
      } catch (error) {
        return { available: false, code: 'E_DISCOVERY_SOURCE', reason: `xprop (x11-utils) is needed to read the foreground window: ${(error as Error).message}` };
      }
      startSpies();
      return { available: true };
    },

    async active() {
      if (closed) return undefined;
      if (spying && !dirty) return cached;
      dirty = false;
      cached = await read();
      return cached;
    },

    close() {
      closed = true;
      spying = false;
      rootSpy?.kill();
      titleSpy?.kill();
    },
  };
}
