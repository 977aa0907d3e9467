import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasteGuard, type ActiveWindow, type AppliedAction, type FocusSource } from '@sluice/agent-core';
import { pasteContext } from '../context.js';
import { createPlatform } from '../../src/index.js';
import { createWaylandClipboard, isWaylandChangeLine, WAYLAND_COMMANDS } from '../../src/linux/wayland-clipboard.js';
import { Children, hasTool, removeDir, sleep, tempDir, until } from '../support.js';

/**
 * The Wayland clipboard for real: a headless sway (wlroots, which has the data-control protocol
 * that `wl-paste --watch` needs) and wl-clipboard. sway refuses to run as root, so under root the
 * compositor runs as `nobody` through setpriv; the test's own wl-copy and wl-paste, as root, reach
 * its socket regardless.
 */

const isRoot = process.getuid?.() === 0;
const ready = hasTool('sway') && hasTool('wl-paste') && hasTool('wl-copy') && (!isRoot || hasTool('setpriv'));
const children = new Children();
let env: NodeJS.ProcessEnv;
let runtimeDir: string;

const AWS_ID = 'AKIAQ3EGUHLO7KXPZW2M';
const AWS_SECRET = 'q8Ld2Nw5Vb1Hx7Rt0Yz3Kp6Mc9Jf4Gs2Ah8Ue5W';
const SECRET_TEXT = `aws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\n`;

async function startSway(): Promise<NodeJS.ProcessEnv> {
  runtimeDir = tempDir('sluice-wayland-');
  const config = join(runtimeDir, 'sway.conf');
  writeFileSync(config, 'xwayland disable\n');
  chmodSync(runtimeDir, 0o700);
  if (isRoot) {
    const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    const nogroup = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    chownSync(runtimeDir, nobody, nogroup);
    chownSync(config, nobody, nogroup);
  }
  const swayEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: runtimeDir,
    XDG_RUNTIME_DIR: runtimeDir,
    WLR_BACKENDS: 'headless',
    WLR_LIBINPUT_NO_DEVICES: '1',
    WLR_RENDERER: 'pixman',
  };
  if (isRoot) children.spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'sway', '-c', config], { env: swayEnv });
  else children.spawn('sway', ['-c', config], { env: swayEnv });
  const display = await until(() => readdirSync(runtimeDir).find((f) => /^wayland-\d+$/.test(f)), 15_000, 'sway to open its socket');
  const clientEnv: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, WAYLAND_DISPLAY: display };
  delete clientEnv.DISPLAY;
  // The socket exists a moment before the compositor accepts clients.
  await until(() => spawnSync('wl-paste', ['--list-types'], { env: clientEnv, timeout: 5_000 }).status !== null, 10_000, 'sway to answer');
  return clientEnv;
}

/** Another program's copy (wl-copy forks and serves the selection from the background). */
function userCopy(data: string | Buffer, type?: string): void {
  const r = spawnSync('wl-copy', type ? ['--type', type] : [], { env, input: data, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5_000 });
  if (r.status !== 0) throw new Error('wl-copy failed');
}

function pasted(): string {
  return spawnSync('wl-paste', ['--no-newline'], { env, encoding: 'utf8', timeout: 5_000 }).stdout ?? '';
}

beforeAll(async () => {
  if (!ready) return;
  env = await startSway();
}, 40_000);

afterAll(async () => {
  spawnSync('wl-copy', ['--clear'], { env, timeout: 5_000 });
  await children.killAll();
  if (runtimeDir) removeDir(runtimeDir);
});

describe('wl-clipboard command lines', () => {
  it('watches with a command that never reads the content, and reads with an explicit type and no added newline', () => {
    expect(WAYLAND_COMMANDS.watch).toEqual({ file: 'wl-paste', args: ['--watch', 'echo', 'sluice-clipboard-changed'] });
    expect(WAYLAND_COMMANDS.read('text/plain;charset=utf-8')).toEqual({ file: 'wl-paste', args: ['--type', 'text/plain;charset=utf-8', '--no-newline'] });
    expect(WAYLAND_COMMANDS.write.args).toEqual(['--type', 'text/plain;charset=utf-8']);
    expect(WAYLAND_COMMANDS.clear.args).toEqual(['--clear']);
    expect(isWaylandChangeLine('sluice-clipboard-changed\r')).toBe(true);
    expect(isWaylandChangeLine('Failed to connect to a Wayland server')).toBe(false);
  });

  it('reports a missing session or a compositor it cannot watch as unavailable, with the reason', async () => {
    expect(await createWaylandClipboard({ env: { PATH: process.env.PATH } }).check()).toMatchObject({ available: false, code: 'E_PASTE_NO_DISPLAY' });
    expect(await createWaylandClipboard({ env: { PATH: '/nonexistent', WAYLAND_DISPLAY: 'wayland-0' } }).check()).toMatchObject({ available: false, code: 'E_PASTE_TOOL_MISSING' });
    if (!hasTool('wl-paste')) return;
    const dir = tempDir();
    try {
      const gone = await createWaylandClipboard({ env: { ...process.env, XDG_RUNTIME_DIR: dir, WAYLAND_DISPLAY: 'wayland-nope' } }).check();
      expect(gone).toMatchObject({ available: false, code: 'E_PASTE_NO_DISPLAY' });
      expect(gone.available === false && gone.reason).toMatch(/data-control/);
    } finally {
      removeDir(dir);
    }
  });

  it('in a Wayland-only session the platform reports the missing focus first, whatever the clipboard', async () => {
    const host = createPlatform({ os: 'linux', env: { PATH: process.env.PATH, WAYLAND_DISPLAY: 'wayland-0' } });
    expect(await host.paste?.clipboard.check()).toMatchObject({ available: false, code: 'E_PASTE_FOCUS_UNAVAILABLE' });
  });
});

