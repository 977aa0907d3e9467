import { spawn, spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPasteGuard, type AppliedAction } from '@sluice/agent-core';
import type { PolicyInput } from '@sluice/shared';
import { pasteContext } from '../context.js';
import { createLinuxPasteSources, X11Desktop } from '../../src/linux/index.js';
import { activate, Children, hasTool, openWindow, removeDir, sleep, startX, until, x } from '../support.js';

const AWS_ID = 'AKIAQ3EGUHLO7KXPZW2M';
const AWS_SECRET = 'q8Ld2Nw5Vb1Hx7Rt0Yz3Kp6Mc9Jf4Gs2Ah8Ue5W';
const SECRET_TEXT = `aws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\ncard: 4111 1111 1111 1111\n`;
const ready = hasTool('Xvfb') && hasTool('openbox') && hasTool('xclip') && hasTool('xdotool') && hasTool('xmessage');

const children = new Children();
let env: NodeJS.ProcessEnv;
let aiWindow: string;
let editorWindow: string;

/** What a user's copy does: another program takes the clipboard (xclip serves it from the background). */
function userCopy(text: string | Buffer, target = 'UTF8_STRING'): void {
  // xclip forks to serve the selection: its output must not be a pipe we wait on.
  const r = spawnSync('xclip', ['-i', '-selection', 'clipboard', '-t', target], { env, input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5_000 });
  if (r.status !== 0) throw new Error('xclip failed');
}

function clipboardText(): string {
  return spawnSync('xclip', ['-o', '-selection', 'clipboard'], { env, encoding: 'utf8', timeout: 5_000 }).stdout ?? '';
}

/**
 * Copies text as a user would and waits until the clipboard serves it: xclip's parent returns
 * before its child has taken the selection, and on a loaded machine an empty clipboard read in
 * that gap would pass for one the guard emptied.
 */
async function copied(text: string): Promise<void> {
  userCopy(text);
  await until(() => clipboardText() === text, 10_000, 'the copy on the clipboard');
}

beforeAll(async () => {
  if (!ready) return;
  ({ env } = await startX(children));
  aiWindow = (await openWindow(children, env, 'ChatGPT - Google Chrome', { setPid: true })).id;
  editorWindow = (await openWindow(children, env, 'secrets.env - infra - Visual Studio Code', { setPid: true })).id;
}, 60_000);

afterAll(() => children.killAll());

describe.skipIf(!ready)('X11 desktop events (Xvfb + openbox)', () => {
  it('reports focus changes and title changes of the focused window at once', async () => {
    await activate(env, aiWindow);
    const desktop = await X11Desktop.connect(env.DISPLAY!);
    let changes = 0;
    desktop.onFocusChange(() => (changes += 1));
    await activate(env, editorWindow);
    await until(() => changes > 0, 10_000, 'focus event');
    expect((await desktop.activeWindow())?.title).toBe('secrets.env - infra - Visual Studio Code');
    const before = changes;
    // A browser switching tabs changes only the title of the same window.
    x(env, 'xdotool', ['set_window', '--name', 'Claude - Google Chrome', editorWindow]);
    await until(() => changes > before, 10_000, 'title event');
    expect((await desktop.activeWindow())?.title).toBe('Claude - Google Chrome');
    x(env, 'xdotool', ['set_window', '--name', 'secrets.env - infra - Visual Studio Code', editorWindow]);
    desktop.close();
  });

  it('reads text, binary and invalid UTF-8 within bounds, and tells when the clipboard changes', async () => {
    const { clipboard } = createLinuxPasteSources({ env });
    expect(await clipboard.check()).toEqual({ available: true });
    let changes = 0;
    await clipboard.watch(() => (changes += 1));
    userCopy('hello clipboard');
    await until(() => changes > 0, 10_000, 'clipboard event');
    expect(await clipboard.read(1024)).toEqual({ kind: 'text', text: 'hello clipboard', bytes: 15, truncated: false });

    userCopy(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]), 'image/png');
    await sleep(100);
    expect(await clipboard.read(1024)).toEqual({ kind: 'image', mime: 'image/png', bytes: 12 });

    userCopy(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xc3]));
    await sleep(100);
    const invalid = await clipboard.read(1024);
    expect(invalid.kind === 'text' && invalid.text).toBe('a\uFFFD\uFFFDb\uFFFD');

    const big = 'x'.repeat(10 * 1024 * 1024);
    userCopy(big);
    await sleep(100);
    const started = performance.now();
    const read = await clipboard.read(2 * 1024 * 1024);
    expect(read).toMatchObject({ kind: 'text', bytes: 2 * 1024 * 1024, truncated: true });
    expect(performance.now() - started).toBeLessThan(3_000);
    await clipboard.close();
  });

  it('survives a clipboard owner that vanishes', async () => {
    const { clipboard } = createLinuxPasteSources({ env });
    // An owner that serves the selection once (-loops 1) and then exits.
    const owner = spawn('xclip', ['-i', '-selection', 'clipboard', '-loops', '1', '-quiet'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    owner.stdin.end('short-lived');
    await sleep(150);
    owner.kill('SIGKILL');
    await sleep(100);
    const content = await clipboard.read(1024);
    expect(['empty', 'text']).toContain(content.kind);
    await clipboard.close();
  });
});

