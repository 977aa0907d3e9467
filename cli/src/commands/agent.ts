import { join } from 'node:path';
import {
  createEventFactory,
  createNodePlatform,
  enrollDevice,
  loadAgentConfig,
  loadCredentials,
  Outbox,
  OUTBOX_FILE,
  readStatus,
  runningAgentPid,
  startAgent,
  createDiscoveryCapability,
  createPasteGuard,
  PASTE_GUARD_COMPONENT,
  requestControl,
  controlSocketPath,
  type Capability,
} from '@sluice/agent-core';
import { createPlatform } from '@sluice/agent-platform';
import { defineCommand, integerOption, requiredOption, stringOption, writeLine, type CommandIO, type ParsedArgs } from '../command.js';
import { collectorUrl } from '../admin-client.js';
import { SLUICE_VERSION } from '../version.js';
import { untilSignal } from '../signals.js';

function agentConfig(args: ParsedArgs, io: CommandIO) {
  return loadAgentConfig({
    ...(stringOption(args, 'data') ? { dataDir: stringOption(args, 'data') } : {}),
    ...(stringOption(args, 'config') ? { configFile: stringOption(args, 'config') } : {}),
    env: io.env,
    cwd: io.cwd,
  });
}

export const agentEnroll = defineCommand({
  path: ['agent', 'enroll'],
  summary: 'Enroll this device with a collector using an enrollment token.',
  usage: ['agent enroll --url URL --token T [--data DIR] [--ca FILE] [--force]'],
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    data: { type: 'string' },
    ca: { type: 'string' },
    config: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(args, io) {
    const config = agentConfig(args, io);
    const caFile = stringOption(args, 'ca') ?? config.caFile;
    const credentials = await enrollDevice({
      collectorUrl: collectorUrl(args, io),
      token: requiredOption(args, 'token'),
      dataDir: config.dataDir,
      platform: createNodePlatform(),
      ...(caFile ? { caFile } : {}),
      force: args.values.force === true,
    });
    writeLine(io.stdout, `Enrolled as device ${credentials.deviceId}; credentials in ${join(config.dataDir, 'credentials.json')} (0600).`);
    return 0;
  },
});

export const agentRun = defineCommand({
  path: ['agent', 'run'],
  summary: 'Run the agent in the foreground until SIGINT or SIGTERM.',
  usage: ['agent run [--data DIR] [--config FILE]'],
  options: { data: { type: 'string' }, config: { type: 'string' } },
  async run(args, io) {
    const config = agentConfig(args, io);
    // AI discovery runs by default; without a display its window source reports itself unavailable,
    // and on an OS without a platform implementation discovery as a whole does.
    let host: ReturnType<typeof createPlatform> | undefined;
    let unsupported = '';
    try {
      host = createPlatform({ env: io.env });
    } catch (error) {
      unsupported = (error as Error).message;
    }
    const discovery: Capability = host
      ? createDiscoveryCapability(host.discovery)
      : { name: 'discovery', start: () => Promise.reject(Object.assign(new Error(unsupported), { code: 'E_DISCOVERY_SOURCE' })), stop: () => undefined };
    // The paste guard runs by default too; without a desktop it reports itself unavailable, once.
    const pasteGuard: Capability = host?.paste
      ? createPasteGuard({ ...host.paste, justifyHint: JUSTIFY_HINT })
      : {
          name: PASTE_GUARD_COMPONENT,
          start: () => Promise.reject(Object.assign(new Error(`The paste guard has no implementation for ${process.platform} yet.`), { code: 'E_PASTE_FOCUS_UNAVAILABLE' })),
          stop: () => undefined,
        };
    const agent = await startAgent({
      config,
      agentVersion: SLUICE_VERSION,
      ...(host ? { platform: host.platform } : {}),
      capabilities: [discovery, pasteGuard],
    });
    writeLine(io.stdout, `Sluice agent running as device ${agent.deviceId} (data in ${config.dataDir}).`);
    const signal = await untilSignal();
    await agent.stop(`received ${signal}`);
    return 0;
  },
});

