import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createDiscoveryCapability,
  type ActiveWindow,
  type Capability,
  type DiscoverySources,
  type FileWatchEvent,
  type ListeningSocket,
  type ProcessDetails,
  type ProcessEntry,
} from '../../src/index.js';
import { tempDir } from '../helpers.js';
import { testContext } from './context.js';
import { chromiumHistory } from './history.test.js';
import { close, fixedServer } from './servers.js';

const T0 = 1_800_000_000_000;
vi.setConfig({ testTimeout: 30_000 });

/** Sources whose answers the test changes between samples. */
function fakeSources(home = tempDir()) {
  const processes = new Map<number, ProcessEntry & { details?: ProcessDetails | 'vanish' | 'throw' }>();
  let window: ActiveWindow | undefined;
  let sockets: ListeningSocket[] = [];
  let listFails = false;
  const watches: { roots: string[]; depth: number; emit: (e: FileWatchEvent) => void }[] = [];
  const sources: DiscoverySources = {
    os: 'linux',
    home,
    processes: {
      list: async () => {
        if (listFails) throw new Error('EIO reading /proc');
        return [...processes.values()].map(({ pid, ppid, name, startTime }) => ({ pid, ppid, name, startTime }));
      },
      details: async (pid) => {
        const d = processes.get(pid)?.details;
        if (d === 'throw') throw new Error('ESRCH');
        if (d === 'vanish') return undefined;
        return d ?? {};
      },
    },
    windows: { check: async () => ({ available: true }), active: async () => window },
    sockets: { listening: async () => sockets },
    watcher: {
      watch: (roots, options, onEvent) => {
        const w = { roots: [...roots], depth: options.depth, emit: onEvent };
        watches.push(w);
        return { add: (more) => void w.roots.push(...more), close: async () => undefined };
      },
    },
  };
  return {
    sources,
    spawn: (p: ProcessEntry & { details?: ProcessDetails | 'vanish' | 'throw' }) => processes.set(p.pid, p),
    kill: (pid: number) => processes.delete(pid),
    focus: (w: ActiveWindow | undefined) => {
      window = w;
    },
    listen: (s: ListeningSocket[]) => {
      sockets = s;
    },
    failList: (v: boolean) => {
      listFails = v;
    },
    /** Delivers a file event to the watch that covers its folder. */
    file: (e: FileWatchEvent) => watches.find((w) => w.roots.some((r) => e.path.startsWith(r) && (w.depth > 0 || !e.path.slice(r.length + 1).includes('/'))))?.emit(e),
    watches,
  };
}

/** Real I/O (hashing, probes) on a loaded machine can take a while. */
const WAIT = { timeout: 15_000, interval: 20 };
const REAL = { processIntervalMs: 40, initialDelayMs: 60_000 } as const;
const FAST = { windowIntervalMs: 1_000, processIntervalMs: 5_000, initialDelayMs: 1_000, inventoryIntervalMs: 3_600_000 } as const;

let running: Capability[] = [];
/** Window and history tests run on a fake clock; process tests need real I/O and real timers. */
function fakeClock(): void {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  vi.useRealTimers();
});

async function start(sources: DiscoverySources, t: ReturnType<typeof testContext>, options = {}) {
  const capability = createDiscoveryCapability(sources, { ...FAST, ...options });
  running.push(capability);
  await capability.start(t.context);
  return capability;
}

function nowContext(options: Parameters<typeof testContext>[0] = {}) {
  const t = testContext(options);
  (t.context as { now: () => number }).now = () => Date.now();
  return t;
}