describe.skipIf(!ready)('paste guard on the real X11 clipboard', () => {
  async function guarded(policy?: Partial<PolicyInput>) {
    const sources = createLinuxPasteSources({ env });
    const actions: AppliedAction[] = [];
    const notices: string[] = [];
    const c = pasteContext(policy);
    await activate(env, editorWindow);
    await copied('nothing to see');
    const guard = createPasteGuard({
      ...sources,
      notifier: { notify: async (n) => void notices.push(`${n.title}: ${n.body}`) },
      onAction: (a) => actions.push(a),
    });
    await guard.start(c.ctx);
    const stop = async (): Promise<void> => {
      running.delete(stop);
      await guard.stop();
      removeDir(c.dir);
    };
    running.add(stop);
    return { guard, actions, notices, ...c, stop };
  }
  /** Guards a failed test left running, stopped so that they do not act in the next test. */
  const running = new Set<() => Promise<void>>();
  afterEach(async () => {
    for (const stop of [...running]) await stop();
  });

  it('redacts when an AI window has focus, restores on leaving, and records evidence without the values', async () => {
    const g = await guarded();
    await copied(SECRET_TEXT);
    await activate(env, aiWindow);
    await until(() => !clipboardText().includes(AWS_ID) && clipboardText().includes('[REDACTED:'), 10_000, 'redacted clipboard');
    expect(clipboardText()).toContain('4111 1111 1111 1111');
    await activate(env, editorWindow);
    await until(() => clipboardText() === SECRET_TEXT, 10_000, 'original back');
    expect(g.events[0]!.payload).toMatchObject({ action: 'redact', outcome: 'applied', destination: { app: 'chatgpt' }, source: { path: 'infra/secrets.env' } });
    expect(JSON.stringify(g.events)).not.toContain(AWS_ID);
    expect(g.notices[0]).toMatch(/AWS/);
    // A copy made while the AI window has focus is judged at once, too.
    await activate(env, aiWindow);
    userCopy(`another ${AWS_ID}`);
    await until(() => clipboardText().startsWith('another [REDACTED:'), 10_000, 'redacted on copy');
    await g.stop();
    expect(clipboardText()).toBe(`another ${AWS_ID}`);
    const latencies = g.actions.filter((a) => a.showing === 'redacted').map((a) => a.latencyMs);
    expect(latencies.length).toBeGreaterThan(0);
  });

  it('blocks, and holds back until justified, on the real clipboard', async () => {
    const rules = (action: string) => ({ dlp: { rules: [{ category: 'credential', destination: '*', action }], defaultAction: 'allow', evidence: 'masked' } }) as never;
    const block = await guarded(rules('block'));
    await copied(SECRET_TEXT);
    await activate(env, aiWindow);
    await until(() => clipboardText() === '', 10_000, 'emptied clipboard');
    await activate(env, editorWindow);
    await until(() => clipboardText() === SECRET_TEXT, 10_000, 'restored');
    await block.stop();

    const justify = await guarded(rules('justify'));
    await copied(SECRET_TEXT);
    await activate(env, aiWindow);
    await until(() => clipboardText() === '' && justify.events.some((e) => e.type === 'paste.to_ai'), 10_000, 'held back');
    await justify.guard.justify('Sharing with the AWS support assistant', 'cli');
    await until(() => clipboardText() === SECRET_TEXT, 10_000, 'allowed after the reason');
    expect(justify.events.map((e) => e.type)).toEqual(['paste.to_ai', 'paste.justified']);
    await justify.stop();
  });

  it('warn, allow, monitor mode and a sanctioned destination leave the real clipboard as it is, and say so in the event', async () => {
    const rules = (action: string) => [{ category: 'credential', destination: '*', action }];
    const cases = [
      { name: 'warn', policy: { dlp: { rules: rules('warn'), defaultAction: 'allow', evidence: 'masked' } }, expected: { action: 'warn', outcome: 'applied' }, notices: 1 },
      { name: 'allow', policy: { dlp: { rules: rules('allow'), defaultAction: 'allow', evidence: 'masked' } }, expected: { action: 'allow', outcome: 'applied' }, notices: 0 },
      { name: 'monitor', policy: { mode: 'monitor', dlp: { rules: rules('block'), defaultAction: 'allow', evidence: 'masked' } }, expected: { action: 'block', outcome: 'monitored', mode: 'monitor' }, notices: 0 },
      {
        name: 'sanctioned',
        policy: {
          ai: { sanctionedApps: ['chatgpt'], unsanctionedApps: [], sanctionedDomains: [], unsanctionedDomains: [] },
          dlp: { rules: [{ category: 'credential', destination: 'sanctioned_ai', action: 'allow' }, ...rules('block')], defaultAction: 'allow', evidence: 'masked' },
        },
        expected: { action: 'allow', destination: { classification: 'sanctioned', destinationClass: 'sanctioned_ai' } },
        notices: 0,
      },
    ];
    for (const c of cases) {
      const g = await guarded(c.policy as never);
      await copied(SECRET_TEXT);
      await activate(env, aiWindow);
      await until(() => g.events.some((e) => e.type === 'paste.to_ai'), 10_000, `${c.name}: paste event`);
      // Give a wrong write time to land before looking at the clipboard.
      await sleep(300);
      expect(clipboardText(), c.name).toBe(SECRET_TEXT);
      expect(g.events[0]!.payload, c.name).toMatchObject(c.expected);
      expect(JSON.stringify(g.events), c.name).not.toContain(AWS_SECRET);
      expect(g.notices, c.name).toHaveLength(c.notices);
      if (c.notices) expect(g.notices[0]).toMatch(/AWS/);
      await activate(env, editorWindow);
      await g.stop();
    }
  });

  it('keeps up with focus changing 50 times a second without losing the final state', async () => {
    const g = await guarded();
    await copied(SECRET_TEXT);
    for (let i = 0; i < 50; i++) {
      x(env, 'xdotool', ['windowactivate', i % 2 ? editorWindow : aiWindow]);
      await sleep(20);
    }
    await activate(env, editorWindow);
    await until(() => clipboardText() === SECRET_TEXT, 10_000, 'original after the storm');
    expect(g.events.filter((e) => e.type === 'paste.to_ai')).toHaveLength(1);
    await g.stop();
  });
});

describe('paste sources without a display', () => {
  it('say why they cannot run', async () => {
    const { clipboard, focus } = createLinuxPasteSources({ env: { PATH: process.env.PATH } });
    expect(await clipboard.check()).toMatchObject({ available: false, code: 'E_PASTE_NO_DISPLAY' });
    expect(await focus.check()).toMatchObject({ available: false });
    const wayland = createLinuxPasteSources({ env: { PATH: process.env.PATH, WAYLAND_DISPLAY: 'wayland-0' } });
    expect(await wayland.clipboard.check()).toMatchObject({ available: false, code: 'E_PASTE_FOCUS_UNAVAILABLE' });
  });
});
