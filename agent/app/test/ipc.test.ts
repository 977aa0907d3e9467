import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AboutViewSchema, IPC_CHANNELS, IPC_CONTRACT, JustifyRequestSchema, JustifyResultSchema, PendingViewSchema, StatusViewSchema, type IpcChannel } from '../src/common/ipc.js';
import { registerIpc, type IpcHandlers, type IpcMainLike } from '../src/main/ipc-main.js';
import { createSenderCheck } from '../src/main/security.js';

const rendererDir = join('/opt', 'Sluice', 'resources', 'app', 'dist', 'renderer');
const page = (name: string) => pathToFileURL(join(rendererDir, name)).href;

const status = {
  agent: 'running',
  connection: 'connected',
  policy: { name: 'Recommended default', version: null, mode: 'enforce' },
  pasteGuard: { state: 'on' },
  lastAction: { at: 1, summary: 'Redacted before pasting into ChatGPT' },
  pending: false,
} as const;

/** ipcMain as far as registerIpc uses it: handlers kept by channel, invoked like Electron does. */
function fakeIpc() {
  const handlers = new Map<string, (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener as never),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, url: string | null, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler({ senderFrame: url === null ? null : { url } }, ...args));
  };
  return { ipc, handlers, invoke };
}

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers & { reasons: string[] } {
  const reasons: string[] = [];
  return {
    reasons,
    [IPC_CHANNELS.status]: () => status,
    [IPC_CHANNELS.pending]: () => ({ destination: 'ChatGPT', found: 'an AWS access key id' }),
    [IPC_CHANNELS.justify]: ({ reason }) => {
      reasons.push(reason);
      return { ok: true, destination: 'ChatGPT' };
    },
    [IPC_CHANNELS.about]: () => ({ policy: { name: 'p', version: 3, mode: 'monitor', evidence: 'masked' }, sections: [] }),
    ...overrides,
  };
}

describe('the IPC contract', () => {
  it('names one schema pair per channel, and every channel under the sluice: prefix', () => {
    expect(Object.keys(IPC_CONTRACT).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    for (const channel of Object.values(IPC_CHANNELS)) expect(channel).toMatch(/^sluice:[a-z-]+$/);
  });

  it('accepts the views the shell sends and refuses extra fields, wrong kinds and oversized text', () => {
    expect(StatusViewSchema.parse(status)).toEqual(status);
    expect(StatusViewSchema.safeParse({ ...status, secret: 'x' }).success).toBe(false);
    expect(StatusViewSchema.safeParse({ ...status, agent: 'hacked' }).success).toBe(false);
    expect(PendingViewSchema.parse(null)).toBeNull();
    expect(PendingViewSchema.safeParse({ destination: 'x'.repeat(257), found: 'y' }).success).toBe(false);
    expect(JustifyResultSchema.safeParse({ ok: true }).success).toBe(false);
    expect(AboutViewSchema.safeParse({ policy: { name: 'p', version: 0, mode: 'enforce', evidence: 'masked' }, sections: [] }).success).toBe(false);
  });

  it('takes a justification of 1 to 1000 characters, trimmed, and nothing else', () => {
    expect(JustifyRequestSchema.parse({ reason: '  needed for the incident ticket  ' })).toEqual({ reason: 'needed for the incident ticket' });
    for (const bad of [{ reason: '   ' }, { reason: 'x'.repeat(1_001) }, { reason: 42 }, { reason: 'ok', via: 'cli' }, 'ok', null]) {
      expect(JustifyRequestSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('main-process IPC handlers', () => {
  it('answers the shell pages, validated both ways', async () => {
    const { ipc, invoke } = fakeIpc();
    const h = handlers();
    registerIpc(ipc, h, createSenderCheck(rendererDir));
    await expect(invoke(IPC_CHANNELS.status, page('about.html'))).resolves.toEqual(status);
    await expect(invoke(IPC_CHANNELS.justify, page('justify.html'), { reason: ' because ' })).resolves.toEqual({ ok: true, destination: 'ChatGPT' });
    expect(h.reasons).toEqual(['because']);
  });

  it('refuses messages from anything but its own pages, before a handler runs', async () => {
    const { ipc, invoke } = fakeIpc();
    const h = handlers();
    const refusals: string[] = [];
    registerIpc(ipc, h, createSenderCheck(rendererDir), (_c, code) => refusals.push(code));
    for (const url of [
      'https://chatgpt.com/',
      'file:///etc/passwd',
      pathToFileURL(join(rendererDir, '..', 'main', 'index.js')).href,
      `${page('about.html')}?x=1`,
      pathToFileURL(join(rendererDir, 'sub', 'about.html')).href,
      'file://evil-host/opt/Sluice/resources/app/dist/renderer/about.html',
      'data:text/html,<script>1</script>',
      'not a url',
      null,
    ]) {
      await expect(invoke(IPC_CHANNELS.justify, url, { reason: 'x' })).rejects.toThrow(/E_IPC_SENDER/);
    }
    expect(h.reasons).toEqual([]);
    expect(refusals.every((c) => c === 'E_IPC_SENDER')).toBe(true);
  });

  it('refuses arguments outside the contract, and never lets an answer outside it leave', async () => {
    const { ipc, invoke } = fakeIpc();
    const h = handlers({ [IPC_CHANNELS.status]: () => ({ ...status, raw: 'AKIA…' }) as never });
    registerIpc(ipc, h, createSenderCheck(rendererDir));
    const url = page('justify.html');
    for (const args of [[], [{ reason: '' }], [{ reason: 'x', extra: true }], [{ reason: 'x' }, 'second'], ['x'.repeat(10)], [{ reason: 'x'.repeat(5_000) }]]) {
      await expect(invoke(IPC_CHANNELS.justify, url, ...args)).rejects.toThrow(/E_IPC_INVALID/);
    }
    await expect(invoke(IPC_CHANNELS.pending, url, 'unexpected')).rejects.toThrow(/E_IPC_INVALID/);
    await expect(invoke(IPC_CHANNELS.status, url)).rejects.toThrow();
    expect(h.reasons).toEqual([]);
  });

  it('removes every handler it registered', () => {
    const { ipc, handlers: registered } = fakeIpc();
    const remove = registerIpc(ipc, handlers(), () => true);
    expect([...registered.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort() as IpcChannel[]);
    remove();
    expect(registered.size).toBe(0);
  });
});