describe('discovery capability: processes', () => {
  const B = Date.now();
  it('reports an AI process once as started (not its helpers), first seen once, and stopped with its run time', async () => {
    const f = fakeSources();
    const t = nowContext({ ai: { unsanctionedApps: ['ollama'] } });
    f.spawn({ pid: 100, ppid: 1, name: 'ollama', startTime: B - 60_000, details: { exe: '/usr/local/bin/ollama', cmdline: ['ollama', 'serve'], user: 'alice' } });
    f.spawn({ pid: 101, ppid: 100, name: 'ollama', startTime: B - 50_000, details: { exe: '/usr/local/bin/ollama', cmdline: ['ollama', 'runner'] } });
    f.spawn({ pid: 200, ppid: 1, name: 'bash', startTime: B - 1_000, details: { exe: '/usr/bin/bash', cmdline: ['bash'] } });
    await start(f.sources, t, REAL);
    await vi.waitFor(() => expect(t.of('ai.app_started')).toHaveLength(1), WAIT);
    const started = t.of('ai.app_started');
    expect(started[0]!.payload).toMatchObject({ app: 'ollama', pid: 100, classification: 'unsanctioned', policyVersion: 7, exe: '/usr/local/bin/ollama' });
    expect(started[0]!.time).toBe(B - 60_000);
    expect(t.of('ai.app_first_seen').map((e) => e.payload.via)).toEqual(['process']);

    f.kill(101);
    f.kill(100);
    await vi.waitFor(() => expect(t.of('ai.app_stopped')).toHaveLength(1), WAIT);
    const stopped = t.of('ai.app_stopped');
    expect(stopped[0]!.payload).toMatchObject({ app: 'ollama', pid: 100 });
    expect(stopped[0]!.payload.runtimeMs).toBeGreaterThanOrEqual(60_000);

    f.spawn({ pid: 300, ppid: 1, name: 'ollama', startTime: Date.now(), details: { exe: '/usr/local/bin/ollama', cmdline: ['ollama', 'serve'] } });
    await vi.waitFor(() => expect(t.of('ai.app_started')).toHaveLength(2), WAIT);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.of('ai.app_first_seen')).toHaveLength(1);
  });

  it('remembers across restarts what it reported: no second start, a stop for what ended meanwhile', async () => {
    const f = fakeSources();
    const t = nowContext();
    f.spawn({ pid: 10, ppid: 1, name: 'ollama', startTime: B - 1_000, details: { exe: '/usr/local/bin/ollama' } });
    f.spawn({ pid: 11, ppid: 1, name: 'llama-server', startTime: B - 1_000, details: { exe: '/opt/llama/llama-server' } });
    const first = await start(f.sources, t, REAL);
    await vi.waitFor(() => expect(t.of('ai.app_started')).toHaveLength(2), WAIT);
    await first.stop();
    running = [];

    f.kill(11);
    const t2 = nowContext({ dataDir: t.context.dataDir });
    await start(f.sources, t2, REAL);
    await vi.waitFor(() => expect(t2.of('ai.app_stopped')).toHaveLength(1), WAIT);
    expect(t2.of('ai.app_started')).toHaveLength(0);
    expect(t2.of('ai.app_first_seen')).toHaveLength(0);
    expect(t2.of('ai.app_stopped').map((e) => e.payload.pid)).toEqual([11]);
  });

  it('survives hostile processes: megabyte names and command lines, broken UTF-16, vanishing and failing reads', async () => {
    const f = fakeSources();
    const t = nowContext();
    const huge = 'x'.repeat(2 * 1024 * 1024);
    f.spawn({ pid: 1, ppid: 0, name: `${huge}ollama`, startTime: B, details: { exe: `/tmp/${huge}`, cmdline: [huge, '\uD800broken', ...Array.from({ length: 10_000 }, () => 'arg')] } });
    f.spawn({ pid: 2, ppid: 0, name: 'claude\uDC00', startTime: B, details: { cmdline: ['node', '/x/@anthropic-ai/claude-code/cli.js', '\uDBFF'] } });
    f.spawn({ pid: 3, ppid: 0, name: 'ollama', startTime: B, details: 'vanish' });
    f.spawn({ pid: 4, ppid: 0, name: 'ollama', startTime: B + 1, details: 'throw' });
    await start(f.sources, t, REAL);
    await vi.waitFor(() => expect(t.of('ai.app_started').length).toBeGreaterThanOrEqual(3), WAIT);
    const started = t.of('ai.app_started');
    expect(started.find((e) => e.payload.pid === 2)?.payload.app).toBe('claude-code');
    // Name-only survivors are reported, but only as low confidence.
    for (const pid of [3, 4]) expect(started.find((e) => e.payload.pid === pid)?.payload.confidence).toBe('low');
    for (const e of t.events) expect(JSON.stringify(e).length).toBeLessThan(64 * 1024);

    f.failList(true);
    await new Promise((r) => setTimeout(r, 300));
    const errors = t.of('agent.error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.payload).toMatchObject({ component: 'discovery.processes', code: 'E_DISCOVERY_SOURCE' });
  });
});

