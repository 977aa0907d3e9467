import type { AgentStatusReport } from '@sluice/agent-core';

/** An agent status report of a connected, enrolled agent with policy 7, overridable per test. */
export const statusReport = (over: Partial<AgentStatusReport> = {}): AgentStatusReport => ({
  pid: 1,
  agentVersion: '0.1.0',
  deviceId: '0192f0c4-8c1e-4b7a-9d2e-3f4a5b6c7d8e',
  startedAt: 0,
  updatedAt: 0,
  connection: { state: 'connected', url: 'https://c', connectedAt: 1, lastAckAt: 1, lastAckSeq: 1, reconnects: 0, lastError: null, paused: false },
  outbox: { pending: 0, bytes: 0, droppedTotal: 0, oldestTime: null } as AgentStatusReport['outbox'],
  policy: { version: 7, id: 'engineering', mode: 'enforce' },
  unavailable: [],
  edm: [],
  ...over,
});
