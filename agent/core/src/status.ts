import { join } from 'node:path';
import { readIfExists, writePrivateFile } from '@sluice/shared-node';
import type { ConnectionStats } from './connection.js';
import type { EdmIndexStatus } from './edm/edm-indexes.js';
import type { OutboxStats } from './outbox.js';

export const STATUS_FILE = 'status.json';

/** What a running agent publishes about itself for `sluice agent status` and the desktop shell. */
export interface AgentStatusReport {
  pid: number;
  agentVersion: string;
  deviceId: string;
  startedAt: number;
  updatedAt: number;
  connection: ConnectionStats;
  outbox: OutboxStats;
  policy: { version: number | null; id: string; mode: 'monitor' | 'enforce' };
  /** Capabilities that could not start, with the reason (for example no display). */
  unavailable: { component: string; code: string; reason: string }[];
  /** The exact-data-match indexes the policy names: loaded, pending, or failed with a code. */
  edm: EdmIndexStatus[];
}

export function writeStatus(dataDir: string, report: AgentStatusReport): void {
  writePrivateFile(join(dataDir, STATUS_FILE), `${JSON.stringify(report, null, 2)}\n`);
}

export function readStatus(dataDir: string): AgentStatusReport | undefined {
  const text = readIfExists(join(dataDir, STATUS_FILE));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as AgentStatusReport;
  } catch {
    return undefined;
  }
}
