import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { createNodePlatform, credentialsPath, enrollDevice } from '@sluice/agent-core';
import { DEFAULT_COLLECTOR_PORT } from '@sluice/collector';
import { requestJson } from '@sluice/shared-node';
import { SluiceError } from '@sluice/shared';
import { defineCommand, integerOption, stringOption, writeLine, type CommandIO } from '../command.js';
import { adminRequest } from '../admin-client.js';
import { untilSignal } from '../signals.js';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

function startChild(name: string, args: string[], io: CommandIO, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => writeLine(io.stderr, `[${name}] ${line}`));
  }
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited(child);
  clearTimeout(timer);
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new SluiceError('E_COLLECTOR_UNREACHABLE', `The collector exited with code ${child.exitCode}; see its output above.`);
    try {
      if ((await requestJson(`${url}/healthz`, { timeoutMs: 1_000 })).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new SluiceError('E_COLLECTOR_UNREACHABLE', `The collector did not answer at ${url} within ${timeoutMs / 1000}s.`);
}

/**
 * `npm start`: a collector and one agent enrolled to it, both as child processes with data under
 * ./data, so a newcomer sees the whole pipeline with one command. Ctrl-C stops both cleanly.
 */
export const dev = defineCommand({
  path: ['dev'],
  summary: 'Run a local collector and an agent enrolled to it (what `npm start` does).',
  usage: ['dev [--data DIR] [--port N]'],
  options: { data: { type: 'string' }, port: { type: 'string' } },
  async run(args, io) {
    const root = resolve(io.cwd, stringOption(args, 'data') ?? 'data');
    const port = integerOption(args, 'port', DEFAULT_COLLECTOR_PORT, 1, 65_535);
    const collectorDir = join(root, 'collector');
    const agentDir = join(root, 'agent');
    const url = `http://127.0.0.1:${port}`;
    const env = { ...io.env };
    const collector = startChild('collector', ['collector', 'start', '--data', collectorDir, '--port', String(port), '--host', '127.0.0.1'], io, env);
    let agent: ChildProcess | undefined;
    try {
      await waitHealthy(url, collector, 30_000);
      const adminToken = readFileSync(join(collectorDir, 'admin.token'), 'utf8').trim();
      const adminIo = { ...io, env: { ...io.env, SLUICE_ADMIN_TOKEN: adminToken } };
      if (!existsSync(credentialsPath(agentDir))) {
        const created = (await adminRequest(adminIo, url, '/v1/enrollment-tokens', { method: 'POST', body: { ttlHours: 1, maxUses: 1, note: 'npm start' } })) as { token: string };
        const credentials = await enrollDevice({ collectorUrl: url, token: created.token, dataDir: agentDir, platform: createNodePlatform() });
        writeLine(io.stdout, `Enrolled a local agent as device ${credentials.deviceId}.`);
      }
      agent = startChild('agent', ['agent', 'run', '--data', agentDir], io, env);
      writeLine(io.stdout, '');
      writeLine(io.stdout, `Sluice is running. Collector: ${url}   Data: ${root}`);
      writeLine(io.stdout, `Admin API token (also in ${join(collectorDir, 'admin.token')}):`);
      writeLine(io.stdout, `  export SLUICE_ADMIN_TOKEN=${adminToken}`);
      writeLine(io.stdout, 'Then, in another terminal:');
      writeLine(io.stdout, `  npx sluice agent test-event --data ${agentDir} --count 5`);
      writeLine(io.stdout, `  npx sluice events search --url ${url} --type agent.test`);
      writeLine(io.stdout, `  npx sluice devices list --url ${url}`);
      writeLine(io.stdout, 'Press Ctrl-C to stop both.');
      const first = await Promise.race([
        untilSignal().then((signal) => ({ signal })),
        exited(collector).then((code) => ({ child: 'collector', code })),
        exited(agent).then((code) => ({ child: 'agent', code })),
      ]);
      if ('child' in first) {
        writeLine(io.stderr, `The ${first.child} exited unexpectedly (code ${first.code}); stopping.`);
        return 1;
      }
      writeLine(io.stdout, 'Stopping the agent and the collector…');
      return 0;
    } finally {
      if (agent) await stopChild(agent);
      await stopChild(collector);
    }
  },
});
