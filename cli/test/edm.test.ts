import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectorConfig, startCollector, type RunningCollector } from '@sluice/collector';
import { runCommand, type CliRun } from './run-cli.js';

const CSV = 'Customer ID,E-mail,Notes\nCU-88213-X,ana.silva@example-corp.com,vip\nCU-10077-B,ben.okafor@example.org,\n';

let collector: RunningCollector;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-cli-edm-'));
  collector = await startCollector(loadCollectorConfig({ flags: { dataDir: join(dir, 'collector'), port: 0 }, env: { SLUICE_LOG_LEVEL: 'silent' } }));
  env = { SLUICE_ADMIN_TOKEN: collector.createdAdminToken!, SLUICE_URL: collector.url };
  writeFileSync(join(dir, 'customers.csv'), CSV);
});
afterAll(async () => {
  await collector.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(argv: string[], runEnv: NodeJS.ProcessEnv = env, input = ''): Promise<CliRun> {
  return runCommand(argv, { input, env: runEnv, cwd: dir });
}

describe('sluice edm', () => {
  it('uploads columns of a CSV file, lists the table without its values, and deletes it', async () => {
    const up = await run(['edm', 'upload', '--name', 'customers', '--columns', 'Customer ID:alnum,E-mail:email', 'customers.csv', '--json']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const change = JSON.parse(up.stdout);
    expect(change).toMatchObject({
      outcome: 'created',
      table: { name: 'customers', columns: [{ detector: 'edm-customers-customer-id', values: 2 }, { detector: 'edm-customers-e-mail', values: 2 }] },
      policies: [{ policyId: 'default', version: 2 }],
    });

    const again = await run(['edm', 'upload', '--name', 'customers', '--columns', 'Customer ID:alnum,E-mail:email', '-'], env, CSV);
    expect(again.stdout).toContain('Stored table customers');
    expect(again.stdout).toContain('(unchanged); no new policy version.');

    const listed = await run(['edm', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('edm-customers-e-mail (email, 2 values)');
    expect(listed.stdout).toContain(change.table.sha256.slice(0, 12));
    expect(listed.stdout).not.toContain('ana.silva');

    const deleted = await run(['edm', 'delete', 'customers']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/Deleted table customers \(deleted\); policy version\(s\) default v3/);
    expect((await run(['edm', 'list'])).stderr).toContain('0 table(s).');
  });

  it('answers wrong usage with exit code 2 and collector refusals with their code', async () => {
    expect((await run(['edm', 'upload', '--name', 'Customers', '--columns', 'E-mail:email', 'customers.csv'])).code).toBe(2);
    expect((await run(['edm', 'upload', '--name', 'customers', 'customers.csv'])).code).toBe(2);
    const missing = await run(['edm', 'upload', '--name', 'customers', '--columns', 'Phone:digits', 'customers.csv']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('No column "Phone"')]);
    const twice = await run(['edm', 'upload', '--name', 'customers', '--columns', 'E-mail:email,E mail:email', 'customers.csv']);
    expect(twice.code).toBe(2);
    const empty = await run(['edm', 'upload', '--name', 'customers', '--columns', 'Notes:digits', 'customers.csv']);
    expect([empty.code, empty.stderr]).toEqual([1, expect.stringContaining('E_EDM_TABLE_EMPTY')]);
    const unknown = await run(['edm', 'delete', 'nothing-here']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('E_NOT_FOUND')]);
    const noToken = await run(['edm', 'list'], { SLUICE_URL: collector.url });
    expect([noToken.code, noToken.stderr]).toEqual([1, expect.stringContaining('E_UNAUTHORIZED')]);
  });
});