function age(ms: number | null, now: number): string {
  if (ms === null) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

export const agentStatus = defineCommand({
  path: ['agent', 'status'],
  summary: 'Show enrollment, connection, outbox, policy and exact-data-match index state of the agent.',
  usage: ['agent status [--data DIR] [--json]'],
  options: { data: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const config = agentConfig(args, io);
    const credentials = loadCredentials(config.dataDir);
    const pid = runningAgentPid(config.dataDir);
    const report = readStatus(config.dataDir);
    const outbox = new Outbox({ file: join(config.dataDir, OUTBOX_FILE), maxEvents: config.outbox.maxEvents, maxBytes: config.outbox.maxBytes });
    const stats = outbox.stats();
    outbox.close();
    const summary = {
      deviceId: credentials.deviceId,
      collectorUrl: config.collectorUrl ?? credentials.collectorUrl,
      running: pid !== undefined,
      pid: pid ?? null,
      connection: pid !== undefined ? (report?.connection ?? null) : null,
      outbox: stats,
      policy: report?.policy ?? null,
      unavailable: report?.unavailable ?? [],
      edm: report?.edm ?? [],
    };
    if (args.values.json === true) {
      writeLine(io.stdout, JSON.stringify(summary));
      return pid === undefined ? 3 : 0;
    }
    const now = Date.now();
    writeLine(io.stdout, `Device:     ${summary.deviceId}`);
    writeLine(io.stdout, `Collector:  ${summary.collectorUrl}`);
    writeLine(io.stdout, `Agent:      ${pid !== undefined ? `running (pid ${pid})` : 'not running'}`);
    if (summary.connection) {
      const c = summary.connection;
      writeLine(io.stdout, `Connection: ${c.state}${c.paused ? ' (paused by collector)' : ''}; last ack ${age(c.lastAckAt, now)}; reconnects ${c.reconnects}${c.lastError ? `; last error: ${c.lastError}` : ''}`);
    }
    writeLine(io.stdout, `Outbox:     ${stats.pending} pending (${stats.bytes} bytes), ${stats.droppedTotal} dropped, oldest ${age(stats.oldestTime, now)}`);
    if (summary.policy) writeLine(io.stdout, `Policy:     ${summary.policy.id} v${summary.policy.version ?? 'built-in'} (${summary.policy.mode})`);
    for (const u of summary.unavailable) writeLine(io.stdout, `Unavailable: ${u.component}: ${u.reason}`);
    for (const e of summary.edm) writeLine(io.stdout, `EDM index:  ${e.name} ${e.sha256.slice(0, 12)}… ${e.state}${e.code ? ` (${e.code})` : ''}${e.detectors.length ? `: ${e.detectors.join(', ')}` : ''}`);
    return pid === undefined ? 3 : 0;
  },
});

/** How an employee gives a reason on the command line; shown in `justify` notifications. */
const JUSTIFY_HINT = 'run sluice agent justify --reason "why you need to paste it"';

export const agentJustify = defineCommand({
  path: ['agent', 'justify'],
  summary: 'Give the reason to paste content the policy held back (the paste is then allowed and the reason recorded).',
  usage: ['agent justify --reason TEXT [--data DIR]'],
  options: { data: { type: 'string' }, config: { type: 'string' }, reason: { type: 'string' } },
  async run(args, io) {
    const config = agentConfig(args, io);
    const reason = requiredOption(args, 'reason');
    const result = (await requestControl(controlSocketPath(config.dataDir), { type: 'justify', reason, via: 'cli' })) as { destination: string };
    writeLine(io.stdout, `Thank you. The paste into ${result.destination} is allowed now; your reason was recorded.`);
    return 0;
  },
});

export const agentTestEvent = defineCommand({
  path: ['agent', 'test-event'],
  summary: "Queue test events in the agent's outbox for the running agent to deliver.",
  usage: ['agent test-event [--data DIR] [--count N] [--note TEXT]'],
  options: { data: { type: 'string' }, config: { type: 'string' }, count: { type: 'string' }, note: { type: 'string' } },
  async run(args, io) {
    const config = agentConfig(args, io);
    const count = integerOption(args, 'count', 1, 1, 10_000_000);
    const note = (stringOption(args, 'note') ?? 'sluice agent test-event').slice(0, 256);
    const credentials = loadCredentials(config.dataDir);
    const platform = createNodePlatform();
    const makeEvent = createEventFactory(credentials.deviceId, () => platform.currentUser());
    const outbox = new Outbox({ file: join(config.dataDir, OUTBOX_FILE), maxEvents: config.outbox.maxEvents, maxBytes: config.outbox.maxBytes });
    let first = 0;
    let last = 0;
    try {
      for (let start = 0; start < count; start += 1_000) {
        const events = [];
        for (let i = start; i < Math.min(count, start + 1_000); i++) events.push(makeEvent('agent.test', { index: i, count, note }));
        const seqs = outbox.append(events);
        first ||= seqs[0] ?? 0;
        last = seqs[seqs.length - 1] ?? last;
      }
    } finally {
      outbox.close();
    }
    writeLine(io.stdout, `Queued ${count} test event(s) (outbox seq ${first}..${last}).`);
    if (runningAgentPid(config.dataDir) === undefined) {
      writeLine(io.stderr, 'No agent is running for this data folder: they will be delivered when `sluice agent run` starts.');
    }
    return 0;
  },
});
