import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { until } from './processes.js';

/**
 * A private X server with a window manager for end-to-end tests of the desktop parts: Xvfb picks a
 * free display (-displayfd), openbox maintains `_NET_ACTIVE_WINDOW`, windows are xmessage windows
 * with the titles a test needs, and the clipboard is the real X11 CLIPBOARD selection (xclip).
 */
export class TestDesktop {
  readonly env: NodeJS.ProcessEnv;
  private readonly children: ChildProcess[];

  private constructor(env: NodeJS.ProcessEnv, children: ChildProcess[]) {
    this.env = env;
    this.children = children;
  }

  static available(): boolean {
    return ['Xvfb', 'openbox', 'xclip', 'xdotool', 'xmessage', 'xprop'].every(
      (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0,
    );
  }

  static async start(): Promise<TestDesktop> {
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    xvfb.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const number = await until(() => /^(\d+)\n/.exec(out)?.[1], 10_000, 'Xvfb display');
    const env = { ...process.env, DISPLAY: `:${number}` };
    const wm = spawn('openbox', ['--sm-disable'], { env, stdio: 'ignore' });
    const desktop = new TestDesktop(env, [xvfb, wm]);
    await until(() => desktop.run('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK']).includes('window id'), 10_000, 'openbox');
    return desktop;
  }

  run(file: string, args: string[], input?: string): string {
    const result = spawnSync(file, args, { env: this.env, encoding: 'utf8', timeout: 10_000, ...(input === undefined ? {} : { input }) });
    return result.stdout ?? '';
  }

  /** Opens a window with this title (and the pid of its process set, as browsers do); returns its id. */
  async openWindow(title: string): Promise<string> {
    const child = spawn('xmessage', ['-title', title, 'Sluice test window'], { env: this.env, stdio: 'ignore' });
    this.children.push(child);
    const pattern = `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    const id = await until(() => this.run('xdotool', ['search', '--name', pattern]).split('\n')[0]?.trim() || undefined, 10_000, `window ${title}`);
    this.run('xprop', ['-id', id, '-f', '_NET_WM_PID', '32c', '-set', '_NET_WM_PID', String(child.pid)]);
    return id;
  }

  async focus(id: string): Promise<void> {
    this.run('xdotool', ['windowactivate', '--sync', id]);
    await until(() => this.run('xprop', ['-root', '_NET_ACTIVE_WINDOW']).includes(`0x${Number(id).toString(16)}`), 5_000, `focus on ${id}`);
  }

  /** A user's copy: xclip takes the CLIPBOARD selection and serves it from the background. */
  copy(text: string): void {
    spawnSync('xclip', ['-i', '-selection', 'clipboard'], { env: this.env, input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5_000 });
  }

  clipboard(): string {
    return this.run('xclip', ['-o', '-selection', 'clipboard']);
  }

  async stop(): Promise<void> {
    spawnSync('pkill', ['-f', `xclip.*`], { env: this.env, stdio: 'ignore' });
    for (const child of this.children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
}
