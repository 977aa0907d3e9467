import { afterEach, describe, expect, it } from 'vitest';
import { generatePolicyKeyPair, encodeKey } from '@sluice/shared';
import { loadAgentConfig, readStatus, saveCredentials, startAgent, type Agent, type Capability } from '../src/index.js';
import { DEVICE_ID, silentLog, tempDir, until } from './helpers.js';
import { ScriptedCollector } from './scripted-collector.js';

let collector: ScriptedCollector | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  await agent?.stop();
  await collector?.close();
  agent = undefined;
});

async function start(capabilities: Capability[]) {
  collector = await ScriptedCollector.start();
  collector.autoAck = true;
  const dataDir = tempDir();
  saveCredentials(dataDir, {
    deviceId: DEVICE_ID,
    deviceSecret: 'slc_dev_x',
    collectorUrl: collector.url,
    policyPublicKey: encodeKey(generatePolicyKeyPair().publicKey),
    evidenceSalt: 'ab'.repeat(32),
    enrolledAt: 0,
  });
  const config = loadAgentConfig({ dataDir, env: {} });
  agent = await startAgent({ config, agentVersion: 'test', log: silentLog, capabilities });
  return { dataDir };
}

describe('startAgent', () => {
  it('hosts capabilities: they record events, and one that cannot start is reported once while the rest runs', async () => {
    const stopped: string[] = [];
    const working: Capability = {
      name: 'working',
      start: (ctx) => {
        ctx.record('agent.test', { index: 0, count: 1, note: 'from a capability' });
      },
      stop: () => {
        stopped.push('working');
      },
    };
    const broken: Capability = {
      name: 'paste-guard',
      start: () => {
        throw Object.assign(new Error('no display'), { code: 'E_NO_DISPLAY' });
      },
      stop: () => {
        stopped.push('broken');
      },
    };
    const { dataDir } = await start([working, broken]);
    agent!.reportUnavailable('paste-guard', 'E_NO_DISPLAY', 'again');
    await until(() => collector!.batches().flatMap((b) => b.seqs).length >= 3, 5_000, 'events delivered');
    const types = collector!.frames
      .filter((f) => f.message.type === 'events')
      .flatMap((f) => f.message.events.map((e: { event: { type: string; payload: any } }) => e.event));
    expect(types.map((e: { type: string }) => e.type)).toEqual(['agent.started', 'agent.test', 'agent.error']);
    expect(types[2].payload).toEqual({ component: 'paste-guard', code: 'E_NO_DISPLAY', message: 'no display' });
    expect(readStatus(dataDir)?.unavailable).toEqual([{ component: 'paste-guard', code: 'E_NO_DISPLAY', reason: 'no display' }]);
    await agent!.stop('test over');
    agent = undefined;
    expect(stopped).toEqual(['working']);
  });

  it('refuses a second agent on the same data folder', async () => {
    const { dataDir } = await start([]);
    const config = loadAgentConfig({ dataDir, env: {} });
    await expect(startAgent({ config, agentVersion: 'test', log: silentLog })).rejects.toMatchObject({ code: 'E_AGENT_RUNNING' });
  });
});
