import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'sluice-platform-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Children started by a test, killed (by pid, each) when it ends. */
export class Children {
  private readonly list: ChildProcess[] = [];

  spawn(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; argv0?: string } = {}): ChildProcess {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, ...(options.argv0 ? { argv0: options.argv0 } : {}) });
    child.on('error', () => undefined);
    this.list.push(child);
    return child;
  }

  async killAll(): Promise<void> {
    for (const child of this.list.splice(0).reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  }
}

/**
 * A private X server (Xvfb, display picked by the server with -displayfd) with openbox as window
 * manager: get-windows reads `_NET_ACTIVE_WINDOW`, which only a window manager maintains.
 */
export async function startX(children: Children): Promise<{ display: string; env: NodeJS.ProcessEnv }> {
  const xvfb = children.spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1024x768x24', '-nolisten', 'tcp']);
  let out = '';
  xvfb.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  const number = await until(() => /^(\d+)\n/.exec(out)?.[1], 10_000, 'Xvfb to pick a display');
  const display = `:${number}`;
  const env = { ...process.env, DISPLAY: display };
  children.spawn('openbox', ['--sm-disable'], { env });
  await until(() => spawnSync('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env, encoding: 'utf8' }).stdout.includes('window id'), 10_000, 'openbox');
  return { display, env };
}

/** Runs an X tool synchronously on the test display. */
export function x(env: NodeJS.ProcessEnv, file: string, args: string[]): string {
  const r = spawnSync(file, args, { env, encoding: 'utf8', timeout: 10_000 });
  return r.stdout ?? '';
}

/** Opens an xmessage window with a title and returns its X window id once the window manager shows it. */
export async function openWindow(children: Children, env: NodeJS.ProcessEnv, title: string, options: { setPid?: boolean } = {}): Promise<{ id: string; pid: number }> {
  const child = children.spawn('xmessage', ['-title', title, '-name', title.replace(/\W+/g, '-').slice(0, 30), 'sluice test window'], { env });
  const id = await until(() => x(env, 'xdotool', ['search', '--name', `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`]).split('\n')[0]?.trim() || undefined, 10_000, `window ${title}`);
  // xmessage (Xt) does not set _NET_WM_PID; browsers do. Set it where the test wants an owner pid.
  if (options.setPid) x(env, 'xprop', ['-id', id, '-f', '_NET_WM_PID', '32c', '-set', '_NET_WM_PID', String(child.pid)]);
  return { id, pid: child.pid ?? 0 };
}

export async function activate(env: NodeJS.ProcessEnv, id: string): Promise<void> {
  x(env, 'xdotool', ['windowactivate', '--sync', id]);
  await until(() => x(env, 'xprop', ['-root', '_NET_ACTIVE_WINDOW']).includes(`0x${Number(id).toString(16)}`), 5_000, `window ${id} active`);
}