describe.skipIf(!ready)('Wayland clipboard (headless sway + wl-clipboard)', () => {
  it('sees another program copy, at once, and reads text, invalid UTF-8, a bounded 10 MB copy and an image by type and size', async () => {
    const clipboard = createWaylandClipboard({ env });
    expect(await clipboard.check()).toEqual({ available: true });
    let changes = 0;
    await clipboard.watch(() => changes++);
    try {
      await sleep(300);
      const before = changes;
      userCopy('héllo wörld ✓');
      await until(() => changes > before, 5_000, 'a change notification');
      expect(await clipboard.read(1024)).toEqual({ kind: 'text', text: 'héllo wörld ✓', bytes: Buffer.byteLength('héllo wörld ✓'), truncated: false });

      userCopy(Buffer.from([0x61, 0xff, 0xfe, 0x62]), 'text/plain;charset=utf-8');
      await until(() => changes > before + 1, 5_000, 'a second change');
      expect(await clipboard.read(1024)).toMatchObject({ kind: 'text', text: 'a\ufffd\ufffdb', truncated: false });

      const big = 'x'.repeat(10 * 1024 * 1024);
      userCopy(big);
      const started = performance.now();
      const read = await clipboard.read(64 * 1024);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(read).toMatchObject({ kind: 'text', bytes: 64 * 1024, truncated: true });

      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5_000, 7)]);
      userCopy(png, 'image/png');
      expect(await clipboard.read(1024 * 1024)).toEqual({ kind: 'image', mime: 'image/png', bytes: png.length });
    } finally {
      await clipboard.close();
    }
  });

  it('writes text the next paste sees, clears to nothing, and stops watching when closed', async () => {
    const clipboard = createWaylandClipboard({ env });
    let changes = 0;
    await clipboard.watch(() => changes++);
    await clipboard.writeText('line one\n"quoted" \\ back\u0000slash');
    expect(pasted()).toBe('line one\n"quoted" \\ back\u0000slash');
    await clipboard.clear();
    expect(await clipboard.read(1024)).toEqual({ kind: 'empty' });
    await clipboard.close();
    await sleep(300);
    const after = changes;
    userCopy('after close');
    await sleep(500);
    expect(changes).toBe(after);
    expect(spawnSync('pgrep', ['-f', 'wl-paste --watch echo sluice-clipboard-changed']).status).not.toBe(0);
  });

  it('lets the paste guard redact a key on the Wayland clipboard while an AI window has focus, and restore it after', async () => {
    const { ctx, events, dir } = pasteContext();
    // Wayland tells no one which window has focus: the test plays that part.
    let onFocus: ((w: ActiveWindow | undefined) => void) | undefined;
    let current: ActiveWindow | undefined = { title: 'ChatGPT - Google Chrome', ownerName: 'chrome' };
    const focus: FocusSource = {
      check: async () => ({ available: true }),
      watch: async (cb) => {
        onFocus = cb;
      },
      current: async () => current,
      close: () => undefined,
    };
    const actions: AppliedAction[] = [];
    const guard = createPasteGuard({ clipboard: createWaylandClipboard({ env }), focus, onAction: (a) => actions.push(a) });
    await guard.start(ctx);
    try {
      userCopy(SECRET_TEXT);
      await until(() => actions.find((a) => a.showing === 'redacted'), 10_000, 'the redaction');
      expect(pasted()).not.toContain(AWS_SECRET);
      expect(events.find((e) => e.type === 'paste.to_ai')).toBeDefined();
      current = { title: 'notes.txt - gedit', ownerName: 'gedit' };
      onFocus?.(current);
      await until(() => pasted() === SECRET_TEXT, 10_000, 'the original back');
    } finally {
      await guard.stop();
      removeDir(dir);
    }
  });
});