describe('discovery capability: runtimes, window, files, history', () => {
  it('probes the listening port of an unknown program and reports an Ollama-compatible runtime', async () => {
    const { server, port } = await fixedServer({ '/api/version': { body: '{"version":"0.9.0"}' } });
    try {
      const f = fakeSources();
      const t = testContext();
      f.spawn({ pid: 4242, ppid: 1, name: 'qz81kf', startTime: T0, details: { exe: '/tmp/qz81kf', cmdline: ['/tmp/qz81kf', 'serve.js'] } });
      f.listen([{ port, address: '127.0.0.1', family: 4, pid: 4242 }, { port: 22, address: '0.0.0.0', family: 4, pid: 1 }]);
      await start(f.sources, t, REAL);
      await vi.waitFor(() => expect(t.of('ai.runtime_listening')).toHaveLength(1), WAIT);
      expect(t.of('ai.runtime_listening')[0]!.payload).toMatchObject({ app: 'ollama', port, exposure: 'loopback', protocol: 'ollama-api', pid: 4242, confidence: 'high' });
      expect(t.of('ai.app_started')[0]!.payload).toMatchObject({ app: 'ollama', pid: 4242 });
      expect(t.of('ai.app_first_seen')[0]!.payload.via).toBe('socket');
      // Probed once per process and port, not at every sample.
      await new Promise((r) => setTimeout(r, 200));
      expect(t.of('ai.runtime_listening')).toHaveLength(1);
    } finally {
      await close(server);
    }
  });

  it('turns window samples into focus sessions with durations, a site visit for a URL, and bounded titles', async () => {
    const f = fakeSources();
    fakeClock();
    const t = nowContext({ ai: { sanctionedDomains: ['claude.ai'] } });
    await start(f.sources, t);
    f.focus({ title: 'ChatGPT - Google Chrome', ownerName: 'chrome', ownerPid: 9 });
    await vi.advanceTimersByTimeAsync(2_500);
    f.focus({ title: `${'A'.repeat(1_000_000)} - Claude`, url: 'https://claude.ai/chat/123?q=secret', ownerName: 'Safari', ownerPid: 9 });
    await vi.advanceTimersByTimeAsync(2_000);
    f.focus({ title: 'Terminal', ownerName: 'xterm' });
    await vi.advanceTimersByTimeAsync(2_000);
    const focused = t.of('ai.app_focused');
    expect(focused.map((e) => [e.payload.app, e.payload.durationMs])).toEqual([
      ['chatgpt', 3_000],
      ['claude', 2_000],
    ]);
    expect(focused[0]!.payload).toMatchObject({ browser: 'Google Chrome', title: 'ChatGPT - Google Chrome', classification: 'unknown' });
    expect(focused[1]!.payload).toMatchObject({ host: 'claude.ai', classification: 'sanctioned' });
    expect(focused[1]!.payload.title.length).toBe(256);
    const visits = t.of('ai.site_visited');
    expect(visits).toHaveLength(1);
    expect(visits[0]!.payload).toMatchObject({ host: 'claude.ai', domain: 'claude.ai', via: 'window' });
    expect(JSON.stringify(t.events)).not.toContain('secret');
  });

  it('reports once, with the reason, that there is no display', async () => {
    const f = fakeSources();
    const t = nowContext();
    const sources = { ...f.sources, windows: { check: async () => ({ available: false as const, code: 'E_DISCOVERY_NO_DISPLAY' as const, reason: 'No DISPLAY is set.' }), active: async () => undefined } };
    await start(sources, t);
    expect(t.unavailable).toEqual([{ component: 'discovery.window', code: 'E_DISCOVERY_NO_DISPLAY', reason: 'No DISPLAY is set.' }]);
  });

  it('reports config folders and model files under catalogued folders, each once', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.ollama', 'models', 'blobs'), { recursive: true });
    mkdirSync(join(home, '.claude'), { recursive: true });
    const f = fakeSources(home);
    fakeClock();
    const t = nowContext({ ai: { sanctionedApps: ['ollama'] } });
    await start(f.sources, t);
    await vi.advanceTimersByTimeAsync(1_100);
    const seen = t.of('ai.app_first_seen').filter((e) => e.payload.via === 'file');
    expect(seen.map((e) => e.payload.app).sort()).toEqual(['claude-code', 'ollama']);
    const model = join(home, '.ollama', 'models', 'blobs', 'llama3.gguf');
    f.file({ kind: 'add', path: model, size: 4_000_000_000 });
    f.file({ kind: 'add', path: model, size: 4_000_000_000 });
    f.file({ kind: 'add', path: join(home, '.ollama', 'models', 'notes.txt'), size: 10 });
    expect(t.of('ai.model_file_present').map((e) => e.payload)).toEqual([
      { app: 'ollama', path: model, format: 'gguf', sizeBytes: 4_000_000_000, classification: 'sanctioned', policyVersion: 7 },
    ]);

    // A configuration folder created after the inventory pass is seen through its watched parent.
    const configWatch = f.watches.find((w) => w.depth === 0);
    expect(configWatch?.roots).toContain(home);
    mkdirSync(join(home, '.lmstudio'));
    f.file({ kind: 'addDir', path: join(home, '.lmstudio') });
    f.file({ kind: 'addDir', path: join(home, 'Documents') });
    expect(t.of('ai.app_first_seen').filter((e) => e.payload.via === 'file').map((e) => e.payload.app).sort()).toEqual(['claude-code', 'lm-studio', 'ollama']);
  });

  it('reads browser history copies and reports a corrupt one with a coded error, once', async () => {
    const home = tempDir();
    const good = join(home, 'History');
    const bad = join(home, 'Broken');
    chromiumHistory(good, [['https://chatgpt.com/c/1', T0 - 1_000], ['https://chatgpt.com/c/2', T0 - 500]]);
    writeFileSync(bad, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(2048, 0x5a)]));
    const f = fakeSources(home);
    fakeClock();
    const t = nowContext();
    const sources = {
      ...f.sources,
      history: {
        profiles: async () => [
          { browser: 'Google Chrome', kind: 'chromium' as const, path: good },
          { browser: 'Brave', kind: 'chromium' as const, path: bad },
        ],
      },
    };
    await start(sources, t, { historyIntervalMs: 2_000 });
    await vi.advanceTimersByTimeAsync(5_500);
    const visits = t.of('ai.site_visited');
    expect(visits).toHaveLength(1);
    expect(visits[0]!.payload).toMatchObject({ host: 'chatgpt.com', via: 'browser_history', browser: 'Google Chrome', visitCount: 2, lastVisitTime: T0 - 500 });
    const errors = t.of('agent.error').filter((e) => e.payload.code === 'E_DISCOVERY_HISTORY');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.payload.message).toMatch(/^Brave history could not be read/);
  });
});
