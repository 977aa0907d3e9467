import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sluice, until, writeJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';
import { makePki } from '../support/tls.js';

const EMAILS = ['ingrid.vasquez-7781@client-mail.example', 'tomasz.okafor-2290@client-mail.example'];
const ACCOUNTS = ['583920174466', '771046283915'];
const CSV = `Email,Account No,Segment\n${EMAILS[0]},${ACCOUNTS[0]},retail\n${EMAILS[1]},${ACCOUNTS[1]},private\n`;
const PASTED = `Hi, please chase the refund for ${EMAILS[1]} (account 7710 4628 3915).`;

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** Every file under a folder, read as bytes. */
function filesUnder(dir: string): { path: string; data: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, data: readFileSync(path) }];
  });
}

interface EdmStatus {
  name: string;
  sha256: string;
  state: string;
  code?: string;
  detectors: string[];
}

async function edmStatus(s: Stack): Promise<EdmStatus[]> {
  return ((await s.agentStatus()).edm ?? []) as EdmStatus[];
}

async function upload(s: Stack, name: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(join(s.root, `${name}.csv`), CSV);
  const result = await sluice(['edm', 'upload', '--url', s.url, '--name', name, '--columns', 'Email:email,Account No:digits', join(s.root, `${name}.csv`), '--json'], { ...s.adminEnv, ...env });
  if (result.code !== 0) throw new Error(`edm upload failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { table: { sha256: string; size: number }; policies: { version: number; pushedTo: number }[] };
}

describe('exact-data-match tables from the collector to running agents', () => {
  it('reaches a running agent over pinned HTTPS, is verified and cached, flags table values, and works offline after a restart', async () => {
    stack = await Stack.create();
    const pki = makePki(stack.root);
    const tls = { SLUICE_CA_FILE: pki.caCert };
    stack.scheme = 'https';
    await stack.startCollector({ SLUICE_TLS_CERT: pki.serverCert, SLUICE_TLS_KEY: pki.serverKey });
    await stack.enroll(['--ca', pki.caCert], tls);
    writeJson(join(stack.agentDir, 'agent.json'), { caFile: pki.caCert, reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 } });
    await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).policy?.version === 1, 15_000, 'initial policy applied');

    const uploaded = await upload(stack, 'customers', tls);
    expect(uploaded.policies).toEqual([expect.objectContaining({ policyId: 'default', version: 2, pushedTo: 1 })]);
    const { sha256, size } = uploaded.table;
    const [loaded] = await until(async () => {
      const edm = await edmStatus(stack!);
      return edm[0]?.state === 'loaded' ? edm : undefined;
    }, 15_000, 'index downloaded and verified');
    expect(loaded).toMatchObject({ name: 'customers', sha256, detectors: ['edm-customers-email', 'edm-customers-account-no'] });
    expect((await stack.agentStatus()).policy.version).toBe(2);

    // The agent keeps exactly the bytes the signed policy names, readable only by its user.
    const cached = join(stack.agentDir, 'edm', `${sha256}.json`);
    expect(statSync(cached).mode & 0o777).toBe(0o600);
    expect(statSync(cached).size).toBe(size);
    expect(createHash('sha256').update(readFileSync(cached)).digest('hex')).toBe(sha256);
    // A scan with the agent's index flags values of the table, and nothing else.
    writeFileSync(join(stack.root, 'pasted.txt'), `${PASTED}\nand someone.else@client-mail.example 583920174467`);
    const scan = await sluice(['dlp', 'scan', '--json', '--edm', cached, join(stack.root, 'pasted.txt')]);
    expect(scan.code).toBe(0);
    const edmFindings = scan.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { detector: string; start: number; end: number })
      .filter((f) => f.detector.startsWith('edm-'));
    expect(edmFindings.map((f) => f.detector).sort()).toEqual(['edm-customers-account-no', 'edm-customers-email']);

    // Offline: the collector is gone and the agent restarts with its cached index.
    await stack.agent!.kill('SIGTERM');
    await stack.collector!.kill('SIGTERM');
    await stack.startAgent();
    await until(async () => (await edmStatus(stack!))[0]?.state === 'loaded', 10_000, 'index loaded from the cache offline');
    expect((await stack.agentStatus()).connection.state).not.toBe('connected');

    // The values are nowhere on the collector (files, logs) nor on the agent.
    await stack.agent!.kill('SIGTERM');
    const collectorFiles = filesUnder(stack.collectorDir);
    expect(collectorFiles.some((f) => f.path.endsWith('collector.db'))).toBe(true);
    for (const value of [...EMAILS, ...ACCOUNTS]) {
      for (const file of [...collectorFiles, ...filesUnder(stack.agentDir)]) expect(file.data.includes(value), file.path).toBe(false);
      expect(stack.collector!.stdout + stack.collector!.stderr).not.toContain(value);
      expect(stack.agent!.stdout + stack.agent!.stderr).not.toContain(value);
    }
  });

  it('refuses a tampered index with a coded error, keeps working with the others, and drops deleted indexes from its cache', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    await stack.startAgent();
    await until(async () => (await stack!.agentStatus()).policy?.version === 1, 15_000, 'initial policy applied');
    const good = await upload(stack, 'customers');
    await until(async () => (await edmStatus(stack!))[0]?.state === 'loaded', 15_000, 'first index loaded');

    // While the agent is stopped, a second table is stored and its index edited in the database.
    await stack.agent!.kill('SIGTERM');
    const bad = await upload(stack, 'patients');
    expect(bad.policies[0]!.pushedTo).toBe(0);
    const db = new Database(join(stack.collectorDir, 'collector.db'));
    const row = db.prepare('SELECT content FROM edm_indexes WHERE name = ?').get('patients') as { content: Buffer };
    const tampered = Buffer.from(row.content.toString('utf8').replace(/"hashes":\["([0-9a-f])/, (_m, c: string) => `"hashes":["${c === '0' ? '1' : '0'}`));
    expect(tampered.length).toBe(row.content.length);
    db.prepare('UPDATE edm_indexes SET content = ? WHERE name = ?').run(tampered, 'patients');
    db.close();

    await stack.startAgent();
    const refused = await until(async () => {
      const errors = (await stack!.events({ type: 'agent.error' })).filter((e) => e.payload.component === 'edm');
      return errors.length > 0 ? errors : undefined;
    }, 15_000, 'refusal reported');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.payload.code).toBe('E_EDM_DIGEST');
    expect(refused[0]!.payload.message).toContain('patients');
    const edm = await until(async () => {
      const s = await edmStatus(stack!);
      return s.length === 2 && s.every((i) => i.state !== 'pending') ? s : undefined;
    }, 15_000, 'both indexes settled');
    expect(edm.map((i) => [i.name, i.state, i.code])).toEqual([
      ['customers', 'loaded', undefined],
      ['patients', 'failed', 'E_EDM_DIGEST'],
    ]);
    expect(existsSync(join(stack.agentDir, 'edm', `${bad.table.sha256}.json`))).toBe(false);

    // The agent keeps working: events flow, and the good index stays.
    await stack.queueTestEvents(3, 'after the refusal');
    await until(async () => (await stack!.events({ type: 'agent.test' })).length === 3, 15_000, 'events still delivered');
    expect(stack.agent!.running).toBe(true);

    // Deleting tables signs new policies; the agent drops their indexes from memory and disk.
    for (const name of ['patients', 'customers']) {
      const deleted = await sluice(['edm', 'delete', name, '--url', stack.url, '--json'], stack.adminEnv);
      expect(deleted.code).toBe(0);
    }
    await until(async () => (await edmStatus(stack!)).length === 0, 15_000, 'indexes dropped');
    await until(() => readdirSync(join(stack!.agentDir, 'edm')).length === 0, 5_000, 'cache emptied');
    expect(existsSync(join(stack.agentDir, 'edm', `${good.table.sha256}.json`))).toBe(false);
  });
});
